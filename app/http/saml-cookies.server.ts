// The two short-lived cookies of SAML sign-in (ADR 043). Both hold values sealed by the service
// (app/services/saml.server.ts); these helpers only write and read the cookie headers.
import { readCookie } from "~/utils/cookies";

const FLOW_COOKIE = "candor_saml_flow";
const TEST_COOKIE = "candor_saml_test";

/**
 * The flow cookie: which AuthnRequest this browser sent, and where to go afterwards. The provider's answer
 * comes back as a cross-site POST, which carries no SameSite=Lax cookie, so this one is SameSite=None, and
 * therefore Secure (browsers take Secure cookies from http://localhost and 127.0.0.1 too). It is scoped to the
 * connection's /sso/saml/<id>/ paths, HttpOnly, and lives 10 minutes. A cross-site POST from another site
 * carries it too: what stops a forged answer is that it must answer this request's secret, random ID.
 */
export function samlFlowCookie(connectionId: string, token: string, maxAgeSeconds: number): string {
  return [`${FLOW_COOKIE}=${token}`, `Path=/sso/saml/${connectionId}/`, "HttpOnly", "Secure", "SameSite=None", `Max-Age=${maxAgeSeconds}`].join("; ");
}

/** Set-Cookie that ends the flow (after the provider's answer, whatever it was). */
export function endSamlFlowCookie(connectionId: string): string {
  return [`${FLOW_COOKIE}=`, `Path=/sso/saml/${connectionId}/`, "HttpOnly", "Secure", "SameSite=None", "Max-Age=0"].join("; ");
}

export function readSamlFlowCookie(request: Request): string | null {
  return readCookie(request, FLOW_COOKIE);
}

/**
 * The admin's test result, on its way from the ACS to the admin page (a same-site GET after the redirect, so
 * SameSite=Lax is enough): scoped to that page's path, HttpOnly, five minutes.
 */
export function samlTestCookie(connectionId: string, token: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [`${TEST_COOKIE}=${token}`, `Path=/admin/sso/saml/${connectionId}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function endSamlTestCookie(connectionId: string, secure: boolean): string {
  const parts = [`${TEST_COOKIE}=`, `Path=/admin/sso/saml/${connectionId}`, "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function readSamlTestCookie(request: Request): string | null {
  return readCookie(request, TEST_COOKIE);
}
