/** One stretch of a person's team membership: from `validFrom` (inclusive) to `validTo` (exclusive; null while it lasts). */
export interface Membership {
  teamId: string;
  validFrom: string;
  validTo: string | null;
}

/**
 * The team a person was in on a date, from their membership history: the team their CRM deals count for
 * on that date. Before their first recorded membership (a roster imported after the deals were made) they
 * count for that first team: the best knowledge Candor has. Without a date, their latest team. Null for
 * people with no team at all.
 *
 * @example teamOnDate([{ teamId: "a", validFrom: "2026-01-01", validTo: null }], "2025-06-01") // "a"
 */
export function teamOnDate(memberships: readonly Membership[], date: string | null): string | null {
  const sorted = [...memberships].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return null;
  if (!date) return last.teamId;
  const covering = sorted.find((m) => m.validFrom <= date && (m.validTo === null || m.validTo > date));
  if (covering) return covering.teamId;
  if (date < first.validFrom) return first.teamId;
  // After a membership ended and before the next began (or after the last ended): the last one before.
  return sorted.findLast((m) => m.validFrom <= date)?.teamId ?? null;
}
