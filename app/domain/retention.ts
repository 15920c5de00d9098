import { z } from "zod";
import { said, saidDate } from "~/i18n/said";

// Retention of raw answers (ADR 037): an organisation may have the raw answers and comments of pulses that
// closed more than N months ago deleted. The published results, computed when each pulse closed (ADR 008),
// stay. Only closed pulses are ever touched, so an open pulse is safe whatever N is; the minimum keeps a
// closed pulse's comments and answers for at least a quarter, through the team conversation and the review
// of its action plans at the next pulse.

/** The shortest retention an organisation may set, in months. */
export const RETENTION_MONTHS_MIN = 3;
/** The longest, in months (ten years). */
export const RETENTION_MONTHS_MAX = 120;
/** The choices the settings page offers; the service accepts any whole number in range. */
export const RETENTION_CHOICES = [3, 6, 12, 18, 24, 36, 60, 120] as const;

/** The word an admin types to confirm a deletion. */
export const RETENTION_CONFIRMATION = "delete";

/**
 * Months as an organisation sets them: "off" (or empty) for none, else a whole number from 3 to 120.
 *
 * @example RetentionMonthsSchema.parse("12") // 12
 * @example RetentionMonthsSchema.parse("off") // null
 */
export const RetentionMonthsSchema = z.union([
  z
    .literal(["off", ""])
    .or(z.null())
    .transform(() => null),
  z.coerce
    .number({ error: said("adminRetention.pickMonths") })
    .int(said("adminRetention.wholeMonths"))
    .min(RETENTION_MONTHS_MIN, said("adminRetention.atLeast", { min: RETENTION_MONTHS_MIN }))
    .max(RETENTION_MONTHS_MAX, said("adminRetention.atMost", { max: RETENTION_MONTHS_MAX })),
]);

/**
 * The instant `months` calendar months before `now` (UTC), the day of month clamped to the month's end:
 * a pulse that closed before it is due for deletion.
 *
 * @example retentionCutoff(new Date("2026-05-31T10:00:00Z"), 3) // 2026-02-28T10:00:00.000Z
 */
export function retentionCutoff(now: Date, months: number): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}

/** Whether changing the setting from `before` to `after` can delete anything, now or later: it needs confirming. */
export function retentionChangeDeletes(before: number | null, after: number | null): boolean {
  return after !== null && (before === null || after < before);
}

/**
 * What a page says where a pulse's raw answers were needed but retention deleted them, and what is gone for
 * that (its comments, or its drivers analysis): said by key (ADR 057), the day as a said date, which the
 * reader's translator writes in their language's style.
 *
 * @example sayInEnglish(retentionDeletedWords(new Date("2026-03-01T03:00:00Z"), "comments"))
 * // "This pulse's individual answers were deleted on 1 Mar 2026 under the organisation's retention setting, so its comments are gone. Its scores stay as published."
 */
export function retentionDeletedWords(deletedAt: Date, gone: "comments" | "drivers"): string {
  const date = saidDate(deletedAt);
  return gone === "comments" ? said("retention.deleted.comments", { date }) : said("retention.deleted.drivers", { date });
}
