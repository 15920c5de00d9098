import type { Kysely } from "kysely";
import type { DB } from "../schema";

/** Failures per key since `since`, with the oldest one (when the window frees up). */
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

export async function recordLoginFailure(db: Kysely<DB>, keyHashes: string[], at: Date): Promise<void> {
  await db
    .insertInto("loginFailure")
    .values(keyHashes.map((keyHash) => ({ keyHash, failedAt: at })))
    .execute();
}

export async function clearLoginFailures(db: Kysely<DB>, keyHash: string): Promise<void> {
  await db.deleteFrom("loginFailure").where("keyHash", "=", keyHash).execute();
}

/** Housekeeping: forget failures older than `before`. */
export async function pruneLoginFailures(db: Kysely<DB>, before: Date): Promise<void> {
  await db.deleteFrom("loginFailure").where("failedAt", "<", before).execute();
}
