import { describe, expect, it } from "vitest";
import { inEnglish } from "~/i18n/in-english.server";
import { detectDecimalSeparator, parseAmount } from "./amount";

const amount = (text: string, opts?: Parameters<typeof parseAmount>[1]) => {
  const result = parseAmount(text, opts);
  return result.ok ? result.value : inEnglish(result.reason);
};

describe("parseAmount", () => {
  it("reads US amounts with symbols, codes and thousands separators", () => {
    expect(amount("$12,500.00")).toEqual({ amount: 12500, currency: "USD" });
    expect(amount("10,000")).toEqual({ amount: 10000, currency: null });
    expect(amount("USD 1,000")).toEqual({ amount: 1000, currency: "USD" });
    expect(amount("1,000.25 gbp")).toEqual({ amount: 1000.25, currency: "GBP" });
    expect(amount("£99")).toEqual({ amount: 99, currency: "GBP" });
    expect(amount("¥1,500,000")).toEqual({ amount: 1500000, currency: "JPY" });
    expect(amount("US$ 5")).toEqual({ amount: 5, currency: "USD" });
    expect(amount("1.25E+05")).toEqual({ amount: 125000, currency: null });
  });

  it("reads negatives in parentheses or with a minus on either side", () => {
    expect(amount("(1,200.50)")).toEqual({ amount: -1200.5, currency: null });
    expect(amount("($1,200.50)")).toEqual({ amount: -1200.5, currency: "USD" });
    expect(amount("-$1,200")).toEqual({ amount: -1200, currency: "USD" });
    expect(amount("$-1,200")).toEqual({ amount: -1200, currency: "USD" });
    expect(amount("1,200-")).toEqual({ amount: -1200, currency: null });
  });

  it("reads European amounts", () => {
    expect(amount("€9.001,50")).toEqual({ amount: 9001.5, currency: "EUR" });
    expect(amount("9.001,50 €")).toEqual({ amount: 9001.5, currency: "EUR" });
    expect(amount("1 234,56")).toEqual({ amount: 1234.56, currency: null });
    expect(amount("1\u00A0234,56 EUR")).toEqual({ amount: 1234.56, currency: "EUR" });
    expect(amount("1'234.50")).toEqual({ amount: 1234.5, currency: null });
  });

  it("reads an ambiguous 1.000 with the column's decimal separator, US style without one", () => {
    expect(amount("1.000")).toEqual({ amount: 1, currency: null });
    expect(amount("1.000", { decimal: "," })).toEqual({ amount: 1000, currency: null });
    expect(amount("10,000", { decimal: "," })).toEqual({ amount: 10, currency: null });
    expect(amount("10,000", { decimal: "." })).toEqual({ amount: 10000, currency: null });
  });

  it("refuses a number that does not fit the column's decimal separator", () => {
    expect(amount("$12,500.00", { decimal: "," })).toBe('is not an amount (this column uses "," for decimals and "." between thousands)');
    expect(amount("1.000.000", { decimal: "." })).toBe('is not an amount (this column uses "." for decimals and "," between thousands)');
    expect(amount("12,5,00", { decimal: "." })).toBe('is not an amount (this column uses "." for decimals and "," between thousands)');
    expect(amount("10,00", { decimal: "." })).toBe('is not an amount (this column uses "." for decimals and "," between thousands)');
  });

  it("accepts thousands in groups of three, or the Indian grouping", () => {
    expect(amount("1,00,000.00", { decimal: "." })).toEqual({ amount: 100000, currency: null });
    expect(amount("12.345.678,9", { decimal: "," })).toEqual({ amount: 12345678.9, currency: null });
    expect(amount("10,00")).toEqual({ amount: 10, currency: null });
  });

  it("maps symbols with the organisation's overrides", () => {
    expect(amount("$12", { currencyForSymbol: { $: "CAD" } })).toEqual({ amount: 12, currency: "CAD" });
  });

  it("refuses amounts of 10^15 or more, which the database's numeric(18, 2) could not always hold (found by fuzzing)", () => {
    expect(amount("999999999999999")).toEqual({ amount: 999999999999999, currency: null });
    expect(amount("-$999,999,999,999.99")).toEqual({ amount: -999999999999.99, currency: "USD" });
    for (const text of ["1000000000000000", "1e20", "-1e20", "$99,999,999,999,999,999", "99999999999999999999", "1e308"]) {
      expect(amount(text)).toBe("is not an amount a deal can have (it is 1,000,000,000,000,000 or more)");
    }
  });

  it("is null for an empty cell and a reason for anything else", () => {
    expect(amount("  ")).toEqual({ amount: null, currency: null });
    expect(amount("abc")).toBe("is not an amount");
    expect(amount("12 apples")).toBe("is not an amount");
    expect(amount("1,,000")).toBe("is not an amount");
    expect(amount("(-5)")).toBe("is not an amount");
    expect(amount("(5")).toBe("is not an amount");
    expect(amount("EUR 5 USD")).toBe("is not an amount (it names two currencies)");
  });
});

describe("detectDecimalSeparator", () => {
  it("decides from the values that can only be read one way", () => {
    expect(detectDecimalSeparator(["1.000", "9.001,50"])).toBe(",");
    expect(detectDecimalSeparator(["1.000.000", ""])).toBe(",");
    expect(detectDecimalSeparator(["$1,000", "$12.5"])).toBe(".");
    expect(detectDecimalSeparator(["1,000,000"])).toBe(".");
    expect(detectDecimalSeparator(["€ 12,50"])).toBe(",");
  });

  it("says ambiguous when no value decides, and conflicting when values disagree", () => {
    expect(detectDecimalSeparator(["1,000", "25,000", "7"])).toBe("ambiguous");
    expect(detectDecimalSeparator([])).toBe("ambiguous");
    expect(detectDecimalSeparator(["1,5", "12.5"])).toBe("conflicting");
  });
});

describe("parseAmount: what Excel and other locales write", () => {
  it("reads rupees and other currency signs, and Excel's accounting zero (a dash with its padding)", () => {
    expect(amount("₹ 2,499.00")).toEqual({ amount: 2499, currency: "INR" });
    expect(amount("₩1,000")).toEqual({ amount: 1000, currency: "KRW" });
    expect(amount(" $-   ")).toEqual({ amount: 0, currency: "USD" });
    expect(amount("-   €")).toEqual({ amount: 0, currency: "EUR" });
    expect(amount(" -   ")).toEqual({ amount: 0, currency: null });
    expect(amount("$-€")).toBe("is not an amount");
    expect(amount("--")).toBe("is not an amount");
  });
});
