import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import { newScimToken } from "~/auth/scim-tokens.server";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { InputError, NotFoundError } from "~/domain/errors";
import { insertScimToken, listScimRequests, listScimTokens, revokeScimToken as revokeToken, SCIM_LOG_DAYS, SCIM_LOG_KEEP } from "#db/queries/scim";
import { createOnce } from "./form-submissions.server";
import { recordAuditByUser } from "./audit.server";

export { SCIM_LOG_DAYS, SCIM_LOG_KEEP };

/** How many of the recent requests the admin page shows. */
const SHOWN_REQUESTS = 50;

/** What Admin → Provisioning (SCIM) shows: where to point the provider, the tokens, and the recent requests. */
export async function getScimAdmin(app: AppContext, user: SessionUser) {
  requireRole(user, "admin");
  const [tokens, requests] = await Promise.all([listScimTokens(app.db, user.organisationId), listScimRequests(app.db, user.organisationId, SHOWN_REQUESTS)]);
  return { baseUrl: `${app.config.appUrl}/scim/v2`, tokens, requests };
}

/**
 * Creates a SCIM bearer token for the admin's organisation (ADR 044): returned once, only its hash kept, like
 * an API token. The same form sent again (`submissionKey`) creates nothing and answers `token: null`.
 */
export async function createScimToken(app: AppContext, user: SessionUser, name: string, submissionKey?: string): Promise<{ id: string; token: string | null }> {
  requireRole(user, "admin");
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new InputError(said("adminScim.nameNeeded"), { name: said("adminApi.required") });
  if (trimmed.length > 100) throw new InputError(said("adminApi.nameLong"), { name: said("adminApi.tooLong") });
  const token = newScimToken();
  const { id, repeated } = await createOnce(app, user, "scim-token", submissionKey, async (trx) => {
    await insertScimToken(trx, { id: token.id, organisationId: user.organisationId, name: trimmed, secretHash: token.secretHash, createdBy: user.personId });
    await recordAuditByUser(trx, app, user, { action: "scim-token.create", target: { type: "scim-token", id: token.id }, after: { name: trimmed } });
    return token.id;
  });
  return { id, token: repeated ? null : token.token };
}

/** Revokes a SCIM token: the provider's next request is refused (401). */
export async function revokeScimToken(app: AppContext, user: SessionUser, id: string): Promise<void> {
  requireRole(user, "admin");
  await app.db.transaction().execute(async (trx) => {
    if (!(await revokeToken(trx, user.organisationId, id, app.now()))) throw new NotFoundError(said("adminApi.noSuchToken"));
    await recordAuditByUser(trx, app, user, { action: "scim-token.revoke", target: { type: "scim-token", id } });
  });
}
