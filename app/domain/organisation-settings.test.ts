import { describe, expect, it } from "vitest";
import { dateInZone, OrganisationSettingsSchema } from "./organisation-settings";
import { said } from "~/i18n/said";

const valid = { name: "Acme", minGroupSize: "5", minCommentGroupSize: "7", fiscalYearStartMonth: "2", timezone: "Europe/Berlin" };

describe("organisation settings", () => {
  it("accepts valid settings and coerces form strings", () => {
    expect(OrganisationSettingsSchema.parse(valid)).toEqual({ ...valid, minGroupSize: 5, minCommentGroupSize: 7, fiscalYearStartMonth: 2 });
  });

  it("never lets the reporting minimum go below 3, or comments below it", () => {
    const low = OrganisationSettingsSchema.safeParse({ ...valid, minGroupSize: "2" });
    expect(low.success).toBe(false);
    expect(low.error!.issues[0]).toMatchObject({ path: ["minGroupSize"], message: said("adminSettings.groupFloor", { floor: 3 }) });
    const comments = OrganisationSettingsSchema.safeParse({ ...valid, minGroupSize: "6", minCommentGroupSize: "5" });
    expect(comments.error!.issues[0]).toMatchObject({ path: ["minCommentGroupSize"] });
  });

  it("takes a recent join window of 0 to 90 whole days, keeps it out when left out, and refuses an empty field", () => {
    expect(OrganisationSettingsSchema.parse({ ...valid, recentJoinDays: "0" }).recentJoinDays).toBe(0);
    expect(OrganisationSettingsSchema.parse({ ...valid, recentJoinDays: 90 }).recentJoinDays).toBe(90);
    expect(OrganisationSettingsSchema.parse(valid).recentJoinDays).toBeUndefined();
    for (const bad of ["91", "-1", "1.5", "", "  ", "soon"]) {
      const result = OrganisationSettingsSchema.safeParse({ ...valid, recentJoinDays: bad });
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0]!.path, bad).toEqual(["recentJoinDays"]);
    }
  });

  it("rejects unknown time zones", () => {
    expect(OrganisationSettingsSchema.safeParse({ ...valid, timezone: "Mars/Olympus" }).success).toBe(false);
  });

  it("finds the calendar date in a time zone", () => {
    const instant = new Date("2026-03-01T02:30:00Z");
    expect(dateInZone(instant, "UTC")).toBe("2026-03-01");
    expect(dateInZone(instant, "America/New_York")).toBe("2026-02-28");
    expect(dateInZone(instant, "Asia/Tokyo")).toBe("2026-03-01");
  });
});
