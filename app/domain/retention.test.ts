import { describe, expect, it } from "vitest";
import { RetentionMonthsSchema, retentionChangeDeletes, retentionCutoff } from "./retention";

describe("retention", () => {
  it("counts calendar months back, clamping the day to the month's end", () => {
    expect(retentionCutoff(new Date("2026-05-31T10:00:00Z"), 3).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(retentionCutoff(new Date("2024-05-31T10:00:00Z"), 3).toISOString()).toBe("2024-02-29T10:00:00.000Z");
    expect(retentionCutoff(new Date("2026-01-15T00:00:00Z"), 12).toISOString()).toBe("2025-01-15T00:00:00.000Z");
    expect(retentionCutoff(new Date("2026-03-10T23:59:59.999Z"), 120).toISOString()).toBe("2016-03-10T23:59:59.999Z");
  });

  it("reads the setting: off, or a whole number of months from 3 to 120", () => {
    expect(RetentionMonthsSchema.parse("off")).toBeNull();
    expect(RetentionMonthsSchema.parse("")).toBeNull();
    expect(RetentionMonthsSchema.parse("12")).toBe(12);
    expect(RetentionMonthsSchema.parse(3)).toBe(3);
    for (const bad of ["2", "121", "1.5", "twelve", "-6", "1e3"]) expect(RetentionMonthsSchema.safeParse(bad).success, bad).toBe(false);
  });

  it("asks for confirmation when a change can delete: turning it on or shortening it", () => {
    expect(retentionChangeDeletes(null, 12)).toBe(true);
    expect(retentionChangeDeletes(24, 12)).toBe(true);
    expect(retentionChangeDeletes(12, 24)).toBe(false);
    expect(retentionChangeDeletes(12, null)).toBe(false);
    expect(retentionChangeDeletes(12, 12)).toBe(false);
  });
});
