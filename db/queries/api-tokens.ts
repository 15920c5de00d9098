import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

export async function insertApiToken(db: Kysely<DB>, token: { id: string; organisationId: string; name: string; secretHash: Uint8Array; createdBy: string }): Promise<void> {
  await db.insertInto("apiToken").values(token).execute();
}

export async function listApiTokens(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("apiToken")
    .leftJoin("person", "person.id", "apiToken.createdBy")
    .select(["apiToken.id", "apiToken.name", "apiToken.createdAt", "apiToken.lastUsedAt", "apiToken.revokedAt", "person.name as createdByName"])
    .where("apiToken.organisationId", "=", organisationId)
    .orderBy("apiToken.createdAt", "desc")
    .execute();
}

export async function findApiToken(db: Kysely<DB>, id: string) {
  return db.selectFrom("apiToken").select(["id", "organisationId", "secretHash", "revokedAt", "lastUsedAt"]).where("id", "=", id).executeTakeFirst();
}

export async function revokeApiToken(db: Kysely<DB>, organisationId: string, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("apiToken")
    .set({ revokedAt: at })
    .where("id", "=", id)
    .where("organisationId", "=", organisationId)
    .where("revokedAt", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function touchApiToken(db: Kysely<DB>, id: string, at: Date): Promise<void> {
  await db.updateTable("apiToken").set({ lastUsedAt: at }).where("id", "=", id).execute();
}

/**
 * Counts a request in the token's fixed window (one statement, safe under concurrency): a window older
 * than `windowMs` starts again at 1. Returns the count in the current window and when it started.
 */
export async function countApiRequest(db: Kysely<DB>, tokenId: string, now: Date, windowMs: number): Promise<{ requests: number; windowStart: Date }> {
  const expired = new Date(now.getTime() - windowMs);
  const row = await db
    .insertInto("apiRateWindow")
    .values({ tokenId, windowStart: now, requests: 1 })
    .onConflict((oc) =>
      oc.column("tokenId").doUpdateSet({
        requests: sql<number>`case when api_rate_window.window_start <= ${expired} then 1 else api_rate_window.requests + 1 end`,
        windowStart: sql<Date>`case when api_rate_window.window_start <= ${expired} then ${now} else api_rate_window.window_start end`,
      }),
    )
    .returning(["requests", "windowStart"])
    .executeTakeFirstOrThrow();
  return { requests: row.requests, windowStart: new Date(row.windowStart) };
}
