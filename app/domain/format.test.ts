import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatCountOf,
  formatDate,
  formatLastDay,
  formatDays,
  formatInterval,
  formatMoney,
  formatNumber,
  formatP,
  formatPercent,
  formatPercentPoints,
  formatScore,
  formatScoreChange,
  formatSigned,
  formatStatistic,
} from "./format";

describe("one number style", () => {
  it("writes negatives with a true minus sign, never a hyphen", () => {
    expect(formatNumber(-0.44)).toBe("−0.44");
    expect(formatNumber(-0.44).charCodeAt(0)).toBe(0x2212);
    expect(formatStatistic(-0.4149)).toBe("−0.41");
    expect(formatScoreChange(-1)).toBe("−1.0");
    expect(formatPercent(-0.12)).toBe("−12%");
    expect(formatCount(-3)).toBe("−3");
    expect(formatMoney(-300, "EUR")).toBe("−€300");
    for (const text of [formatNumber(-2.5), formatSigned(-0.2), formatScore(-1), formatPercentPoints(-0.05)]) expect(text).not.toContain("-");
  });

  it("gives zero, and what rounds to zero, no sign", () => {
    expect(formatNumber(0)).toBe("0.00");
    expect(formatNumber(-0.001)).toBe("0.00");
    expect(formatNumber(-0)).toBe("0.00");
    expect(formatSigned(0)).toBe("0.00");
    expect(formatSigned(-0.004)).toBe("0.00");
    expect(formatScoreChange(0.04)).toBe("0.0");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercentPoints(-0.001)).toBe("0 points");
    expect(formatCount(-0.2)).toBe("0");
  });

  it("shows a missing number as a dash", () => {
    for (const format of [formatNumber, formatSigned, formatScore, formatScoreChange, formatStatistic, formatP, formatPercent, formatPercentPoints, formatCount, formatDays]) {
      expect(format(null)).toBe("—");
      expect(format(undefined)).toBe("—");
      expect(format(Number.NaN)).toBe("—");
    }
    expect(formatMoney(null, "USD")).toBe("—");
    expect(formatInterval(null, 5)).toBe("—");
    expect(formatDate(null)).toBe("—");
  });

  it("keeps scores and gaps at one decimal, statistics at two, p at three", () => {
    expect(formatScore(5.06)).toBe("5.1");
    expect(formatScore(4)).toBe("4.0");
    expect(formatScoreChange(0.95)).toBe("+0.9");
    expect(formatScoreChange(1.04)).toBe("+1.0");
    expect(formatInterval(4.83, 5.29)).toBe("4.8 to 5.3");
    expect(formatInterval(-0.31, 0.12, formatScoreChange)).toBe("−0.3 to +0.1");
    expect(formatStatistic(0.5)).toBe("0.50");
    expect(formatSigned(0.44)).toBe("+0.44");
    expect(formatP(0.0004)).toBe("< 0.001");
    expect(formatP(0.0321)).toBe("0.032");
  });

  it("writes shares, counts, days and money in whole units", () => {
    expect(formatPercent(0.416)).toBe("42%");
    expect(formatPercent(0.4172, 1)).toBe("41.7%");
    expect(formatPercentPoints(0.04)).toBe("+4 points");
    expect(formatPercentPoints(0.01)).toBe("+1 point");
    expect(formatPercentPoints(-0.031)).toBe("−3 points");
    expect(formatCount(1250)).toBe("1,250");
    expect(formatCount(1_000_000)).toBe("1,000,000");
    expect(formatCountOf(1, "valid row")).toBe("1 valid row");
    expect(formatCountOf(2, "valid row")).toBe("2 valid rows");
    expect(formatCountOf(0, "person", "people")).toBe("0 people");
    expect([0, 50, 100].map(formatDays)).toEqual(["0 days", "50 days", "100 days"]);
    expect(formatDays(1)).toBe("1 day");
    expect(formatDays(49.6)).toBe("50 days");
    expect(formatMoney(12500, "USD")).toBe("$12,500");
  });
});

describe("one date style", () => {
  it("writes a calendar date as day, short month and year", () => {
    expect(formatDate("2026-12-06")).toBe("6 Dec 2026");
    expect(formatDate("2026-01-31")).toBe("31 Jan 2026");
    expect(formatDate("2026-09-14T23:30:00.000Z")).toBe("14 Sep 2026");
    expect(formatDate(new Date("2026-03-01T00:00:00Z"))).toBe("1 Mar 2026");
  });

  it("writes the last day of something open until an instant: the day before it", () => {
    expect(formatLastDay("2026-12-14T00:00:00.000Z")).toBe("13 Dec 2026");
    expect(formatLastDay(new Date("2027-01-01T00:00:00Z"))).toBe("31 Dec 2026");
    expect(formatLastDay("2026-12-14T09:30:00.000Z")).toBe("14 Dec 2026");
    expect(formatLastDay("nonsense")).toBe("—");
  });

  it("leaves what is not a date as it is", () => {
    expect(formatDate("Q3 2026")).toBe("Q3 2026");
    expect(formatDate(new Date("nonsense"))).toBe("—");
  });
});
