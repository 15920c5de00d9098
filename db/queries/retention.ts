import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

// Retention (ADR 037): the raw answers and comments of pulses closed long enough ago are deleted; their
// aggregates (wave_team_*_stats) and published results (wave_group_result) stay.

/** What deleting some pulses' raw answers removes. */
export interface RawCounts {
  waves: number;
  responses: number;
  answers: number;
  comments: number;
}

/** An organisation's closed pulses whose raw answers are still kept and that closed before `cutoff`, oldest first. */
export async function listWavesDue(db: Kysely<DB>, organisationId: string, cutoff: Date, limit = 10_000) {
  return db
    .selectFrom("wave")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .select(["wave.id", "wave.periodStart", "wave.closedAt", "p.name as programName"])
    .where("wave.organisationId", "=", organisationId)
    .where("wave.status", "=", "closed")
    .where("wave.rawDeletedAt", "is", null)
    .where("wave.closedAt", "<", cutoff)
    .orderBy("wave.closedAt")
    .orderBy("wave.id")
    .limit(limit)
    .execute();
}

/** How many responses, answers and comments some pulses hold. */
export async function countRaw(db: Kysely<DB>, waveIds: readonly string[]): Promise<RawCounts> {
  if (waveIds.length === 0) return { waves: 0, responses: 0, answers: 0, comments: 0 };
  const ids = sql`(select value::uuid from jsonb_array_elements_text(${JSON.stringify(waveIds)}::jsonb))`;
  const result = await sql<{ responses: number; answers: number; comments: number }>`
    select
      (select count(*)::int from response r where r.wave_id in ${ids}) as responses,
      (select count(*)::int from answer a join response r on r.id = a.response_id where r.wave_id in ${ids}) as answers,
      (select count(*)::int from answer a join response r on r.id = a.response_id where r.wave_id in ${ids} and a.comment is not null) as comments`.execute(db);
  const row = result.rows[0]!;
  return { waves: waveIds.length, responses: row.responses, answers: row.answers, comments: row.comments };
}

/**
 * Deletes one closed pulse's responses and answers (comments are answers) in the caller's transaction and
 * marks it. The mark claims the pulse first, so two runs at once delete it once: the second gets null.
 */
export async function deleteRawAnswers(trx: Kysely<DB>, waveId: string, at: Date): Promise<RawCounts | null> {
  const claimed = await trx
    .updateTable("wave")
    .set({ rawDeletedAt: at })
    .where("id", "=", waveId)
    .where("status", "=", "closed")
    .where("rawDeletedAt", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!claimed) return null;
  const counts = await countRaw(trx, [waveId]);
  // Answers go with their responses (on delete cascade).
  await trx.deleteFrom("response").where("waveId", "=", waveId).execute();
  return counts;
}

/** Organisations that have a retention setting, with it. */
export async function listRetainingOrganisations(db: Kysely<DB>) {
  return db.selectFrom("organisation").select(["id", "slug", "name", "retentionMonths"]).where("retentionMonths", "is not", null).orderBy("slug").execute() as Promise<
    Array<{ id: string; slug: string; name: string; retentionMonths: number }>
  >;
}

/** How many of an organisation's pulses have had their raw answers deleted, and when last. */
export async function summariseDeleted(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("wave")
    .select((eb) => [eb.fn.countAll<number>().as("waves"), eb.fn.max("rawDeletedAt").as("last")])
    .where("organisationId", "=", organisationId)
    .where("rawDeletedAt", "is not", null)
    .executeTakeFirstOrThrow();
}

export async function setRetentionMonths(db: Kysely<DB>, organisationId: string, months: number | null): Promise<void> {
  await db.updateTable("organisation").set({ retentionMonths: months }).where("id", "=", organisationId).execute();
}
