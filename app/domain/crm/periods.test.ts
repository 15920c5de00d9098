import { describe, expect, it } from "vitest";
import { isInPeriod, periodEnd, periodStart } from "./periods";

describe("periodStart", () => {
  it("gives the first day of the month, calendar quarter or fiscal quarter", () => {
    expect(periodStart("2026-03-15", "month", 1)).toBe("2026-03-01");
    expect(periodStart("2026-03-15", "quarter", 2)).toBe("2026-01-01");
    expect(periodStart("2026-03-15", "fiscal-quarter", 2)).toBe("2026-02-01");
    expect(periodStart("2026-01-15", "fiscal-quarter", 2)).toBe("2025-11-01");
    expect(periodStart("2026-03-31", "fiscal-quarter", 4)).toBe("2026-01-01");
    expect(periodStart("2026-04-01", "fiscal-quarter", 4)).toBe("2026-04-01");
  });

  it("refuses a fiscal start that is no month", () => {
    expect(() => periodStart("2026-03-15", "quarter", 13)).toThrow("fiscalStartMonth must be a month number from 1 to 12, not 13");
    expect(() => periodStart("2026-03-15", "month", 0)).toThrow(RangeError);
    expect(() => periodStart("2026-03-15", "month", 1.5)).toThrow(RangeError);
  });
});

describe("periodEnd", () => {
  it("gives the last day of the period", () => {
    expect(periodEnd("2026-02-10", "quarter", 1)).toBe("2026-03-31");
    expect(periodEnd("2028-02-10", "month", 1)).toBe("2028-02-29");
    expect(periodEnd("2026-01-15", "fiscal-quarter", 2)).toBe("2026-01-31");
    expect(periodEnd("2026-12-01", "quarter", 1)).toBe("2026-12-31");
  });
});

describe("isInPeriod", () => {
  it("compares a date with a period's first day", () => {
    expect(isInPeriod("2026-03-31", "2026-01-01", "quarter", 1)).toBe(true);
    expect(isInPeriod("2026-04-01", "2026-01-01", "quarter", 1)).toBe(false);
  });
});
