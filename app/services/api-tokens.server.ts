import type { AppContext } from "~/context.server";
import { newApiToken } from "~/auth/api-tokens.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, NotFoundError, InputError } from "~/domain/errors";
import { insertApiToken, listApiTokens as listTokens, revokeApiToken as revokeToken } from "#db/queries/api-tokens";

function requireAdmin(user: SessionUser): void {
  if (user.role !== "admin") throw new ForbiddenError("API tokens are managed by admins.");
}

/** Creates a read-only API token for the admin's organisation; the token is returned once and only its hash is kept. */
export async function createApiToken(app: AppContext, user: SessionUser, name: string): Promise<{ id: string; token: string }> {
  requireAdmin(user);
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new InputError("Give the token a name, such as the tool that will use it.", { name: "Required" });
  if (trimmed.length > 100) throw new InputError("Keep the name under 100 characters.", { name: "Too long" });
  const token = newApiToken();
  await insertApiToken(app.db, { id: token.id, organisationId: user.organisationId, name: trimmed, secretHash: token.secretHash, createdBy: user.personId });
  return { id: token.id, token: token.token };
}

export async function listApiTokens(app: AppContext, user: SessionUser) {
  requireAdmin(user);
  return listTokens(app.db, user.organisationId);
}

export async function revokeApiToken(app: AppContext, user: SessionUser, id: string): Promise<void> {
  requireAdmin(user);
  if (!(await revokeToken(app.db, user.organisationId, id, app.now()))) throw new NotFoundError("There is no such active token.");
}
