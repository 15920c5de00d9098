import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { showLanguageCounts, type ShownLanguageCount } from "~/domain/language-counts";
import { LOCALES } from "~/domain/locales";
import { findOrganisationById } from "#db/queries/organisations";
import { listClosedWaveLanguageCounts } from "#db/queries/language-counts";

/** How many closed waves the item page shows the languages of. */
export const LANGUAGE_COUNT_WAVES = 5;

export interface WaveLanguages {
  waveId: string;
  programName: string;
  closedAt: Date | null;
  minimum: number;
  languages: ShownLanguageCount[];
}

/**
 * In which languages the organisation's last closed waves were answered (ADR 058), counted when each
 * signature was issued and rolled up at close: organisation-wide, never per team; a language's count only
 * at the minimum group size (the organisation's or the wave's, whichever is larger) and otherwise "fewer than N".
 */
export async function getLanguageCounts(app: AppContext, user: SessionUser): Promise<WaveLanguages[]> {
  const [org, waves] = await Promise.all([findOrganisationById(app.db, user.organisationId), listClosedWaveLanguageCounts(app.db, user.organisationId, LANGUAGE_COUNT_WAVES)]);
  return waves.map((w) => {
    const minimum = Math.max(org?.minGroupSize ?? 5, w.minGroupSize);
    return { waveId: w.id, programName: w.programName, closedAt: w.closedAt, minimum, languages: showLanguageCounts(w.counts, minimum, LOCALES) };
  });
}
