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
 * Claims the key before anything is created; false when another request with the same key got there first.
 * A concurrent claim waits on the key's row until that request's transaction ends, so the answer is final:
 * a rolled-back first attempt frees the key, a committed one keeps it. `resultId` is set once the thing exists.
 */
export async function claimFormSubmission(db: Kysely<DB>, values: { organisationId: string; kind: FormSubmissionKind; key: string; personId: string }): Promise<boolean> {
  const row = await db
    .insertInto("formSubmission")
    .values({ ...values, resultId: "" })
    .onConflict((oc) => oc.columns(["organisationId", "kind", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  return row !== undefined;
}

/** Records what the claimed key created, in the claiming transaction. */
export async function setFormSubmissionResult(db: Kysely<DB>, organisationId: string, kind: FormSubmissionKind, key: string, resultId: string): Promise<void> {
  await db.updateTable("formSubmission").set({ resultId }).where("organisationId", "=", organisationId).where("kind", "=", kind).where("key", "=", key).execute();
}
