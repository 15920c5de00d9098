/** Dates as CRM exports write them: ISO, US or European numeric dates, with or without a time. */
import type { DateOrder, ParseResult } from "./opportunity";
import { said } from "~/i18n/said";

const NOT_A_DATE = said("crm.problem.notDate");
const NOT_A_REAL_DATE = said("crm.problem.notRealDate");

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/** Full English month names, their three-letter abbreviations and "sept". */
const MONTH_NUMBERS = new Map<string, number>([
  ...MONTH_NAMES.map((name, i): [string, number] => [name, i + 1]),
  ...MONTH_NAMES.map((name, i): [string, number] => [name.slice(0, 3), i + 1]),
  ["sept", 9],
]);

/** An optional time after the date: "14:30", "14:30:05", "2:30 PM", "T14:30:00.000Z", "14:30:00+02:00". */
const TIME = String.raw`(?:(?:[T ]|, ?)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)? ?([AaPp]\.?[Mm]\.?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{3,4}))?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}$`);
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const DAY_NAMED_MONTH = new RegExp(String.raw`^(\d{1,2})[ \-]([A-Za-z]{3,9})\.?[ \-,]+(\d{4}|\d{2})${TIME}$`);
const NAMED_MONTH_DAY = new RegExp(String.raw`^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}$`);

/**
 * The full year of a two-digit year: 00–69 are 2000–2069 and 70–99 are 1970–1999, the POSIX (strptime)
 * pivot that spreadsheets also use.
 */
export function expandTwoDigitYear(year: number): number {
  return year < 70 ? 2000 + year : 1900 + year;
}

/** The number of days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthNumber(name: string): number | null {
  return MONTH_NUMBERS.get(name.toLowerCase()) ?? null;
}

function validTime(hour: string | undefined, minute: string | undefined, second: string | undefined, meridiem: string | undefined): boolean {
  if (hour === undefined) return true;
  const h = Number(hour);
  const maxHour = meridiem ? 12 : 23;
  return h <= maxHour && (!meridiem || h >= 1) && Number(minute) <= 59 && (second === undefined || Number(second) <= 59);
}

function toIso(year: number, month: number, day: number): ParseResult<string> {
  // There is no year 0 (1 BC is followed by AD 1), and PostgreSQL refuses 0000-01-01.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: NOT_A_REAL_DATE };
  return { ok: true, value: `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

function yearOf(text: string): number {
  return text.length === 2 ? expandTwoDigitYear(Number(text)) : Number(text);
}

/**
 * Parses a date cell into 'YYYY-MM-DD': ISO dates (a time, "T…Z" or an offset after them is ignored: the
 * date is taken as written, with no time-zone conversion), numeric dates with "/" or "-" read in the
 * column's `order` ("3/1/2026" is 1 March in "mdy" and 3 January in "dmy"), dotted dates ("01.03.2026"),
 * which are always day-first, two-digit years (see `expandTwoDigitYear`), times such as "2:30 PM", and
 * English month names ("1-Mar-2026", "Mar 1, 2026"). Empty text is null. The reason is "is not a date"
 * for text that is no date and "is not a real date" for a date that does not exist (2/30/2026).
 *
 * @example parseDate("3/1/2026 2:30 PM", "mdy") // { ok: true, value: "2026-03-01" }
 */
export function parseDate(text: string, order: DateOrder): ParseResult<string | null> {
  const trimmed = text.trim().replace(/\s+/g, " ");
  if (trimmed === "") return { ok: true, value: null };
  const iso = ISO.exec(trimmed);
  if (iso) {
    if (!validTime(iso[4], iso[5], iso[6], iso[7])) return { ok: false, reason: NOT_A_DATE };
    return toIso(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }
  const numeric = NUMERIC.exec(trimmed);
  if (numeric) {
    if (!validTime(numeric[5], numeric[6], numeric[7], numeric[8])) return { ok: false, reason: NOT_A_DATE };
    const first = Number(numeric[1]);
    const second = Number(numeric[3]);
    const dayFirst = numeric[2] === "." || order === "dmy";
    return toIso(yearOf(numeric[4]!), dayFirst ? second : first, dayFirst ? first : second);
  }
  const dayNamed = DAY_NAMED_MONTH.exec(trimmed);
  if (dayNamed) {
    const month = monthNumber(dayNamed[2]!);
    if (month === null || !validTime(dayNamed[4], dayNamed[5], dayNamed[6], dayNamed[7])) return { ok: false, reason: NOT_A_DATE };
    return toIso(yearOf(dayNamed[3]!), month, Number(dayNamed[1]));
  }
  const namedDay = NAMED_MONTH_DAY.exec(trimmed);
  if (namedDay) {
    const month = monthNumber(namedDay[1]!);
    if (month === null || !validTime(namedDay[4], namedDay[5], namedDay[6], namedDay[7])) return { ok: false, reason: NOT_A_DATE };
    return toIso(Number(namedDay[3]), month, Number(namedDay[2]));
  }
  return { ok: false, reason: NOT_A_DATE };
}

/**
 * Decides the day/month order of a date column from its values. A numeric date whose first part is over 12
 * can only be day-first ("dmy"), one whose second part is over 12 only month-first ("mdy"). Returns
 * "conflicting" when values point both ways (report it: the column mixes formats), "ambiguous" when
 * numeric dates exist but every part is 12 or less (ask the user), and "iso" when no value needs an order
 * (ISO dates, dotted day-first dates, month names, or no dates at all).
 *
 * @example detectDateOrder(["3/1/2026", "3/15/2026"]) // "mdy"
 */
export function detectDateOrder(samples: readonly string[]): DateOrder | "ambiguous" | "conflicting" | "iso" {
  let dmy = false;
  let mdy = false;
  let needsOrder = false;
  for (const sample of samples) {
    const numeric = NUMERIC.exec(sample.trim().replace(/\s+/g, " "));
    if (!numeric || numeric[2] === ".") continue;
    const first = Number(numeric[1]);
    const second = Number(numeric[3]);
    if (first > 12 && second > 12) continue; // no date in either order; parseDate will say so
    needsOrder = true;
    if (first > 12) dmy = true;
    if (second > 12) mdy = true;
  }
  if (dmy && mdy) return "conflicting";
  if (dmy) return "dmy";
  if (mdy) return "mdy";
  return needsOrder ? "ambiguous" : "iso";
}
