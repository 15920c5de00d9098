/** Amounts as CRM exports write them: "$12,500.00", "(1,200.50)", "€9.001,50", "1 234,56", "USD 1,000". */
import type { DecimalSeparator, ParseResult } from "./opportunity";
import { said } from "~/i18n/said";

/**
 * The currency each symbol stands for. "$" and "¥" are shared by several currencies; US dollars and yen
 * are the readings a CRM export most often means, and `currencyForSymbol` overrides them (a Canadian
 * organisation maps "$" to "CAD").
 */
export const DEFAULT_CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  US$: "USD",
  CA$: "CAD",
  C$: "CAD",
  AU$: "AUD",
  A$: "AUD",
  NZ$: "NZD",
  HK$: "HKD",
  S$: "SGD",
  R$: "BRL",
  $: "USD",
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  "₹": "INR",
  "₩": "KRW",
  "₽": "RUB",
  "₺": "TRY",
  "₪": "ILS",
  "₱": "PHP",
  "₫": "VND",
  "฿": "THB",
};

export interface AmountOptions {
  /** The decimal separator decided for the whole column; without it each value is read on its own. */
  decimal?: DecimalSeparator;
  /** Symbol → ISO code, merged over DEFAULT_CURRENCY_SYMBOLS. */
  currencyForSymbol?: Record<string, string>;
}

export interface ParsedAmount {
  /** Null for an empty cell. */
  amount: number | null;
  /** Upper-case ISO code from a code or symbol in the text, or null when the text names none. */
  currency: string | null;
}

const NOT_AN_AMOUNT = said("crm.problem.notAmount");
/**
 * Amounts are stored as numeric(18, 2), which holds less than 10^16; no deal comes near 10^15, so a larger
 * number is a wrong column or a typing error (and would otherwise fail the whole import in the database).
 */
export const MAX_AMOUNT = 1e15;
const SPACES = /[\s\u00A0\u202F\u2009]+/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const PLAIN_INTEGER = /^-?\d{1,15}$/;
const PLAIN_DECIMAL = /^-?\d{1,15}\.\d{1,6}$/;
const GROUPING = {
  ",": { western: /^\d{1,3}(,\d{3})+$/, indian: /^\d{1,2}(,\d{2})*,\d{3}$/ },
  ".": { western: /^\d{1,3}(\.\d{3})+$/, indian: /^\d{1,2}(\.\d{2})*\.\d{3}$/ },
} as const;

const shapes = new Map<string, RegExp>();
let defaultShape: RegExp | undefined;
const zeroShapes = new Map<string, RegExp>();

/**
 * Excel's accounting format writes zero as a dash, with the currency around it and padding: " $-   ",
 * "-   €", " -   ". The shape of that, for a set of symbols.
 */
function accountingZeroShape(symbols: Record<string, string>): RegExp {
  const keys = Object.keys(symbols).sort((a, b) => b.length - a.length);
  const cacheKey = keys.join("\u0000");
  let shape = zeroShapes.get(cacheKey);
  if (!shape) {
    const currency = `(${keys.map(escapeRegExp).join("|")}|[A-Za-z]{3})`;
    shape = new RegExp(`^${currency}? ?[-−] ?${currency}?$`);
    zeroShapes.set(cacheKey, shape);
  }
  return shape;
}

/**
 * The shape of an amount: optional accounting parentheses around an optional sign, an optional currency
 * (symbol or three-letter code) on either side, and the number (digits with separators, or scientific).
 */
function amountShape(symbols: Record<string, string>): RegExp {
  const keys = Object.keys(symbols).sort((a, b) => b.length - a.length);
  const cacheKey = keys.join("\u0000");
  let shape = shapes.get(cacheKey);
  if (!shape) {
    // Longest symbols first, so that "US$" is not read as "US" and "$".
    const currency = `(${keys.map(escapeRegExp).join("|")}|[A-Za-z]{3})`;
    const number = "(\\d+(?:\\.\\d+)?[eE][+-]?\\d+|[\\d.,' ]*\\d[\\d.,' ]*)";
    shape = new RegExp(`^(\\()? ?([-−+])? ?${currency}? ?([-−])? ?${number} ?${currency}? ?([-−])? ?(\\))?$`);
    shapes.set(cacheKey, shape);
  }
  return shape;
}

/**
 * What a single number says about its decimal separator on its own: "." or "," when only one reading
 * makes sense, "ambiguous" when one separator is followed by exactly three digits ("1.000", "10,000"),
 * null when it has no separator at all.
 */
function decimalEvidence(number: string): DecimalSeparator | "ambiguous" | null {
  const separators = number.replace(/[^.,]/g, "");
  const last = separators[separators.length - 1] as DecimalSeparator | undefined;
  if (last === undefined) return null;
  if (separators.includes(".") && separators.includes(",")) return last;
  if (separators.length > 1) return last === "." ? "," : "."; // repeated, so grouping: "1,000,000"
  const decimals = number.length - number.lastIndexOf(last) - 1;
  return decimals === 3 ? "ambiguous" : last;
}

/**
 * Reads digits and separators with a known decimal separator, or null when they do not fit it. Thousands
 * separators must sit between groups of three digits ("12,500"), or of two then three in the Indian style
 * ("1,00,000").
 */
function toNumber(number: string, decimal: DecimalSeparator): number | null {
  const grouping = decimal === "." ? "," : ".";
  const decimalAt = number.indexOf(decimal);
  if (decimalAt !== number.lastIndexOf(decimal)) return null;
  const integer = decimalAt >= 0 ? number.slice(0, decimalAt) : number;
  const fraction = decimalAt >= 0 ? number.slice(decimalAt + 1) : "";
  if (!/^\d*$/.test(fraction)) return null;
  if (integer.includes(grouping)) {
    const { western, indian } = GROUPING[grouping];
    if (!western.test(integer) && !indian.test(integer)) return null;
  }
  const plain = number.split(grouping).join("").replace(decimal, ".");
  return /^(\d+(\.\d*)?|\.\d+)$/.test(plain) ? Number(plain) : null;
}

/**
 * Parses an amount cell: currency symbols ($ € £ ¥, "US$", …) and ISO codes before or after the number,
 * thousands separators (",", ".", spaces, apostrophes), a minus before or after, or accounting
 * parentheses for negatives, and Excel's scientific notation. With `decimal` the separator is the one
 * decided for the column (see `detectDecimalSeparator`) and a number that does not fit it is refused;
 * without it each value is read on its own and an ambiguous "1.000" or "10,000" is read with "." as the
 * decimal separator (US style). Empty text is a null amount; MAX_AMOUNT or more is refused.
 *
 * @example parseAmount("(1,200.50)") // { ok: true, value: { amount: -1200.5, currency: null } }
 * @example parseAmount("€9.001,50") // { ok: true, value: { amount: 9001.5, currency: "EUR" } }
 * @example parseAmount(" $-   ") // { ok: true, value: { amount: 0, currency: "USD" } } (Excel's accounting zero)
 */
export function parseAmount(text: string, opts: AmountOptions = {}): ParseResult<ParsedAmount> {
  // The common case of a CRM export, read without the general pattern: "12500" or "12500.5".
  if (PLAIN_INTEGER.test(text) || (opts.decimal !== "," && PLAIN_DECIMAL.test(text))) {
    return { ok: true, value: { amount: Number(text), currency: null } };
  }
  const trimmed = text.replace(SPACES, " ").trim();
  if (trimmed === "") return { ok: true, value: { amount: null, currency: null } };
  const symbols = opts.currencyForSymbol ? { ...DEFAULT_CURRENCY_SYMBOLS, ...opts.currencyForSymbol } : DEFAULT_CURRENCY_SYMBOLS;
  const match = (symbols === DEFAULT_CURRENCY_SYMBOLS ? (defaultShape ??= amountShape(symbols)) : amountShape(symbols)).exec(trimmed);
  if (!match) {
    const zero = accountingZeroShape(symbols).exec(trimmed);
    if (!zero || (zero[1] !== undefined && zero[2] !== undefined)) return { ok: false, reason: NOT_AN_AMOUNT };
    const code = zero[1] ?? zero[2];
    return { ok: true, value: { amount: 0, currency: code === undefined ? null : (symbols[code] ?? code.toUpperCase()) } };
  }
  const [, open, sign, before, innerMinus, number, after, trailingMinus, close] = match;
  const minuses = [sign, innerMinus, trailingMinus].filter((s) => s !== undefined && s !== "+").length;
  if (Boolean(open) !== Boolean(close) || minuses + (open ? 1 : 0) > 1 || (sign && innerMinus)) {
    return { ok: false, reason: NOT_AN_AMOUNT };
  }
  const codes = [before, after].filter((c): c is string => c !== undefined).map((c) => symbols[c] ?? c.toUpperCase());
  if (codes.length === 2 && codes[0] !== codes[1]) return { ok: false, reason: said("crm.problem.twoCurrencies") };
  const digits = number!.replace(/[' ]/g, "");
  let value: number | null;
  if (/e/i.test(digits)) {
    value = opts.decimal === "," ? null : Number(digits);
  } else {
    const decimal = opts.decimal ?? (decimalEvidence(digits) === "," ? "," : ".");
    value = toNumber(digits, decimal);
    if (value === null && opts.decimal) {
      return { ok: false, reason: said(decimal === "." ? "crm.problem.decimalPoint" : "crm.problem.decimalComma") };
    }
  }
  if (value === null || !Number.isFinite(value)) return { ok: false, reason: NOT_AN_AMOUNT };
  if (value >= MAX_AMOUNT) return { ok: false, reason: said("crm.problem.tooLarge", { max: MAX_AMOUNT }) };
  const negative = open !== undefined || minuses > 0;
  return { ok: true, value: { amount: negative && value !== 0 ? -value : value, currency: codes[0] ?? null } };
}

/**
 * Decides the decimal separator of a whole amount column from its values: a value with both separators
 * has its decimals after the last one ("9.001,50"), a separator that repeats is a thousands separator
 * ("1.000.000"), and a single separator followed by one, two or four-plus digits is a decimal separator
 * ("12,5"). Values like "1.000" or "10,000" say nothing. Returns "ambiguous" when no value decides (ask
 * the user, or take the organisation's locale) and "conflicting" when values point both ways.
 *
 * @example detectDecimalSeparator(["1.000", "9.001,50"]) // ","
 */
export function detectDecimalSeparator(samples: readonly string[]): DecimalSeparator | "ambiguous" | "conflicting" {
  const seen = new Set<DecimalSeparator>();
  for (const sample of samples) {
    const number = sample.replace(/[^\d.,]/g, "");
    if (!/\d/.test(number)) continue;
    const evidence = decimalEvidence(number);
    if (evidence === "." || evidence === ",") seen.add(evidence);
  }
  if (seen.size === 2) return "conflicting";
  const [only] = seen;
  return only ?? "ambiguous";
}
