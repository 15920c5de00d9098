import type { Kysely } from "kysely";
import type { DB } from "../schema";

/**
 * Records that a connection accepted an assertion; false when it had already (a replay). The primary key
 * decides, so of two posts of one assertion at the same moment exactly one inserts.
 */
export async function recordSamlAssertionUse(db: Kysely<DB>, use: { connectionId: string; assertionId: string; usedAt: Date; expiresAt: Date }): Promise<boolean> {
  const row = await db
    .insertInto("samlAssertionUse")
    .values(use)
    .onConflict((oc) => oc.columns(["connectionId", "assertionId"]).doNothing())
    .returning("assertionId")
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets assertions that have expired (their time checks refuse them now); returns how many went. */
export async function pruneSamlAssertionUses(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db.deleteFrom("samlAssertionUse").where("expiresAt", "<", now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
