import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

/** Locks the person's participation row for the rest of the transaction: one submit per person at a time. */
export async function lockParticipation(db: Kysely<DB>, waveId: string, personId: string): Promise<{ answeredOn: string | null } | undefined> {
  return db.selectFrom("participation").select("answeredOn").where("waveId", "=", waveId).where("personId", "=", personId).forUpdate().executeTakeFirst();
}

export async function markAnswered(db: Kysely<DB>, waveId: string, personId: string, answeredOn: string): Promise<void> {
  await db.updateTable("participation").set({ answeredOn }).where("waveId", "=", waveId).where("personId", "=", personId).where("answeredOn", "is", null).execute();
}

export async function findResponseIdByEditKey(db: Kysely<DB>, waveId: string, editKeyHash: Uint8Array): Promise<string | undefined> {
  const row = await db.selectFrom("response").select("id").where("waveId", "=", waveId).where("editKeyHash", "=", editKeyHash).executeTakeFirst();
  return row?.id;
}

export async function insertResponse(
  db: Kysely<DB>,
  response: { waveId: string; teamId: string; submittedWeek: string; editKeyHash: Uint8Array },
  answers: Array<{ itemId: string; value: number | null; comment: string | null }>,
): Promise<string> {
  const row = await db.insertInto("response").values(response).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("answer").values(answers.map((a) => ({ responseId: row.id, ...a }))).execute();
  return row.id;
}

/** Replaces every answer of a response (the rep changed their answers). */
export async function replaceAnswers(
  db: Kysely<DB>,
  responseId: string,
  answers: Array<{ itemId: string; value: number | null; comment: string | null }>,
): Promise<void> {
  await db.deleteFrom("answer").where("responseId", "=", responseId).execute();
  await db.insertInto("answer").values(answers.map((a) => ({ responseId, ...a }))).execute();
}

export async function readAnswers(db: Kysely<DB>, responseId: string) {
  return db
    .selectFrom("answer")
    .innerJoin("item", "item.id", "answer.itemId")
    .select(["item.code", "answer.value", "answer.comment"])
    .where("answer.responseId", "=", responseId)
    .execute();
}

/**
 * The common case of a submit in one round trip (the SQL function submit_first_response, whose plan is
 * cached per connection): if the person is asked in this open wave and has not answered yet, insert
 * their response and answers and mark them answered, atomically; if they have answered and this very form
 * (its edit key) was stored before — a resend — store nothing and answer the same. The participation row is
 * locked, so a concurrent submit by the same person waits and then sees them answered (READ COMMITTED
 * re-reads the locked row, and the next statement sees the committed response). Dates come from the
 * organisation's time zone: the day for participation, the ISO week (Monday) for the response. Returns the
 * wave's closing time when stored or resent, null otherwise, for the caller to find out why. The wave row is not locked (a shared
 * lock taken by every submit piles up multixacts under load); closing a wave locks the response table
 * instead, so no submit slips in while it is sealed (see sealWave).
 */
export async function insertFirstResponse(
  db: Kysely<DB>,
  input: { waveId: string; personId: string; now: Date; editKeyHash: Uint8Array; answers: Array<{ itemId: string; value: number | null; comment: string | null }> },
): Promise<{ closesAt: Date } | null> {
  const result = await sql<{ closesAt: Date | null }>`
    select submit_first_response(${input.waveId}, ${input.personId}, ${input.now}, ${input.editKeyHash},
      ${input.answers.map((a) => a.itemId)}::uuid[], ${input.answers.map((a) => a.value)}::smallint[], ${input.answers.map((a) => a.comment)}::text[]) as closes_at`.execute(db);
  const closesAt = result.rows[0]?.closesAt;
  return closesAt ? { closesAt } : null;
}
