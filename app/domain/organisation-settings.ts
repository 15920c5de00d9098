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

/**
 * An organisation's settings. Minimum reporting group: default 5, never below 3. Comment minimum:
 * default 5, never below the reporting minimum.
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

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
