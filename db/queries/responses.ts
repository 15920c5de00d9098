import { CompiledQuery, sql, type Kysely } from "kysely";
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

type Answers = Array<{ itemId: string; value: number | null; comment: string | null }>;

/** A response's answers as the row keeps them while its wave is open (migration 0014, ADR 016). */
const pending = (answers: Answers) => ({
  pendingItemIds: answers.map((a) => a.itemId),
  pendingValues: answers.map((a) => a.value),
  pendingComments: answers.map((a) => a.comment),
});

export async function insertResponse(
  db: Kysely<DB>,
  response: { waveId: string; teamId: string; submittedWeek: string; editKeyHash: Uint8Array },
  answers: Answers,
): Promise<string> {
  const row = await db.insertInto("response").values({ ...response, ...pending(answers) }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces every answer of a response of an open wave (the rep changed their answers). */
export async function replaceAnswers(db: Kysely<DB>, responseId: string, answers: Answers): Promise<void> {
  // Answer rows of an open wave exist only for responses stored before migration 0014.
  await db.deleteFrom("answer").where("responseId", "=", responseId).execute();
  await db.updateTable("response").set(pending(answers)).where("id", "=", responseId).execute();
}

export async function readAnswers(db: Kysely<DB>, responseId: string) {
  return db
    .selectFrom("responseAnswer as a")
    .innerJoin("item", "item.id", "a.itemId")
    .select(["item.code", "a.value", "a.comment"])
    .where("a.responseId", "=", responseId)
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

/**
 * insertFirstResponse for a signed-in rep, in the same round trip as the session check (the SQL function
 * submit_pulse_in_session, ADR 016): the session must exist with this secret's hash, be unexpired and
 * belong to an active person; its expiry slides forward when less than `renewWithinMs` remains. `personId`
 * is null when the session is not valid (nothing was done), `closesAt` null when the answer was not stored
 * this way, `sessionExpiresAt` set when the session was renewed.
 */
export async function insertFirstResponseInSession(
  db: Kysely<DB>,
  input: {
    sessionId: string;
    secretHash: Uint8Array;
    renewWithinMs: number;
    lifetimeMs: number;
    waveId: string;
    now: Date;
    formKey: string;
    answers: Array<{ itemId: string; value: number | null; comment: string | null }>;
  },
): Promise<{ personId: string | null; closesAt: Date | null; sessionExpiresAt: Date | null }> {
  const { answers } = input;
  const result = await db.executeQuery<{ personId: string | null; closesAt: Date | null; sessionExpiresAt: Date | null }>(
    CompiledQuery.raw(SUBMIT_IN_SESSION, [
      input.sessionId,
      input.secretHash,
      `${input.renewWithinMs} milliseconds`,
      `${input.lifetimeMs} milliseconds`,
      input.waveId,
      input.now,
      input.formKey,
      answers.map((a) => a.itemId),
      answers.map((a) => a.value),
      answers.map((a) => a.comment),
    ]),
  );
  return result.rows[0] ?? { personId: null, closesAt: null, sessionExpiresAt: null };
}

// Written out rather than built: this is the most frequent write Candor takes, and Kysely's query building
// costs more than the rest of the call on the application's side.
const SUBMIT_IN_SESSION = `select person_id as "personId", closes_at as "closesAt", session_expires_at as "sessionExpiresAt"
  from submit_pulse_in_session($1, $2, $3::interval, $4::interval, $5, $6, $7, $8::uuid[], $9::smallint[], $10::text[])`;
