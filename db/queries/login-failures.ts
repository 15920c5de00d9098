import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

// The throttle's records: one row per attempt (a failed sign-in, a password reset request) per key, keyed by
// a hash of the email or the client address (neither is kept in clear). The table keeps its first name.

/** Attempts per key since `since`, with the oldest one (when the window frees up). */
export async function countLoginFailures(db: Kysely<DB>, keyHashes: string[], since: Date): Promise<Array<{ keyHash: string; failures: number; oldest: Date }>> {
  if (keyHashes.length === 0) return [];
  return db
    .selectFrom("loginFailure")
    .select((eb) => ["keyHash", eb.fn.countAll<number>().as("failures"), eb.fn.min("failedAt").as("oldest")])
    .where("keyHash", "in", keyHashes)
    .where("failedAt", ">", since)
    .groupBy("keyHash")
    .execute() as Promise<Array<{ keyHash: string; failures: number; oldest: Date }>>;
}

export type SlotResult = { taken: true; ids: number[] } | { taken: false; full: Array<{ keyHash: string; oldest: Date }> };

/**
 * Records an attempt under every key, only if each key has fewer than its `max` attempts since `since`:
 * the check and the record are one step. The keys' transaction-scoped advisory locks (taken in one order,
 * so two attempts never wait on each other in a cycle) make every other attempt on those keys — in this
 * process or another server's — wait until this one has counted and recorded; the count runs after the
 * locks, so it sees every attempt committed before.
 */
export async function takeAttemptSlot(db: Kysely<DB>, keys: Array<{ keyHash: string; max: number }>, since: Date, at: Date): Promise<SlotResult> {
  const sorted = [...keys].sort((a, b) => (a.keyHash < b.keyHash ? -1 : a.keyHash > b.keyHash ? 1 : 0));
  return db.transaction().execute(async (trx) => {
    for (const { keyHash } of sorted) await sql`select pg_advisory_xact_lock(hashtextextended(${keyHash}, 0))`.execute(trx);
    const counts = await countLoginFailures(
      trx,
      sorted.map((k) => k.keyHash),
      since,
    );
    const full = counts.filter((c) => c.failures >= sorted.find((k) => k.keyHash === c.keyHash)!.max);
    if (full.length > 0) return { taken: false, full: full.map(({ keyHash, oldest }) => ({ keyHash, oldest })) };
    const rows = await trx
      .insertInto("loginFailure")
      .values(sorted.map(({ keyHash }) => ({ keyHash, failedAt: at })))
      .returning("id")
      .execute();
    return { taken: true, ids: rows.map((r) => r.id) };
  });
}

/** Gives back attempts recorded by takeAttemptSlot (a sign-in that turned out right). */
export async function deleteAttempts(db: Kysely<DB>, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom("loginFailure").where("id", "in", ids).execute();
}

export async function clearLoginFailures(db: Kysely<DB>, keyHash: string): Promise<void> {
  await db.deleteFrom("loginFailure").where("keyHash", "=", keyHash).execute();
}

/** Housekeeping: forget attempts older than `before`. */
export async function pruneLoginFailures(db: Kysely<DB>, before: Date): Promise<void> {
  await db.deleteFrom("loginFailure").where("failedAt", "<", before).execute();
}
