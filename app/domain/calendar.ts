/** Calendar arithmetic on 'YYYY-MM-DD' strings (no time, no zone). */

function parts(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`"${date}" is not a YYYY-MM-DD date`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function toDateString(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
}

/** A date's UTC midnight in epoch milliseconds: how a said message carries a date to an ICU `{x, date, medium}` argument (ADR 057). */
export function dayToEpoch(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return toDateString(y, m, d + days);
}

/** Adds months, keeping the day of month where it exists and clamping to the month's end otherwise. */
export function addMonths(date: string, months: number, dayOfMonth?: number): string {
  const [y, m, d] = parts(date);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return toDateString(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(dayOfMonth ?? d, lastDay));
}

export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** The Monday of the ISO week a date falls in. */
export function weekStart(date: string): string {
  const [y, m, d] = parts(date);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

/** The first day of the (fiscal) quarter containing a date, for a fiscal year starting in `fiscalStartMonth`. */
export function quarterStart(date: string, fiscalStartMonth = 1): string {
  const [y, m] = parts(date);
  const offset = (((m - fiscalStartMonth) % 3) + 3) % 3;
  return addMonths(toDateString(y, m, 1), -offset, 1);
}

export function monthStart(date: string): string {
  const [y, m] = parts(date);
  return toDateString(y, m, 1);
}

/**
 * The instant at which a calendar date begins in a time zone (midnight local time), found by asking
 * Intl for the zone's offset near that moment.
 */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const [y, m, d] = parts(date);
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (instant: number) => {
    const f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(instant));
    const get = (type: string) => Number(f.find((p) => p.type === type)!.value);
    return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - instant;
  };
  let instant = guess - offsetAt(guess);
  instant = guess - offsetAt(instant);
  return new Date(instant);
}
