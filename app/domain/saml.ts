// SAML 2.0 sign-in (ADR 043): what Candor reads from an identity provider's signed assertion, and the checks
// it makes on the assertion's conditions. Pure: the service has node-saml verify the signature and hands the
// signed assertion's values here as plain data.
import { said } from "~/i18n/said";
import type { SsoClaims } from "./sso";

export const SAML_NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

/** How far apart Candor's clock and the provider's may be (NotBefore, NotOnOrAfter). */
export const SAML_CLOCK_SKEW_MS = 3 * 60 * 1000;

/** Attributes that carry the email address, by the names Okta, Entra ID, Google and LDAP-style providers use. */
export const SAML_EMAIL_ATTRIBUTES = ["email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "mail", "urn:oid:0.9.2342.19200300.100.1.3", "emailAddress"];
const DISPLAY_NAME_ATTRIBUTES = ["displayName", "http://schemas.microsoft.com/identity/claims/displayname", "urn:oid:2.16.840.1.113730.3.1.241", "name"];
const GIVEN_NAME_ATTRIBUTES = ["givenName", "firstName", "given_name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "urn:oid:2.5.4.42"];
const SURNAME_ATTRIBUTES = ["surname", "sn", "lastName", "family_name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "urn:oid:2.5.4.4"];

/** Why Candor refused a SAML response, in words for the person (and the admin's test page). */
export const SAML_PROBLEMS = {
  "no-flow": said("sso.samlProblem.noFlow"),
  unsolicited: said("sso.samlProblem.unsolicited"),
  "in-response-to": said("sso.samlProblem.inResponseTo"),
  "bad-form": said("sso.samlProblem.badForm"),
  unsigned: said("sso.samlProblem.unsigned"),
  "bad-signature": said("sso.samlProblem.badSignature"),
  encrypted: said("sso.samlProblem.encrypted"),
  issuer: said("sso.samlProblem.issuer"),
  audience: said("sso.samlProblem.audience"),
  recipient: said("sso.samlProblem.recipient"),
  expired: said("sso.samlProblem.expired"),
  replayed: said("sso.samlProblem.replayed"),
  "no-subject": said("sso.samlProblem.noSubject"),
  "provider-refused": said("sso.samlProblem.providerRefused"),
} as const;
export type SamlProblem = keyof typeof SAML_PROBLEMS;

/**
 * The PEM certificates in a text (one or more, as an admin pastes them during a rollover), each with its
 * header and footer. Anything between them (Okta's "Bag Attributes" lines, blank lines) is dropped.
 *
 * @example splitPemCertificates(a + "\n" + b).length // 2
 */
export function splitPemCertificates(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => {
    const body = m[1]!.replace(/[^A-Za-z0-9+/=]/g, "");
    const lines = body.match(/.{1,64}/g) ?? [];
    return ["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----"].join("\n");
  });
}

/** A value the provider sent for an attribute, as text: several values joined, structured ones named so. */
function attributeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(attributeText).filter((v): v is string => v !== null);
    return parts.length > 0 ? parts.join(", ") : null;
  }
  return "[structured value]";
}

function firstValue(attributes: Record<string, unknown>, names: readonly string[]): string | null {
  for (const name of names) {
    const raw = attributes[name];
    const value = Array.isArray(raw) ? attributeText(raw[0]) : attributeText(raw);
    if (value && value.trim() !== "") return value.trim();
  }
  return null;
}

const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);

export interface SamlSubject {
  nameId: string | null;
  nameIdFormat: string | null;
  /** The signed assertion's attributes by name, as node-saml reads them (a string, or a list for several values). */
  attributes: Record<string, unknown>;
}

/**
 * What Candor makes of a signed assertion: the subject is the NameID; the email is the NameID when its format
 * is emailAddress, else the first email attribute (`email`, Entra's `…/claims/emailaddress`, `mail`); the name
 * is `displayName`, else given name and surname. A signed assertion from the organisation's provider counts as
 * a verified email (ADR 042). `received` lists what the provider sent, for the admin's test page.
 *
 * @example samlClaims({ nameId: "ana@example.com", nameIdFormat: SAML_NAMEID_EMAIL, attributes: {} }).claims.email // "ana@example.com"
 */
export function samlClaims(subject: SamlSubject): { claims: SsoClaims; received: Array<{ name: string; value: string }> } {
  const nameId = subject.nameId?.trim() ?? "";
  const fromNameId = subject.nameIdFormat === SAML_NAMEID_EMAIL && looksLikeEmail(nameId) ? nameId : null;
  const attributeEmail = firstValue(subject.attributes, SAML_EMAIL_ATTRIBUTES);
  const email = fromNameId ?? (attributeEmail && looksLikeEmail(attributeEmail) ? attributeEmail : null);
  const given = firstValue(subject.attributes, GIVEN_NAME_ATTRIBUTES);
  const surname = firstValue(subject.attributes, SURNAME_ATTRIBUTES);
  const name = firstValue(subject.attributes, DISPLAY_NAME_ATTRIBUTES) ?? ([given, surname].filter(Boolean).join(" ") || null);
  const received = [
    { name: "NameID", value: nameId },
    { name: "NameID format", value: subject.nameIdFormat ?? "(none)" },
    ...Object.entries(subject.attributes).map(([n, v]) => ({ name: n, value: attributeText(v) ?? "" })),
  ];
  return { claims: { subject: nameId, email, emailVerified: true, name }, received };
}

/** A SubjectConfirmation of the signed assertion. */
export interface SamlConfirmation {
  method: string | null;
  recipient: string | null;
  inResponseTo: string | null;
  notBefore: string | null;
  notOnOrAfter: string | null;
}

/** The values of a signed assertion (and of the response around it) that its checks read. */
export interface SamlAssertionFacts {
  assertionId: string | null;
  issuer: string | null;
  conditionsNotBefore: string | null;
  conditionsNotOnOrAfter: string | null;
  confirmations: SamlConfirmation[];
  /** The Response's Destination and StatusCode (the response may be unsigned: they only narrow, never widen). */
  responseDestination: string | null;
  responseStatus: string | null;
}

export interface SamlExpectations {
  idpEntityId: string;
  acsUrl: string;
  /** The ID of the AuthnRequest this browser's flow sent. */
  requestId: string;
  now: Date;
  skewMs?: number;
}

const instant = (text: string | null): number | null => {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? Number.NaN : ms;
};

/**
 * Checks a signed assertion's conditions against what Candor expects (ADR 043): the issuer is the
 * connection's provider; the response, if it says, succeeded and was sent to Candor's ACS; a bearer
 * SubjectConfirmation was issued for Candor's ACS, in response to this browser's request, and is still
 * valid; the Conditions' NotBefore and NotOnOrAfter hold, all with a clock skew of 3 minutes. The audience
 * and the signature are node-saml's checks. Returns the first problem found, or the instant until which the
 * assertion must be remembered to refuse its replay.
 */
export function checkSamlAssertion(
  facts: SamlAssertionFacts,
  expected: SamlExpectations,
): { ok: true; assertionId: string; expiresAt: Date } | { ok: false; problem: SamlProblem } {
  const skew = expected.skewMs ?? SAML_CLOCK_SKEW_MS;
  const now = expected.now.getTime();
  if (facts.responseStatus !== null && facts.responseStatus !== SUCCESS) return { ok: false, problem: "provider-refused" };
  if (!facts.assertionId) return { ok: false, problem: "bad-form" };
  if (facts.issuer?.trim() !== expected.idpEntityId.trim()) return { ok: false, problem: "issuer" };
  if (facts.responseDestination !== null && facts.responseDestination !== expected.acsUrl) return { ok: false, problem: "recipient" };

  const notBefore = instant(facts.conditionsNotBefore);
  const notOnOrAfter = instant(facts.conditionsNotOnOrAfter);
  if (Number.isNaN(notBefore) || Number.isNaN(notOnOrAfter)) return { ok: false, problem: "bad-form" };
  if (notBefore !== null && now + skew < notBefore) return { ok: false, problem: "expired" };
  if (notOnOrAfter !== null && now - skew >= notOnOrAfter) return { ok: false, problem: "expired" };

  const bearers = facts.confirmations.filter((c) => c.method === BEARER);
  if (bearers.length === 0) return { ok: false, problem: "bad-form" };
  // The most telling problem when no confirmation fits: its address, then the request it answers, then time.
  let problem: SamlProblem = "recipient";
  for (const c of bearers) {
    if (c.recipient !== expected.acsUrl) continue;
    if (c.inResponseTo !== expected.requestId) {
      problem = c.inResponseTo ? "in-response-to" : "unsolicited";
      continue;
    }
    const until = instant(c.notOnOrAfter);
    const from = instant(c.notBefore);
    // The bearer profile requires NotOnOrAfter on the confirmation: without it an assertion never expires.
    if (until === null || Number.isNaN(until) || Number.isNaN(from) || now - skew >= until || (from !== null && now + skew < from)) {
      problem = "expired";
      continue;
    }
    const latest = Math.max(until, notOnOrAfter ?? until);
    return { ok: true, assertionId: facts.assertionId, expiresAt: new Date(latest + skew) };
  }
  return { ok: false, problem };
}
