import type { AppContext } from "~/context.server";
import { countScimRequest, findScimToken } from "#db/queries/scim";
import { newSecretToken, secretMatches, splitSecretToken } from "./crypto.server";

/** SCIM tokens are `candor_scim_<id>.<secret>`: told apart from API tokens at a glance, and redacted from logs like them. */
export const SCIM_TOKEN_PREFIX = "candor_scim_";

export function newScimToken(): { id: string; token: string; secretHash: Uint8Array } {
  const t = newSecretToken();
  return { id: t.id, token: `${SCIM_TOKEN_PREFIX}${t.token}`, secretHash: t.secretHash };
}

/** Where a token stands in its rate window (RateLimit-* headers on every answer to a known token). */
export interface ScimRate {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export class ScimAuthError extends Error {
  constructor(
    readonly status: 401 | 429,
    message: string,
    readonly rate?: ScimRate,
  ) {
    super(message);
  }
}

/**
 * Requests per token per minute. A provider's first sync of a large organisation sends a few requests per
 * person; Okta and Entra ID slow down on a 429 and retry after Retry-After.
 */
export const SCIM_RATE_LIMIT = 600;
const WINDOW_MS = 60_000;

/**
 * The organisation a SCIM request provisions, from its `Authorization: Bearer candor_scim_…` header: the
 * token must exist, match its stored hash and not be revoked; a session cookie counts for nothing. Counts
 * the request in the token's one-minute window (throws 429 past SCIM_RATE_LIMIT) and notes its last use.
 */
export async function authenticateScimRequest(app: AppContext, request: Request): Promise<{ organisationId: string; tokenId: string; rate: ScimRate }> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) throw new ScimAuthError(401, "Send the SCIM token made on Admin → Provisioning (SCIM) in the Authorization header: Bearer candor_scim_….");
  const raw = match[1]!;
  const parts = raw.startsWith(SCIM_TOKEN_PREFIX) ? splitSecretToken(raw.slice(SCIM_TOKEN_PREFIX.length)) : null;
  const stored = parts ? await findScimToken(app.db, parts.id) : undefined;
  if (!parts || !stored || !secretMatches(parts.secret, stored.secretHash)) throw new ScimAuthError(401, "This SCIM token is not valid.");
  if (stored.revokedAt) throw new ScimAuthError(401, "This SCIM token has been revoked.");
  const now = app.now();
  const { requests, windowStart } = await countScimRequest(app.db, stored.id, now, WINDOW_MS);
  const rate = {
    limit: SCIM_RATE_LIMIT,
    remaining: Math.max(0, SCIM_RATE_LIMIT - requests),
    resetSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000)),
  };
  if (requests > SCIM_RATE_LIMIT) throw new ScimAuthError(429, `Too many requests: at most ${SCIM_RATE_LIMIT} a minute per token.`, rate);
  return { organisationId: stored.organisationId, tokenId: stored.id, rate };
}
