import { z } from "zod";

/** The smallest reporting group any organisation may configure. */
export const MIN_GROUP_FLOOR = 3;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The longest recent join window an organisation may set, in days. */
export const RECENT_JOIN_DAYS_MAX = 90;

/**
 * Whole days from 0 to 90. An empty field is an error, not 0 (which would silently turn the notice
 * off): coercion alone would read "" as 0.
 */
const RecentJoinDaysSchema = z
  .union([z.number(), z.string().trim().min(1, "Enter a number of days from 0 to 90")])
  .pipe(
    z.coerce
      .number<string | number>({ error: "Enter a whole number of days" })
      .int("Enter a whole number of days")
      .min(0, "Use 0 or more days")
      .max(RECENT_JOIN_DAYS_MAX, `Use at most ${RECENT_JOIN_DAYS_MAX} days`),
  );

/**
 * An organisation's settings. Minimum reporting group: default 5, never below 3. Comment minimum:
 * default 5, never below the reporting minimum. Recent join window: default 14 days (0 turns the notice
 * off), the days before a pulse in which people joining a team are pointed out next to its results and
 * on its form; left out, the current window stays.
 */
export const OrganisationSettingsSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the organisation's name").max(120, "Use at most 120 characters"),
    minGroupSize: z.coerce
      .number({ error: "Enter a whole number" })
      .int("Enter a whole number")
      .min(MIN_GROUP_FLOOR, `The minimum reporting group can never be below ${MIN_GROUP_FLOOR}`)
      .max(50, "Use at most 50"),
    minCommentGroupSize: z.coerce.number({ error: "Enter a whole number" }).int("Enter a whole number").max(100, "Use at most 100"),
    fiscalYearStartMonth: z.coerce.number().int().min(1, "Pick a month").max(12, "Pick a month"),
    timezone: z.string().trim().refine(isTimeZone, "Enter a time zone such as Europe/London or America/New_York"),
    recentJoinDays: RecentJoinDaysSchema.optional(),
  })
  .refine((s) => s.minCommentGroupSize >= s.minGroupSize, {
    path: ["minCommentGroupSize"],
    message: "Comments need at least as many responses as scores",
  });

export type OrganisationSettings = z.infer<typeof OrganisationSettingsSchema>;

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  return parts;
}

export const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;
