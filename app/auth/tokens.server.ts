import type { AppContext } from "~/context.server";
import type { AuthTokenPurpose } from "#db/schema";
import { consumeAuthToken, findAuthToken, insertAuthToken, voidAuthTokens } from "#db/queries/auth-tokens";
import { said } from "~/i18n/said";
import { newSecretToken, secretMatches, splitSecretToken } from "./crypto.server";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Invitation and password-reset links: single use, stored hashed, valid for 7 days. */
export const AUTH_TOKEN_TTL_MS = 7 * DAY_MS;

/** Issues a new link token for a person, voiding their earlier unused ones of the same purpose. */
export async function issueAuthToken(app: AppContext, person: { id: string; organisationId: string }, purpose: AuthTokenPurpose): Promise<string> {
  const { id, token, secretHash } = newSecretToken();
  const now = app.now();
  await voidAuthTokens(app.db, person.id, purpose, now);
  await insertAuthToken(app.db, {
    id,
    secretHash,
    organisationId: person.organisationId,
    personId: person.id,
    purpose,
    expiresAt: new Date(now.getTime() + AUTH_TOKEN_TTL_MS),
  });
  return token;
}

export type TokenCheck =
  | { ok: true; personId: string; organisationId: string; organisationName: string; email: string; name: string; id: string }
  | { ok: false; reason: "invalid" | "used" | "expired" };

/** Whether a link token is valid for its purpose; says why not in words a person can act on. */
export async function checkAuthToken(app: AppContext, token: string, purpose: AuthTokenPurpose): Promise<TokenCheck> {
  const parts = splitSecretToken(token);
  if (!parts) return { ok: false, reason: "invalid" };
  const row = await findAuthToken(app.db, parts.id);
  if (!row || row.purpose !== purpose || !secretMatches(parts.secret, row.secretHash) || !row.active) {
    return { ok: false, reason: "invalid" };
  }
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.expiresAt.getTime() <= app.now().getTime()) return { ok: false, reason: "expired" };
  return {
    ok: true,
    id: row.id,
    personId: row.personId,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    email: row.email,
    name: row.name,
  };
}

/** Uses a token up; false when it was already used (two tabs submitting at once). */
export function consumeToken(app: AppContext, tokenId: string): Promise<boolean> {
  return consumeAuthToken(app.db, tokenId, app.now());
}

/** Why a link cannot be used, said (ADR 057): the invitation and reset pages say it in the reader's language. */
export const TOKEN_PROBLEMS: Record<"invalid" | "used" | "expired", string> = {
  invalid: said("setPassword.invalidLink"),
  used: said("setPassword.usedLink"),
  expired: said("setPassword.expiredLink", { days: AUTH_TOKEN_TTL_MS / DAY_MS }),
};
