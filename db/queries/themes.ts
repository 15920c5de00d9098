import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

// Comment themes (migration 0036, ADR 053).

/** A wave's comments that have no tags yet (tagged once, after sealing; rerunning tags only new ones). */
export async function listUntaggedComments(db: Kysely<DB>, waveId: string): Promise<Array<{ responseId: string; itemId: string; comment: string }>> {
  const rows = await db
    .selectFrom("answer as a")
    .innerJoin("response as r", "r.id", "a.responseId")
    .leftJoin("commentTheme as ct", (join) => join.onRef("ct.responseId", "=", "a.responseId").onRef("ct.itemId", "=", "a.itemId"))
    .select(["a.responseId", "a.itemId", "a.comment"])
    .where("r.waveId", "=", waveId)
    .where("a.comment", "is not", null)
    .where("ct.id", "is", null)
    .execute();
  return rows.map((r) => ({ responseId: r.responseId, itemId: r.itemId, comment: r.comment! }));
}

/** Stores the tagger's tags, in random order (row order says nothing), keeping any row already there. */
export async function insertCommentTags(
  db: Kysely<DB>,
  waveId: string,
  rows: ReadonlyArray<{ responseId: string; itemId: string; themes: readonly string[]; sentiment: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await sql`insert into comment_theme (wave_id, response_id, item_id, machine_themes, machine_sentiment)
      select ${waveId}::uuid, x.response_id, x.item_id, string_to_array(x.themes, ' ', ''), x.sentiment
      from unnest(${part.map((r) => r.responseId)}::uuid[], ${part.map((r) => r.itemId)}::uuid[], ${part.map((r) => r.themes.join(" "))}::text[], ${part.map((r) => r.sentiment)}::text[])
        as x(response_id, item_id, themes, sentiment)
      order by random()
      on conflict (response_id, item_id) do nothing`.execute(db);
  }
}

/** The tags of some waves' comments from some teams, each with the team its response counts for (the caller decides what may be shown). */
export async function readCommentTags(db: Kysely<DB>, waveIds: string[], teamIds: string[]) {
  if (waveIds.length === 0 || teamIds.length === 0) return [];
  return db
    .selectFrom("commentTheme as ct")
    .innerJoin("response as r", "r.id", "ct.responseId")
    .select(["ct.waveId", "r.teamId", "ct.machineThemes", "ct.machineSentiment", "ct.correctedThemes", "ct.correctedSentiment"])
    .where("ct.waveId", "in", waveIds)
    .where("r.teamId", "in", teamIds)
    .execute();
}

/** One wave's comments from some teams with their tags and tag ids (the caller decided they may be shown). Order is not kept. */
export async function readTaggedComments(db: Kysely<DB>, waveId: string, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom("answer as a")
    .innerJoin("response as r", "r.id", "a.responseId")
    .leftJoin("commentTheme as ct", (join) => join.onRef("ct.responseId", "=", "a.responseId").onRef("ct.itemId", "=", "a.itemId"))
    .select(["ct.id", "a.comment", "ct.machineThemes", "ct.machineSentiment", "ct.correctedThemes", "ct.correctedSentiment"])
    .where("r.waveId", "=", waveId)
    .where("r.teamId", "in", teamIds)
    .where("a.comment", "is not", null)
    .execute();
}

/** A comment's tags by id, when its wave is the organisation's: with the wave, for the caller's checks. */
export async function findCommentTag(db: Kysely<DB>, organisationId: string, id: string) {
  return db
    .selectFrom("commentTheme as ct")
    .innerJoin("wave", "wave.id", "ct.waveId")
    .select(["ct.id", "ct.waveId", "ct.machineThemes", "ct.machineSentiment", "ct.correctedThemes", "ct.correctedSentiment", "wave.rawDeletedAt"])
    .where("ct.id", "=", id)
    .where("wave.organisationId", "=", organisationId)
    .executeTakeFirst();
}

/** Records enablement's correction of a comment's tags (replacing an earlier one). */
export async function writeCommentCorrection(db: Kysely<DB>, id: string, correction: { themes: readonly string[]; sentiment: string; by: string; at: Date }): Promise<void> {
  await db
    .updateTable("commentTheme")
    .set({ correctedThemes: [...correction.themes], correctedSentiment: correction.sentiment, correctedBy: correction.by, correctedAt: correction.at })
    .where("id", "=", id)
    .execute();
}

/** Every corrected comment of an organisation: the machine's tags beside the correction (no text, no team). */
export async function listCorrections(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("commentTheme as ct")
    .innerJoin("wave", "wave.id", "ct.waveId")
    .select(["ct.machineThemes", "ct.machineSentiment", "ct.correctedThemes", "ct.correctedSentiment"])
    .where("wave.organisationId", "=", organisationId)
    .where("ct.correctedAt", "is not", null)
    .execute();
}
