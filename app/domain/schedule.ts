import { addDays, addMonths, quarterStart } from "./calendar";

export type Cadence = "weekly" | "biweekly" | "monthly" | "quarterly" | "once";

export const CADENCE_LABELS: Record<Cadence, string> = {
  weekly: "Every week",
  biweekly: "Every 2 weeks",
  monthly: "Every month",
  quarterly: "Every quarter (fiscal)",
  once: "Once",
};

/** The cadences' words in the page's language (the catalogue's keys; CADENCE_LABELS is their English). */
export const CADENCE_KEYS = {
  weekly: "program.cadence.weekly",
  biweekly: "program.cadence.biweekly",
  monthly: "program.cadence.monthly",
  quarterly: "program.cadence.quarterly",
  once: "program.cadence.once",
} as const satisfies Record<Cadence, string>;

export interface ScheduleRule {
  cadence: Cadence;
  /** The first day a wave may open. */
  startsOn: string;
  /** How many days each wave stays open. */
  openDays: number;
}

/**
 * The days waves open, from the program's start up to `until` (inclusive). Weekly and fortnightly waves
 * repeat from the start date; monthly ones on the start's day of month (clamped to short months);
 * quarterly ones on the first day of each fiscal quarter from the start on.
 */
export function periodStarts(rule: ScheduleRule, fiscalStartMonth: number, until: string): string[] {
  const result: string[] = [];
  if (rule.cadence === "once") return rule.startsOn <= until ? [rule.startsOn] : [];
  const day = Number(rule.startsOn.slice(8, 10));
  let next =
    rule.cadence === "quarterly"
      ? (() => {
          const q = quarterStart(rule.startsOn, fiscalStartMonth);
          return q < rule.startsOn ? addMonths(q, 3, 1) : q;
        })()
      : rule.startsOn;
  for (let i = 0; next <= until && i < 10_000; i++) {
    result.push(next);
    if (rule.cadence === "weekly") next = addDays(rule.startsOn, 7 * (i + 1));
    else if (rule.cadence === "biweekly") next = addDays(rule.startsOn, 14 * (i + 1));
    else if (rule.cadence === "monthly") next = addMonths(rule.startsOn, i + 1, day);
    else next = addMonths(next, 3, 1);
  }
  return result;
}

/**
 * The wave that should be open today, if any: the latest period start not after today whose window
 * (start + open days) still includes today. A window missed entirely (the server was down) is skipped.
 */
export function duePeriod(rule: ScheduleRule, fiscalStartMonth: number, today: string): { periodStart: string; closesOn: string } | null {
  const starts = periodStarts(rule, fiscalStartMonth, today);
  const latest = starts[starts.length - 1];
  if (!latest) return null;
  const closesOn = addDays(latest, rule.openDays);
  return today < closesOn ? { periodStart: latest, closesOn } : null;
}

/** The reminder days (days after opening) that fall inside the window, sorted and unique. */
export function validReminderDays(days: readonly number[], openDays: number): number[] {
  return [...new Set(days)].filter((d) => Number.isInteger(d) && d >= 1 && d < openDays).sort((a, b) => a - b);
}
