import type { Transaction } from "kysely";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { InputError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { claimFormSubmission, findFormSubmission } from "#db/queries/form-submissions";
import type { DB, FormSubmissionKind } from "#db/schema";

/** Thrown inside the transaction to undo a creation whose key another request claimed first. */
class AlreadySent extends Error {}

/**
 * Creates something once per form: `create` runs in a transaction that also records the form's key, so the
 * same form sent twice (a double click, "send again" after going back) creates one row, and the repeat gets
 * the first one's id with `repeated: true` (its caller then skips what follows a creation, such as mail).
 * Without a key (the CLI, older pages) it just creates. A key that is no UUID is refused: our pages never
 * send one.
 */
export async function createOnce(
  app: AppContext,
  user: SessionUser,
  kind: FormSubmissionKind,
  key: string | undefined,
  create: (trx: Transaction<DB>) => Promise<string>,
): Promise<{ id: string; repeated: boolean }> {
  if (!key) return { id: await app.db.transaction().execute(create), repeated: false };
  if (!isUuid(key)) throw new InputError("The form could not be read. Reload the page and send it again.");
  const earlier = await findFormSubmission(app.db, user.organisationId, kind, key);
  if (earlier) return { id: earlier, repeated: true };
  try {
    const id = await app.db.transaction().execute(async (trx) => {
      const created = await create(trx);
      if (!(await claimFormSubmission(trx, { organisationId: user.organisationId, kind, key, personId: user.personId, resultId: created }))) throw new AlreadySent();
      return created;
    });
    return { id, repeated: false };
  } catch (error) {
    if (!(error instanceof AlreadySent)) throw error;
    const first = await findFormSubmission(app.db, user.organisationId, kind, key);
    if (!first) throw error;
    return { id: first, repeated: true };
  }
}
