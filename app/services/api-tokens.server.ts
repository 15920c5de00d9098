import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import { newApiToken } from "~/auth/api-tokens.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, NotFoundError, InputError } from "~/domain/errors";
import { insertApiToken, listApiTokens as listTokens, revokeApiToken as revokeToken } from "#db/queries/api-tokens";
import { createOnce } from "./form-submissions.server";
import { recordAuditByUser } from "./audit.server";

function requireAdmin(user: SessionUser): void {
  if (user.role !== "admin") throw new ForbiddenError(said("adminApi.adminsOnly"));
}

/**
 * Creates a read-only API token for the admin's organisation; the token is returned once and only its hash is
 * kept. The same form sent again (`submissionKey`) creates nothing: it answers `token: null` with the first
 * token's id, since its secret cannot be shown a second time.
 */
export async function createApiToken(app: AppContext, user: SessionUser, name: string): Promise<{ id: string; token: string }>;
export async function createApiToken(app: AppContext, user: SessionUser, name: string, submissionKey: string | undefined): Promise<{ id: string; token: string | null }>;
export async function createApiToken(app: AppContext, user: SessionUser, name: string, submissionKey?: string): Promise<{ id: string; token: string | null }> {
  requireAdmin(user);
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new InputError(said("adminApi.nameNeeded"), { name: said("adminApi.required") });
  if (trimmed.length > 100) throw new InputError(said("adminApi.nameLong"), { name: said("adminApi.tooLong") });
  const token = newApiToken();
  const { id, repeated } = await createOnce(app, user, "api-token", submissionKey, async (trx) => {
    await insertApiToken(trx, { id: token.id, organisationId: user.organisationId, name: trimmed, secretHash: token.secretHash, createdBy: user.personId });
    await recordAuditByUser(trx, app, user, { action: "api-token.create", target: { type: "api-token", id: token.id }, after: { name: trimmed } });
    return token.id;
  });
  return { id, token: repeated ? null : token.token };
}

export async function listApiTokens(app: AppContext, user: SessionUser) {
  requireAdmin(user);
  return listTokens(app.db, user.organisationId);
}

export async function revokeApiToken(app: AppContext, user: SessionUser, id: string): Promise<void> {
  requireAdmin(user);
  await app.db.transaction().execute(async (trx) => {
    if (!(await revokeToken(trx, user.organisationId, id, app.now()))) throw new NotFoundError(said("adminApi.noSuchToken"));
    await recordAuditByUser(trx, app, user, { action: "api-token.revoke", target: { type: "api-token", id } });
  });
}
