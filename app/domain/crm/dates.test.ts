import { describe, expect, it } from "vitest";
import { inEnglish } from "~/i18n/in-english.server";
import { daysInMonth, detectDateOrder, expandTwoDigitYear, parseDate } from "./dates";
import type { DateOrder } from "./opportunity";

const date = (text: string, order: DateOrder) => {
  const result = parseDate(text, order);
  return result.ok ? result.value : inEnglish(result.reason);
};

describe("parseDate", () => {
  it("reads ISO dates, with or without a time, as written", () => {
    expect(date("2026-03-01", "dmy")).toBe("2026-03-01");
    expect(date("2026-03-01 14:30", "mdy")).toBe("2026-03-01");
    expect(date("2026-03-01T23:30:00.000Z", "mdy")).toBe("2026-03-01");
    expect(date("2026-3-1", "mdy")).toBe("2026-03-01");
  });

  it("reads numeric dates in the column's order", () => {
    expect(date("3/1/2026", "mdy")).toBe("2026-03-01");
    expect(date("1/3/2026", "dmy")).toBe("2026-03-01");
    expect(date("3/1/2026 2:30 PM", "mdy")).toBe("2026-03-01");
    expect(date("12/31/2026 11:59:59 pm", "mdy")).toBe("2026-12-31");
    expect(date("31-12-2026", "dmy")).toBe("2026-12-31");
  });

  it("reads dotted dates day first whatever the order", () => {
    expect(date("01.03.2026", "dmy")).toBe("2026-03-01");
    expect(date("01.03.2026", "mdy")).toBe("2026-03-01");
  });

  it("expands two-digit years around 70", () => {
    expect(date("3/1/26", "mdy")).toBe("2026-03-01");
    expect(date("3/1/69", "mdy")).toBe("2069-03-01");
    expect(date("3/1/70", "mdy")).toBe("1970-03-01");
    expect(expandTwoDigitYear(99)).toBe(1999);
  });

  it("reads English month names", () => {
    expect(date("1-Mar-2026", "mdy")).toBe("2026-03-01");
    expect(date("01-Mar-26", "mdy")).toBe("2026-03-01");
    expect(date("Mar 1, 2026", "dmy")).toBe("2026-03-01");
    expect(date("1 September 2026", "mdy")).toBe("2026-09-01");
  });

  it("tells a non-date from a date that does not exist", () => {
    expect(date("2/30/2026", "mdy")).toBe("is not a real date");
    expect(date("2/29/2027", "mdy")).toBe("is not a real date");
    expect(date("2/29/2028", "mdy")).toBe("2028-02-29");
    expect(date("13/1/2026", "mdy")).toBe("is not a real date");
    expect(date("2026-13-01", "mdy")).toBe("is not a real date");
    expect(date("next week", "mdy")).toBe("is not a date");
    expect(date("3/1/2026 13:30 PM", "mdy")).toBe("is not a date");
    expect(date("1-Foo-2026", "mdy")).toBe("is not a date");
  });

  it("refuses year 0, which does not exist and which the database refuses (found by fuzzing)", () => {
    expect(date("0000-01-01", "mdy")).toBe("is not a real date");
    expect(date("1/1/0000", "mdy")).toBe("is not a real date");
    expect(date("0001-01-01", "mdy")).toBe("0001-01-01");
  });

  it("is null for an empty cell", () => {
    expect(date(" ", "mdy")).toBeNull();
  });
});

describe("daysInMonth", () => {
  it("knows leap years", () => {
    expect([daysInMonth(2024, 2), daysInMonth(2100, 2), daysInMonth(2000, 2), daysInMonth(2026, 4)]).toEqual([29, 28, 29, 30]);
  });
});

describe("detectDateOrder", () => {
  it("decides from a part over 12", () => {
    expect(detectDateOrder(["3/1/2026", "3/15/2026"])).toBe("mdy");
    expect(detectDateOrder(["3/1/2026", "15/3/2026", ""])).toBe("dmy");
  });

  it("reports conflicting evidence", () => {
    expect(detectDateOrder(["3/15/2026", "15/3/2026"])).toBe("conflicting");
  });

  it("is ambiguous when every part is 12 or less", () => {
    expect(detectDateOrder(["3/1/2026", "12/11/2026 2:30 PM"])).toBe("ambiguous");
  });

  it("is iso when no value needs an order", () => {
    expect(detectDateOrder(["2026-03-01", "01.03.2026", "Mar 1, 2026"])).toBe("iso");
    expect(detectDateOrder([])).toBe("iso");
  });
});
