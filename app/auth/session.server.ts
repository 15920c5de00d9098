import type { AppContext } from "~/context.server";
import type { Role } from "#db/schema";
import { deleteSession, deleteSessionsOfPerson, extendSession, findSessionWithPerson, insertSession } from "#db/queries/sessions";
import { readCookie, serializeCookie } from "~/utils/cookies";
import { newSecretToken, secretMatches, sha256Bytes, splitSecretToken } from "./crypto.server";

export const SESSION_COOKIE = "candor_session";
const DAY_MS = 24 * 60 * 60 * 1000;
/** Sessions last 30 days and slide forward when fewer than 15 remain (Lucia's design). */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
export const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS;

export interface SessionUser {
  sessionId: string;
  personId: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: string;
  email: string;
  name: string;
  role: Role;
  expiresAt: Date;
  /** True when this validation slid the expiry forward: the cookie must be sent again. */
  renewed: boolean;
  /** The person's own language (null: none chosen) and their organisation's default (ADR 055). */
  language: string | null;
  defaultLanguage: string;
}

/** Starts a session for a person; returns the token for the cookie (never stored) and its expiry. */
export async function createSession(app: AppContext, person: { id: string; organisationId: string }): Promise<{ token: string; expiresAt: Date }> {
  const { id, token, secretHash } = newSecretToken();
  const expiresAt = new Date(app.now().getTime() + SESSION_LIFETIME_MS);
  await insertSession(app.db, { id, secretHash, personId: person.id, organisationId: person.organisationId, expiresAt });
  return { token, expiresAt };
}

/**
 * The person behind a session token, or null. Checks the secret in constant time, drops expired
 * sessions, refuses deactivated people, and slides the expiry when under 15 days remain. With
 * `{ write: false }` it only reads: the requests that lead to a ballot must write nothing that names the
 * person at that moment (ADR 021), so they neither renew nor drop a session.
 */
export async function validateSessionToken(app: AppContext, token: string, options: { write?: boolean } = {}): Promise<SessionUser | null> {
  const write = options.write ?? true;
  const parts = splitSecretToken(token);
  if (!parts) return null;
  const row = await findSessionWithPerson(app.db, parts.id);
  if (!row || !secretMatches(parts.secret, row.secretHash)) return null;
  const now = app.now().getTime();
  if (row.expiresAt.getTime() <= now) {
    if (write) await deleteSession(app.db, row.id);
    return null;
  }
  if (!row.active) return null;
  let expiresAt = row.expiresAt;
  let renewed = false;
  if (write && expiresAt.getTime() - now < SESSION_RENEW_WITHIN_MS) {
    expiresAt = new Date(now + SESSION_LIFETIME_MS);
    await extendSession(app.db, row.id, expiresAt);
    renewed = true;
  }
  return {
    sessionId: row.id,
    personId: row.personId,
    organisationId: row.organisationId,
    organisationSlug: row.organisationSlug,
    organisationName: row.organisationName,
    email: row.email,
    name: row.name,
    role: row.role,
    expiresAt,
    renewed,
    language: row.language,
    defaultLanguage: row.defaultLanguage,
  };
}

/**
 * What proves a session to the database without reading it first (ADR 045, issue_ballot_in_session): its
 * id and the SHA-256 of its secret, as stored. Null for a token of the wrong shape. The statement that
 * takes it checks what validateSessionToken checks with `{ write: false }`.
 */
export function sessionProof(token: string): { sessionId: string; secretHash: Uint8Array } | null {
  const parts = splitSecretToken(token);
  return parts ? { sessionId: parts.id, secretHash: sha256Bytes(parts.secret) } : null;
}

export async function invalidateSession(app: AppContext, sessionId: string): Promise<void> {
  await deleteSession(app.db, sessionId);
}

/** Signs a person out everywhere: on password change, deactivation, or at their request. */
export async function invalidateAllSessions(app: AppContext, personId: string, except?: string): Promise<number> {
  return deleteSessionsOfPerson(app.db, personId, except);
}

/** The session token from the request's Cookie header, if any. */
export function readSessionToken(request: Request): string | null {
  return readCookie(request, SESSION_COOKIE);
}

/** Set-Cookie for a session: HttpOnly, SameSite=Lax, Secure outside development. */
export function sessionCookie(app: AppContext, token: string, expiresAt: Date): string {
  return serializeCookie(SESSION_COOKIE, token, { expires: expiresAt, now: app.now(), secure: !app.config.development });
}

/** Set-Cookie that removes the session cookie. */
export function blankSessionCookie(app: AppContext): string {
  const attributes = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (!app.config.development) attributes.push("Secure");
  return attributes.join("; ");
}
