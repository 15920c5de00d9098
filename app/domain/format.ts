/**
 * Candor's one number and date style, for every page and every generated sentence (issue 22). Pure
 * functions: a missing value (null, undefined, NaN) is "—"; a negative number has a true minus sign
 * (U+2212, "−0.44"), never a hyphen; a value that rounds to zero has no sign ("0.00", not "−0.00").
 *
 * - Scores on the 1–7 scale, their intervals, gaps and changes: one decimal ("5.1", "+0.4", "−1.0").
 * - Statistics (r, R², slopes in their own units): two decimals ("−0.44"); p-values: three ("< 0.001").
 * - Shares as percentages: whole percent ("42%"); changes of a share in percentage points ("+4 points").
 * - Counts: whole numbers with thousands separators ("1,250"); durations: whole days ("0 days", "1 day").
 * - Dates: day, short month, year, as "6 Dec 2026" (UTC calendar dates, as the app stores them).
 *
 * Each function that writes digits takes the page's language (ADR 055), English when left out: a German
 * reader gets "1.234,5", "61 %" and "6. Dez. 2026", a Japanese one "2026年12月6日". The English output is
 * written by hand exactly as before; other languages come from Intl, with the same rounding and the same
 * true minus sign.
 */

/** A true minus sign (U+2212). */
export const MINUS = "\u2212";
/** What a missing number shows. */
export const MISSING = "—";

type Maybe = number | null | undefined;

function isMissing(value: Maybe): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value);
}

const isEnglish = (locale: string | undefined) => locale === undefined || locale === "en";

const numberFormats = new Map<string, Intl.NumberFormat>();
/** One cached Intl.NumberFormat per language, options and decimals. */
function numberFormat(locale: string, digits: number, style: "decimal" | "percent" = "decimal"): Intl.NumberFormat {
  const key = `${locale}|${digits}|${style}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style, minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

/** The digits of |value| at a fixed number of decimals, and whether the rounded value is below zero. */
function parts(value: number, digits: number, locale?: string): { negative: boolean; text: string } {
  const fixed = Math.abs(value).toFixed(digits);
  const negative = value < 0 && Number(fixed) !== 0;
  return { negative, text: isEnglish(locale) ? fixed : numberFormat(locale!, digits).format(Number(fixed)) };
}

/** A number with a fixed number of decimals and a true minus sign: −0.44, 0.00, 1.50. */
export function formatNumber(value: Maybe, digits = 2, locale?: string): string {
  if (isMissing(value)) return MISSING;
  const { negative, text } = parts(value, digits, locale);
  return `${negative ? MINUS : ""}${text}`;
}

/** A number always with its sign (+0.44, −0.44, 0.00): for changes and gaps. */
export function formatSigned(value: Maybe, digits = 2, locale?: string): string {
  if (isMissing(value)) return MISSING;
  const { negative, text } = parts(value, digits, locale);
  if (Number(Math.abs(value).toFixed(digits)) === 0) return text;
  return `${negative ? MINUS : "+"}${text}`;
}

/** A score on the 1–7 scale (a mean, an interval end, an agreement): one decimal. */
export function formatScore(value: Maybe): string {
  return formatNumber(value, 1);
}

/** A change or gap on the 1–7 scale, with its sign: +0.4, −1.0, 0.0. */
export function formatScoreChange(value: Maybe): string {
  return formatSigned(value, 1);
}

/** An interval's two ends, "4.8 to 5.3", in a formatter of the caller's choice (scores by default). */
export function formatInterval(low: Maybe, high: Maybe, format: (v: Maybe) => string = formatScore): string {
  if (isMissing(low) || isMissing(high)) return MISSING;
  return `${format(low)} to ${format(high)}`;
}

/** A statistic such as r or R²: two decimals. */
export function formatStatistic(value: Maybe): string {
  return formatNumber(value, 2);
}

/** A p-value: "< 0.001" below a thousandth, otherwise three decimals. */
export function formatP(value: Maybe): string {
  if (isMissing(value)) return MISSING;
  return value < 0.001 ? "< 0.001" : value.toFixed(3);
}

/** A share (0.42) as a whole percentage, "42%", with a true minus sign when negative (a bias of −0.12 is "−12%"). */
export function formatPercent(share: Maybe, digits = 0, locale?: string): string {
  if (isMissing(share)) return MISSING;
  if (isEnglish(locale)) return `${formatNumber(share * 100, digits)}%`;
  const { negative } = parts(share * 100, digits);
  return `${negative ? MINUS : ""}${numberFormat(locale!, digits, "percent").format(Math.abs(share))}`;
}

/** A change of a share, in percentage points with its sign: 0.04 → "+4 points", −0.031 → "−3 points". */
export function formatPercentPoints(share: Maybe, digits = 0): string {
  if (isMissing(share)) return MISSING;
  const signed = formatSigned(share * 100, digits);
  return `${signed} ${signed.replace(/^[+−]/, "") === (1).toFixed(digits) ? "point" : "points"}`;
}

const COUNT = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/** A whole number with thousands separators: 1250 → "1,250", −3 → "−3". */
export function formatCount(value: Maybe): string {
  return countIn(value);
}

function countIn(value: Maybe, locale?: string): string {
  if (isMissing(value)) return MISSING;
  const rounded = Math.round(value);
  return `${rounded < 0 ? MINUS : ""}${(isEnglish(locale) ? COUNT : numberFormat(locale!, 0)).format(Math.abs(rounded))}`;
}

/** A count with its noun, singular or plural: (1, "valid row") → "1 valid row", (2, "valid row") → "2 valid rows". */
export function formatCountOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${Math.round(value) === 1 ? singular : plural}`;
}

/** A duration in whole days: "0 days", "1 day", "50 days". */
export function formatDays(value: Maybe): string {
  if (isMissing(value)) return MISSING;
  return formatCountOf(value, "day");
}

/** An amount of money in whole units of its currency: "$12,500", "−€300". */
export function formatMoney(value: Maybe, currency: string, locale = "en"): string {
  if (isMissing(value)) return MISSING;
  const text = new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(Math.abs(value));
  return `${Math.round(value) < 0 ? MINUS : ""}${text}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * A calendar date as "6 Dec 2026": from an ISO date ("2026-12-06"), an ISO timestamp (its UTC date) or a
 * Date (its UTC date). Anything else is returned unchanged rather than guessed at; null is "—".
 */
export function formatDate(value: string | Date | null | undefined): string {
  return dateIn(value);
}

function dateIn(value: string | Date | null | undefined, locale?: string): string {
  if (value === null || value === undefined) return MISSING;
  const iso = value instanceof Date ? (Number.isNaN(value.getTime()) ? "" : value.toISOString()) : value;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return typeof value === "string" ? value : MISSING;
  const month = MONTHS[Number(match[2]) - 1];
  if (!month) return iso;
  if (!isEnglish(locale)) return dateFormat(locale!).format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/**
 * The last day something that closes at an instant is open, as formatDate writes it: a wave closing at
 * 2026-12-14T00:00Z is open until 13 Dec 2026 (the day before its closing instant, in UTC as stored).
 */
export function formatLastDay(closesAt: string | Date): string {
  return lastDayIn(closesAt);
}

function lastDayIn(closesAt: string | Date, locale?: string): string {
  const at = closesAt instanceof Date ? closesAt : new Date(closesAt);
  return Number.isNaN(at.getTime()) ? MISSING : dateIn(new Date(at.getTime() - 1), locale);
}

/**
 * The same styles in one language, for a page or an email in that language (ADR 055): a German reader gets
 * "61 %", "1.234,5" and "6. Dez. 2026"; English is exactly what the functions above write.
 */
export function formatsFor(locale: string) {
  return {
    locale,
    number: (value: Maybe, digits = 2) => formatNumber(value, digits, locale),
    score: (value: Maybe) => formatNumber(value, 1, locale),
    signed: (value: Maybe, digits = 2) => formatSigned(value, digits, locale),
    scoreChange: (value: Maybe) => formatSigned(value, 1, locale),
    percent: (share: Maybe, digits = 0) => formatPercent(share, digits, locale),
    count: (value: Maybe) => countIn(value, locale),
    money: (value: Maybe, currency: string) => formatMoney(value, currency, locale),
    date: (value: string | Date | null | undefined) => dateIn(value, locale),
    lastDay: (closesAt: string | Date) => lastDayIn(closesAt, locale),
  };
}
