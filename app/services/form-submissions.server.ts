import type { Transaction } from "kysely";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { InputError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { claimFormSubmission, findFormSubmission, setFormSubmissionResult } from "#db/queries/form-submissions";
import type { DB, FormSubmissionKind } from "#db/schema";

/**
 * What a form with this key created before, if it was sent already: a use case whose checks would refuse the
 * repeat (a team's name is taken by the team the first send made) asks this before checking. A key that is
 * no UUID is refused: our pages never send one.
 */
export async function earlierSubmission(app: AppContext, user: SessionUser, kind: FormSubmissionKind, key: string | undefined): Promise<string | undefined> {
  if (!key) return undefined;
  if (!isUuid(key)) throw new InputError("The form could not be read. Reload the page and send it again.");
  return findFormSubmission(app.db, user.organisationId, kind, key);
}

/** Thrown inside the transaction when another request with the same key claimed it first. */
class AlreadySent extends Error {}

/**
 * Creates something once per form: `create` runs in a transaction that first claims the form's key, so the
 * same form sent twice (a double click, "send again" after going back) creates one row, and the repeat gets
 * the first one's id with `repeated: true` (its caller then skips what follows a creation, such as mail).
 * Two sends at the same moment queue on the key: the second waits until the first's transaction ends and
 * creates nothing if it committed (if the first failed, say on a field error, the second tries on its own).
 * Without a key (the CLI, older pages) it just creates.
 */
export async function createOnce(
  app: AppContext,
  user: SessionUser,
  kind: FormSubmissionKind,
  key: string | undefined,
  create: (trx: Transaction<DB>) => Promise<string>,
): Promise<{ id: string; repeated: boolean }> {
  if (!key) return { id: await app.db.transaction().execute(create), repeated: false };
  const earlier = await earlierSubmission(app, user, kind, key);
  if (earlier) return { id: earlier, repeated: true };
  try {
    const id = await app.db.transaction().execute(async (trx) => {
      if (!(await claimFormSubmission(trx, { organisationId: user.organisationId, kind, key, personId: user.personId }))) throw new AlreadySent();
      const created = await create(trx);
      await setFormSubmissionResult(trx, user.organisationId, kind, key, created);
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
