import { CompiledQuery, type Kysely } from "kysely";
import { namedStatement } from "../client";
import type { DB } from "../schema";

/** The teams asked in a wave: each gets a ballot key. */
export async function listAudienceTeams(db: Kysely<DB>, waveId: string): Promise<string[]> {
  const rows = await db.selectFrom("waveAudience").select("teamId").distinct().where("waveId", "=", waveId).execute();
  return rows.map((r) => r.teamId);
}

export async function insertBallotKeys(db: Kysely<DB>, keys: Array<{ waveId: string; teamId: string; publicKey: Uint8Array; privateKey: Uint8Array }>): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto("ballotKey")
    .values(keys)
    .onConflict((oc) => oc.columns(["waveId", "teamId"]).doNothing())
    .execute();
}

export async function findBallotKey(db: Kysely<DB>, waveId: string, teamId: string) {
  return db.selectFrom("ballotKey").select(["publicKey", "privateKey"]).where("waveId", "=", waveId).where("teamId", "=", teamId).executeTakeFirst();
}

/** One sealed private key of each open wave that still has them (at most `limit` waves): enough to tell whether a secret key opens them. */
export async function listSealedBallotKeysByWave(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom("ballotKey")
    .distinctOn("waveId")
    .select(["waveId", "teamId", "privateKey"])
    .where("privateKey", "is not", null)
    .orderBy("waveId")
    .orderBy("teamId")
    .limit(limit)
    .execute();
}

export type IssueRefusal = "not-invited" | "closed" | "already-issued";

/**
 * Records a signature for the holder (the SQL function issue_ballot, one statement and one transaction of
 * its own): the team whose key signs, or why not. The same blinded message again is answered as the first
 * time (its signature was lost on the way). The person's id is read, never stored.
 */
export async function issueBallot(
  db: Kysely<DB>,
  input: { waveId: string; personId: string; holder: Uint8Array; now: Date; requestHash: Uint8Array; language?: string | null },
): Promise<{ teamId: string; closesAt: Date; repeated: boolean } | { refusal: IssueRefusal }> {
  const result = await db.executeQuery<{ teamId: string | null; closesAt: Date | null; refusal: IssueRefusal | null; repeated: boolean | null }>(
    CompiledQuery.raw(ISSUE, [input.waveId, input.personId, input.holder, input.now, input.requestHash, null, null, input.language ?? null]),
  );
  const row = result.rows[0];
  if (row?.teamId && row.closesAt) return { teamId: row.teamId, closesAt: row.closesAt, repeated: Boolean(row.repeated) };
  return { refusal: row?.refusal ?? "not-invited" };
}

/**
 * issueBallot for a signed-in rep, in the statement that checks their session (ADR 045, ADR 056): the session (its id and secret hash) must be the person's, unexpired
 * and active, or `{ refusal: "no-session" }` and nothing is written.
 */
export async function issueBallotInSession(
  db: Kysely<DB>,
  input: { waveId: string; personId: string; holder: Uint8Array; now: Date; requestHash: Uint8Array; sessionId: string; secretHash: Uint8Array; language?: string | null },
): Promise<{ teamId: string; closesAt: Date; repeated: boolean } | { refusal: IssueRefusal | "no-session" }> {
  const result = await db.executeQuery<{ teamId: string | null; closesAt: Date | null; refusal: IssueRefusal | "no-session" | null; repeated: boolean | null }>(
    CompiledQuery.raw(ISSUE, [input.waveId, input.personId, input.holder, input.now, input.requestHash, input.sessionId, input.secretHash, input.language ?? null]),
  );
  const row = result.rows[0];
  if (row?.teamId && row.closesAt) return { teamId: row.teamId, closesAt: row.closesAt, repeated: Boolean(row.repeated) };
  return { refusal: row?.refusal ?? "not-invited" };
}

// A named prepared statement on PostgreSQL, like STORE (ADR 045).
// One statement for both: a personal link's request passes no session (ADR 056). $8: the page's language (ADR 058).
const ISSUE = namedStatement("issue_ballot", `select team_id as "teamId", closes_at as "closesAt", refusal, repeated from issue_ballot($1, $2, $3, $4, $5, $6, $7, $8)`);

/** Takes back a signature record whose signature was never given, or whose form could not be stored. */
export async function withdrawIssuance(db: Kysely<DB>, waveId: string, holder: Uint8Array): Promise<void> {
  await db.deleteFrom("ballotIssuance").where("waveId", "=", waveId).where("holder", "=", holder).execute();
}

/** Which of these holders have a signature in the wave. */
export async function findIssuedHolders(db: Kysely<DB>, waveId: string, holders: readonly Uint8Array[]): Promise<Uint8Array[]> {
  if (holders.length === 0) return [];
  const rows = await db
    .selectFrom("ballotIssuance")
    .select("holder")
    .where("waveId", "=", waveId)
    .where("holder", "in", [...holders])
    .execute();
  return rows.map((r) => r.holder);
}

type Answers = ReadonlyArray<{ itemId: string; value: number | null; comment: string | null }>;

/**
 * Stores a ballot's answers (the SQL function store_ballot, one statement and one transaction of its own):
 * a new response for a new ballot hash, or that hash's response replaced. `existingOnly` stores nothing new.
 * `threadKey`: the comment's conversation key (ADR 054), for a ballot; null for the form without JavaScript.
 * Null when the wave is not open, or nothing matched `existingOnly`.
 */
export async function storeBallot(
  db: Kysely<DB>,
  input: { waveId: string; teamId: string; ballotHash: Uint8Array; threadKey?: Uint8Array | null; now: Date; existingOnly: boolean; answers: Answers },
): Promise<{ closesAt: Date; replaced: boolean } | null> {
  const { answers } = input;
  const result = await db.executeQuery<{ closesAt: Date | null; replaced: boolean | null }>(
    CompiledQuery.raw(STORE, [
      input.waveId,
      input.teamId,
      input.ballotHash,
      input.threadKey ?? null,
      input.now,
      input.existingOnly,
      answers.map((a) => a.itemId),
      answers.map((a) => a.value),
      answers.map((a) => a.comment),
    ]),
  );
  const row = result.rows[0];
  return row?.closesAt ? { closesAt: row.closesAt, replaced: Boolean(row.replaced) } : null;
}

// Written out rather than built: these are the most frequent writes Candor takes (ADR 016's reasoning), and
// a named prepared statement on PostgreSQL, parsed and planned once per connection (ADR 045).
const STORE = namedStatement("store_ballot", `select closes_at as "closesAt", replaced from store_ballot($1, $2, $3, $4, $5, $6, $7::uuid[], $8::smallint[], $9::text[])`);

/** The answers of the response a ballot hash names, while its wave is open (the rep's own, to show them). */
export async function readBallotAnswers(db: Kysely<DB>, waveId: string, ballotHash: Uint8Array) {
  return db
    .selectFrom("response as r")
    .innerJoin("responseAnswer as a", "a.responseId", "r.id")
    .innerJoin("item", "item.id", "a.itemId")
    .select(["item.code", "a.value", "a.comment"])
    .where("r.waveId", "=", waveId)
    .where("r.ballotHash", "=", ballotHash)
    .execute();
}
