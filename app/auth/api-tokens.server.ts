import type { AppContext } from "~/context.server";
import { countApiRequest, findApiToken, touchApiToken } from "#db/queries/api-tokens";
import { newSecretToken, secretMatches, splitSecretToken } from "./crypto.server";

/** API tokens are `candor_<id>.<secret>`; the prefix makes a leaked one easy to find in logs and code. */
export const API_TOKEN_PREFIX = "candor_";

export function newApiToken(): { id: string; token: string; secretHash: Uint8Array } {
  const t = newSecretToken();
  return { id: t.id, token: `${API_TOKEN_PREFIX}${t.token}`, secretHash: t.secretHash };
}

/** Where a token stands in its rate window: the API sends it on every answer to a known token (RateLimit-* headers). */
export interface ApiRate {
  limit: number;
  /** Requests left in this window (0 once over). */
  remaining: number;
  /** Seconds until the window starts again (at least 1). */
  resetSeconds: number;
}

export class ApiAuthError extends Error {
  constructor(
    readonly status: 401 | 429,
    message: string,
    /** The token's rate window, for a 429. */
    readonly rate?: ApiRate,
  ) {
    super(message);
  }
}

/** Requests per token per minute; a BI refresh needs a handful. */
export const API_RATE_LIMIT = 60;
const WINDOW_MS = 60_000;

/** A fixed one-minute window per token, counted in the database (shared by every app instance). */
async function checkRate(app: AppContext, tokenId: string, now: Date): Promise<ApiRate> {
  const { requests, windowStart } = await countApiRequest(app.db, tokenId, now, WINDOW_MS);
  const rate = {
    limit: API_RATE_LIMIT,
    remaining: Math.max(0, API_RATE_LIMIT - requests),
    resetSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000)),
  };
  if (requests > API_RATE_LIMIT) throw new ApiAuthError(429, `Too many requests: at most ${API_RATE_LIMIT} a minute per token.`, rate);
  return rate;
}

/**
 * The organisation an API request may read, from its `Authorization: Bearer candor_…` header: the
 * token must exist, match its stored hash and not be revoked. Throws ApiAuthError 401 (or 429 when the
 * token is over its rate), and where the token stands in its rate window.
 */
export async function authenticateApiRequest(app: AppContext, request: Request): Promise<{ organisationId: string; tokenId: string; rate: ApiRate }> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiAuthError(401, "Send an API token in the Authorization header: Bearer candor_….");
  const raw = match[1]!;
  const parts = raw.startsWith(API_TOKEN_PREFIX) ? splitSecretToken(raw.slice(API_TOKEN_PREFIX.length)) : null;
  const stored = parts ? await findApiToken(app.db, parts.id) : undefined;
  if (!parts || !stored || !secretMatches(parts.secret, stored.secretHash)) throw new ApiAuthError(401, "This API token is not valid.");
  if (stored.revokedAt) throw new ApiAuthError(401, "This API token has been revoked.");
  const now = app.now();
  const rate = await checkRate(app, stored.id, now);
  // Last use to the minute is enough, and spares a write per request.
  if (!stored.lastUsedAt || now.getTime() - stored.lastUsedAt.getTime() > 60_000) await touchApiToken(app.db, stored.id, now);
  return { organisationId: stored.organisationId, tokenId: stored.id, rate };
}
