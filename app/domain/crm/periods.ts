/** Reporting periods for CRM metrics: calendar months, calendar quarters and fiscal quarters. */
import { addDays, addMonths, monthStart, quarterStart } from "../calendar";

/** How results and CRM metrics are grouped in time. */
export const PERIOD_KINDS = ["quarter", "month", "fiscal-quarter"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

function checkFiscalStartMonth(fiscalStartMonth: number): void {
  if (!Number.isInteger(fiscalStartMonth) || fiscalStartMonth < 1 || fiscalStartMonth > 12) {
    throw new RangeError(`fiscalStartMonth must be a month number from 1 to 12, not ${fiscalStartMonth}`);
  }
}

/**
 * The first day ('YYYY-MM-DD') of the period that contains a date: its month, its calendar quarter, or
 * its fiscal quarter for a fiscal year starting on the first of `fiscalStartMonth` (1–12; ignored for
 * the calendar kinds). A period is named by its first day.
 *
 * @example periodStart("2026-03-15", "fiscal-quarter", 2) // "2026-02-01"
 */
export function periodStart(date: string, kind: PeriodKind, fiscalStartMonth: number): string {
  checkFiscalStartMonth(fiscalStartMonth);
  if (kind === "month") return monthStart(date);
  return quarterStart(date, kind === "quarter" ? 1 : fiscalStartMonth);
}

/**
 * The last day ('YYYY-MM-DD') of the period that contains a date, the day before the next period starts.
 *
 * @example periodEnd("2026-02-10", "quarter", 1) // "2026-03-31"
 */
export function periodEnd(date: string, kind: PeriodKind, fiscalStartMonth: number): string {
  const start = periodStart(date, kind, fiscalStartMonth);
  return addDays(addMonths(start, kind === "month" ? 1 : 3, 1), -1);
}

/** True when a date ('YYYY-MM-DD') lies in the period that starts on `start`. */
export function isInPeriod(date: string, start: string, kind: PeriodKind, fiscalStartMonth: number): boolean {
  return periodStart(date, kind, fiscalStartMonth) === start;
}
