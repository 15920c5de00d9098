import { z } from "zod";
import { said } from "~/i18n/said";

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
const RecentJoinDaysSchema = z.union([z.number(), z.string().trim().min(1, said("adminSettings.daysEmpty"))]).pipe(
  z.coerce
    .number<string | number>({ error: said("adminSettings.daysWhole") })
    .int(said("adminSettings.daysWhole"))
    .min(0, said("adminSettings.daysNegative"))
    .max(RECENT_JOIN_DAYS_MAX, said("adminSettings.daysMax", { max: RECENT_JOIN_DAYS_MAX })),
);

/**
 * An organisation's settings. Minimum reporting group: default 5, never below 3. Comment minimum:
 * default 5, never below the reporting minimum. Recent join window: default 14 days (0 turns the notice
 * off), the days before a pulse in which people joining a team are pointed out next to its results and
 * on its form; left out, the current window stays.
 */
export const OrganisationSettingsSchema = z
  .object({
    name: z.string().trim().min(1, said("adminSettings.nameEmpty")).max(120, said("adminSettings.nameLong")),
    minGroupSize: z.coerce
      .number({ error: said("adminSettings.wholeNumber") })
      .int(said("adminSettings.wholeNumber"))
      .min(MIN_GROUP_FLOOR, said("adminSettings.groupFloor", { floor: MIN_GROUP_FLOOR }))
      .max(50, said("adminSettings.atMost", { max: 50 })),
    minCommentGroupSize: z.coerce
      .number({ error: said("adminSettings.wholeNumber") })
      .int(said("adminSettings.wholeNumber"))
      .max(100, said("adminSettings.atMost", { max: 100 })),
    fiscalYearStartMonth: z.coerce.number().int().min(1, said("adminSettings.pickMonth")).max(12, said("adminSettings.pickMonth")),
    timezone: z.string().trim().refine(isTimeZone, said("adminSettings.timezoneUnknown")),
    recentJoinDays: RecentJoinDaysSchema.optional(),
    /** A Candor language tag (checked by the service, app/services/locale.server.ts); left out, the default stays. */
    defaultLanguage: z.string().trim().max(40).optional(),
  })
  .refine((s) => s.minCommentGroupSize >= s.minGroupSize, {
    path: ["minCommentGroupSize"],
    message: said("adminSettings.commentsBelowScores"),
  });

export type OrganisationSettings = z.infer<typeof OrganisationSettingsSchema>;

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  return parts;
}
