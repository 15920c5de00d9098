import { describe, expect, it } from "vitest";
import { addMonths, quarterStart, startOfDayInZone, weekStart } from "./calendar";
import { duePeriod, periodStarts, validReminderDays } from "./schedule";

describe("calendar", () => {
  it("adds months clamping to short months, finds weeks and fiscal quarters", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-01-31", 2, 31)).toBe("2026-03-31");
    expect(weekStart("2026-11-26")).toBe("2026-11-23");
    expect(weekStart("2026-11-23")).toBe("2026-11-23");
    expect(weekStart("2026-11-22")).toBe("2026-11-16");
    expect(quarterStart("2026-11-26")).toBe("2026-10-01");
    expect(quarterStart("2026-11-26", 2)).toBe("2026-11-01");
    expect(quarterStart("2026-01-15", 2)).toBe("2025-11-01");
    expect(quarterStart("2026-01-15", 4)).toBe("2026-01-01");
  });

  it("finds midnight in a time zone, across daylight saving", () => {
    expect(startOfDayInZone("2026-07-01", "Europe/Berlin").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(startOfDayInZone("2026-01-01", "Europe/Berlin").toISOString()).toBe("2025-12-31T23:00:00.000Z");
    expect(startOfDayInZone("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayInZone("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfDayInZone("2026-05-05", "UTC").toISOString()).toBe("2026-05-05T00:00:00.000Z");
  });
});

describe("pulse schedule", () => {
  it("lists period starts for each cadence", () => {
    expect(periodStarts({ cadence: "weekly", startsOn: "2026-01-05", openDays: 5 }, 1, "2026-01-26")).toEqual(["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"]);
    expect(periodStarts({ cadence: "biweekly", startsOn: "2026-01-05", openDays: 5 }, 1, "2026-02-01")).toEqual(["2026-01-05", "2026-01-19"]);
    expect(periodStarts({ cadence: "monthly", startsOn: "2026-01-31", openDays: 5 }, 1, "2026-04-30")).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
    // Fiscal year from February: quarters start Feb, May, Aug, Nov.
    expect(periodStarts({ cadence: "quarterly", startsOn: "2026-03-10", openDays: 14 }, 2, "2027-02-01")).toEqual(["2026-05-01", "2026-08-01", "2026-11-01", "2027-02-01"]);
    expect(periodStarts({ cadence: "once", startsOn: "2026-03-10", openDays: 14 }, 1, "2027-01-01")).toEqual(["2026-03-10"]);
    expect(periodStarts({ cadence: "weekly", startsOn: "2026-03-10", openDays: 3 }, 1, "2026-03-09")).toEqual([]);
  });

  it("says which wave is due today, and none between windows", () => {
    const rule = { cadence: "monthly" as const, startsOn: "2026-01-15", openDays: 10 };
    expect(duePeriod(rule, 1, "2026-03-15")).toEqual({ periodStart: "2026-03-15", closesOn: "2026-03-25" });
    expect(duePeriod(rule, 1, "2026-03-24")).toEqual({ periodStart: "2026-03-15", closesOn: "2026-03-25" });
    expect(duePeriod(rule, 1, "2026-03-25")).toBeNull();
    expect(duePeriod(rule, 1, "2026-01-14")).toBeNull();
  });

  it("keeps reminder days inside the window", () => {
    expect(validReminderDays([3, 1, 3, 10, 0, 7], 10)).toEqual([1, 3, 7]);
  });
});
