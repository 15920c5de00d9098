import crypto from "node:crypto";
import type { AppConfig } from "~/config.server";

// The `state` of an OAuth install (Slack's "Add to Slack", ADR 047): bound to the admin's session, so that a
// callback carrying a code from someone else's install, or a state lifted from another session, is refused.
// Nothing is stored: the state is its issue time, a nonce and an HMAC (under a key derived from the server's
// secret key) over those, the session, the person and the organisation.

const LIFETIME_MS = 10 * 60_000;

interface StateOwner {
  sessionId: string;
  personId: string;
  organisationId: string;
}

function mac(config: Pick<AppConfig, "secretKey">, purpose: string, owner: StateOwner, issuedAt: string, nonce: string): string {
  const key = crypto.createHmac("sha256", config.secretKey).update(`candor oauth state v1:${purpose}`).digest();
  return crypto.createHmac("sha256", key).update([owner.sessionId, owner.personId, owner.organisationId, issuedAt, nonce].join("\n")).digest("base64url");
}

/** A new state for an install started by this session. */
export function newOAuthState(config: Pick<AppConfig, "secretKey">, purpose: string, owner: StateOwner, now: Date): string {
  const issuedAt = String(now.getTime());
  const nonce = crypto.randomBytes(16).toString("base64url");
  return `${issuedAt}.${nonce}.${mac(config, purpose, owner, issuedAt, nonce)}`;
}

/** Whether the state came back to the session that made it, within 10 minutes. */
export function verifyOAuthState(config: Pick<AppConfig, "secretKey">, purpose: string, owner: StateOwner, state: string, now: Date): boolean {
  const [issuedAt, nonce, given, ...rest] = state.split(".");
  if (!issuedAt || !nonce || !given || rest.length > 0 || !/^\d{1,15}$/.test(issuedAt)) return false;
  const age = now.getTime() - Number(issuedAt);
  if (age < 0 || age > LIFETIME_MS) return false;
  const expected = Buffer.from(mac(config, purpose, owner, issuedAt, nonce));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
