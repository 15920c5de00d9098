import type { Kysely } from "kysely";
import type { DB, FormSubmissionKind } from "../schema";

/** What a form with this key created before, if it was sent already. */
export async function findFormSubmission(db: Kysely<DB>, organisationId: string, kind: FormSubmissionKind, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("formSubmission")
    .select("resultId")
    .where("organisationId", "=", organisationId)
    .where("kind", "=", kind)
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.resultId;
}

/**
 * Records the key with what it created; false when another request with the same key got there first (this
 * insert then waits for that one's transaction, so the answer is final).
 */
export async function claimFormSubmission(
  db: Kysely<DB>,
  values: { organisationId: string; kind: FormSubmissionKind; key: string; personId: string; resultId: string },
): Promise<boolean> {
  const row = await db
    .insertInto("formSubmission")
    .values(values)
    .onConflict((oc) => oc.columns(["organisationId", "kind", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  return row !== undefined;
}
