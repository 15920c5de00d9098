// OpenID Connect sign-in (ADR 046): what Candor asks a provider for, and how it reads the answer into the
// protocol-free SsoClaims that app/services/sso.server.ts decides on. Pure: the service talks to the provider.
import { said } from "~/i18n/said";
import type { SsoClaims } from "./sso";

/** The scopes Candor asks for: who the person is (`sub`), their email and whether it is verified, their name. */
export const OIDC_SCOPES = "openid email profile";

/** The one redirect URI of an installation, which every provider is told (`${appUrl}/sso/oidc/callback`). */
export function oidcRedirectUri(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, "")}/sso/oidc/callback`;
}

/** Whether an issuer is Microsoft Entra ID's (its ID tokens carry no `email_verified`). */
export function isEntraIssuer(issuer: string): boolean {
  try {
    return new URL(issuer).hostname.toLowerCase() === "login.microsoftonline.com";
  } catch {
    return false;
  }
}

// A boolean claim as providers send it: true, or (some providers) the text "true" or the number 1.
function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === 1 || value === "1";
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/**
 * Reads a provider's answer into SsoClaims. The ID token's claims come first; the UserInfo answer (asked
 * only when the ID token has no email) fills in email and name. Email and its verification are taken
 * together from one source, never the address from one and the "verified" from the other.
 *
 * The email counts as verified only when the provider says so (`email_verified: true`). Microsoft Entra ID
 * sends no `email_verified`, and its `email` is an attribute a tenant's admins (or, for guest accounts,
 * another tenant) can set to anything: it counts as verified only with Entra's optional claim `xms_edov`
 * ("email domain owner verified") set to true. `preferred_username` is never used as an email: it is
 * not promised to be one, nor to be verified.
 *
 * @example claimsFromOidc("https://accounts.google.com", { sub: "1", email: "ana@example.com", email_verified: true })
 * // { subject: "1", email: "ana@example.com", emailVerified: true, name: null }
 */
export function claimsFromOidc(issuer: string, idToken: Readonly<Record<string, unknown>>, userInfo?: Readonly<Record<string, unknown>> | null): SsoClaims {
  const subject = text(idToken.sub) ?? "";
  const source = text(idToken.email) === null && userInfo && text(userInfo.email) !== null ? userInfo : idToken;
  const email = text(source.email);
  let emailVerified = email !== null && isTrue(source.email_verified);
  if (email !== null && source.email_verified === undefined && isEntraIssuer(issuer)) emailVerified = isTrue(source.xms_edov);
  const name = text(idToken.name) ?? text(userInfo?.name) ?? joinName(idToken) ?? (userInfo ? joinName(userInfo) : null);
  return { subject, email, emailVerified, name };
}

function joinName(claims: Readonly<Record<string, unknown>>): string | null {
  const parts = [text(claims.given_name), text(claims.family_name)].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(" ") : null;
}

// Claims of the protocol itself, not of the person: shown to the admin all the same, after the person's.
const PROTOCOL_CLAIMS = new Set(["iss", "aud", "azp", "exp", "iat", "nbf", "auth_time", "nonce", "at_hash", "c_hash", "s_hash", "sid", "acr", "amr", "jti"]);

/**
 * What the provider sent, as the admin's test page lists it: the ID token's claims, then those only the
 * UserInfo answer had (marked "(userinfo)"), the person's before the protocol's; values as JSON text, cut at
 * 300 characters, at most 60 claims.
 *
 * @example receivedClaims({ sub: "1", email_verified: true }) // [{ name: "sub", value: "1" }, { name: "email_verified", value: "true" }]
 */
export function receivedClaims(idToken: Readonly<Record<string, unknown>>, userInfo?: Readonly<Record<string, unknown>> | null): Array<{ name: string; value: string }> {
  const rows: Array<{ name: string; value: string; protocol: boolean }> = [];
  for (const [name, value] of Object.entries(idToken)) rows.push({ name, value: shown(value), protocol: PROTOCOL_CLAIMS.has(name) });
  for (const [name, value] of Object.entries(userInfo ?? {})) {
    if (name in idToken) continue;
    rows.push({ name: `${name} (userinfo)`, value: shown(value), protocol: false });
  }
  const ordered = [...rows.filter((r) => !r.protocol), ...rows.filter((r) => r.protocol)];
  return ordered.slice(0, 60).map(({ name, value }) => ({ name, value }));
}

function shown(value: unknown): string {
  const written = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return written.length > 300 ? `${written.slice(0, 299)}…` : written;
}

/** Why the protocol part of an OpenID Connect sign-in failed, in words for the person. */
export const OIDC_PROBLEMS = {
  "no-such-connection": said("sso.oidcProblem.noSuchConnection"),
  "not-oidc": said("sso.oidcProblem.notOidc"),
  "flow-missing": said("sso.oidcProblem.flowMissing"),
  "state-mismatch": said("sso.oidcProblem.stateMismatch"),
  "provider-refused": said("sso.oidcProblem.providerRefused"),
  "code-rejected": said("sso.oidcProblem.codeRejected"),
  "answer-rejected": said("sso.oidcProblem.answerRejected"),
  unreachable: said("sso.oidcProblem.unreachable"),
  misconfigured: said("sso.oidcProblem.misconfigured"),
  "test-not-admin": said("sso.oidcProblem.testNotAdmin"),
  throttled: said("sso.oidcProblem.throttled"),
} as const;
export type OidcProblem = keyof typeof OIDC_PROBLEMS;
