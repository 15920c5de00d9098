import type { AppContext } from "~/context.server";
import { findApiToken, touchApiToken } from "#db/queries/api-tokens";
import { newSecretToken, secretMatches, splitSecretToken } from "./crypto.server";

/** API tokens are `candor_<id>.<secret>`; the prefix makes a leaked one easy to find in logs and code. */
export const API_TOKEN_PREFIX = "candor_";

export function newApiToken(): { id: string; token: string; secretHash: Uint8Array } {
  const t = newSecretToken();
  return { id: t.id, token: `${API_TOKEN_PREFIX}${t.token}`, secretHash: t.secretHash };
}

export class ApiAuthError extends Error {
  constructor(
    readonly status: 401 | 429,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Requests per token per minute; a BI refresh needs a handful. */
export const API_RATE_LIMIT = 60;
const WINDOW_MS = 60_000;
const windows = new Map<string, { start: number; count: number }>();

/** A fixed one-minute window per token, kept in this server process. */
function checkRate(tokenId: string, now: number): void {
  const current = windows.get(tokenId);
  if (!current || now - current.start >= WINDOW_MS) {
    windows.set(tokenId, { start: now, count: 1 });
    if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(k);
    return;
  }
  current.count++;
  if (current.count > API_RATE_LIMIT) {
    throw new ApiAuthError(429, `Too many requests: at most ${API_RATE_LIMIT} a minute per token.`, Math.ceil((current.start + WINDOW_MS - now) / 1000));
  }
}

/**
 * The organisation an API request may read, from its `Authorization: Bearer candor_…` header: the
 * token must exist, match its stored hash and not be revoked. Throws ApiAuthError 401 (or 429 when the
 * token is over its rate).
 */
export async function authenticateApiRequest(app: AppContext, request: Request): Promise<{ organisationId: string; tokenId: string }> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiAuthError(401, "Send an API token in the Authorization header: Bearer candor_….");
  const raw = match[1]!;
  const parts = raw.startsWith(API_TOKEN_PREFIX) ? splitSecretToken(raw.slice(API_TOKEN_PREFIX.length)) : null;
  const stored = parts ? await findApiToken(app.db, parts.id) : undefined;
  if (!parts || !stored || !secretMatches(parts.secret, stored.secretHash)) throw new ApiAuthError(401, "This API token is not valid.");
  if (stored.revokedAt) throw new ApiAuthError(401, "This API token has been revoked.");
  const now = app.now();
  checkRate(stored.id, now.getTime());
  // Last use to the minute is enough, and spares a write per request.
  if (!stored.lastUsedAt || now.getTime() - stored.lastUsedAt.getTime() > 60_000) await touchApiToken(app.db, stored.id, now);
  return { organisationId: stored.organisationId, tokenId: stored.id };
}
