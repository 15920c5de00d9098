import crypto, { X509Certificate } from "node:crypto";
import { said } from "~/i18n/said";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { SAML, SamlStatusError, ValidateInResponseTo, generateServiceProviderMetadata, type CacheProvider, type Profile } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { openSecret, sealSecret } from "~/auth/secret-box.server";
import type { SsoConnectionRow } from "#db/schema";
import { pruneSamlAssertionUses, recordSamlAssertionUse } from "#db/queries/saml";
import { ForbiddenError, InputError, NotFoundError } from "~/domain/errors";
import { SsoConnectionBaseSchema, SamlSettingsSchema, SSO_PROBLEMS, type SsoClaims } from "~/domain/sso";
import {
  SAML_NAMEID_EMAIL,
  SAML_PROBLEMS,
  checkSamlAssertion,
  samlClaims,
  splitPemCertificates,
  type SamlAssertionFacts,
  type SamlConfirmation,
  type SamlProblem,
} from "~/domain/saml";
import { completeSsoSignIn, getSsoConnectionForSignIn, reportSsoTest, requireConnection, saveSsoConnection, type SsoTestReport } from "./sso.server";

// SAML 2.0 sign-in (ADR 043). node-saml builds the AuthnRequest (HTTP-Redirect binding) and checks the
// response's XML signature against the connection's certificates, handing back only the XML that the
// signature covers (so a wrapped, unsigned assertion is never read); Candor then checks that signed
// assertion's issuer, recipient, request and times with its own clock (app/domain/saml.ts), accepts each
// assertion once (saml_assertion_use), and hands the claims to completeSsoSignIn, the one place that decides
// who they sign in (ADR 042).

/** How long a sign-in may take between Candor's redirect and the provider's answer. */
const FLOW_LIFETIME_MS = 10 * 60 * 1000;
/** How long the admin's test result waits for the admin page to show it. */
const TEST_RESULT_LIFETIME_MS = 5 * 60 * 1000;
const FLOW_PURPOSE = "saml-flow";
const TEST_PURPOSE = "saml-test-result";
/** At most this many certificates per connection (two during a rollover is the usual case). */
const MAX_CERTIFICATES = 5;

/** Candor's side of a connection, as the provider is told it: entity id (= the metadata's address) and ACS. */
export function samlServiceProvider(appUrl: string, connectionId: string): { entityId: string; metadataUrl: string; acsUrl: string; startPath: string } {
  const base = `${appUrl}/sso/saml/${connectionId}`;
  return { entityId: `${base}/metadata.xml`, metadataUrl: `${base}/metadata.xml`, acsUrl: `${base}/acs`, startPath: `/sso/saml/${connectionId}/start` };
}

async function samlConnection(app: AppContext, connectionId: string) {
  const connection = await getSsoConnectionForSignIn(app, connectionId);
  return connection && connection.kind === "saml" ? connection : null;
}

/**
 * The SP metadata of a connection (switched on or not: the admin enters it at the provider first), or null
 * for an unknown id. The same bytes every time for a connection: its ID is made from the connection's id.
 */
export async function getSamlMetadata(app: AppContext, connectionId: string): Promise<string | null> {
  const connection = await samlConnection(app, connectionId);
  if (!connection) return null;
  const sp = samlServiceProvider(app.config.appUrl, connection.id);
  return generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    identifierFormat: SAML_NAMEID_EMAIL,
    wantAssertionsSigned: true,
    generateUniqueId: () => `_candor-${connection.id}`,
  });
}

/** What the browser's flow cookie holds, sealed (app/auth/secret-box.server.ts) to the connection. */
interface SamlFlow {
  requestId: string;
  redirectTo: string;
  /** The admin who asked for a test sign-in; null for a real one. */
  testPersonId: string | null;
  startedAt: number;
}

function sealJson(app: AppContext, purpose: string, value: unknown, context: string): string {
  const packed = deflateRawSync(Buffer.from(JSON.stringify(value), "utf8"));
  return Buffer.from(sealSecret(app.config, purpose, packed, context)).toString("base64url");
}

function openJson<T>(app: AppContext, purpose: string, token: string | null, context: string): T | null {
  if (!token) return null;
  try {
    return JSON.parse(inflateRawSync(openSecret(app.config, purpose, Buffer.from(token, "base64url"), context)).toString("utf8")) as T;
  } catch {
    return null;
  }
}

export type SamlStart = { ok: true; location: string; flowToken: string; maxAgeSeconds: number } | { ok: false; status: 403 | 409; message: string };

function certificatesOf(connection: SsoConnectionRow): string[] {
  return splitPemCertificates(connection.samlIdpCertificates ?? "");
}

/**
 * Starts a sign-in: the provider's address with an AuthnRequest (HTTP-Redirect binding), and the flow to keep
 * in the browser's cookie (the request's ID, where to go afterwards, and whether it is an admin's test). A
 * test needs an admin of the connection's organisation, and works while the connection is switched off.
 */
export async function startSamlSignIn(app: AppContext, connectionId: string, options: { redirectTo: string; testBy: SessionUser | null }): Promise<SamlStart> {
  const connection = await samlConnection(app, connectionId);
  if (!connection) throw new NotFoundError(said("sso.noSuchSignIn"));
  if (options.testBy && (options.testBy.role !== "admin" || options.testBy.organisationId !== connection.organisationId)) {
    throw new ForbiddenError(said("adminSso.onlyAdminTests"));
  }
  if (!options.testBy && !connection.enabled) return { ok: false, status: 403, message: SSO_PROBLEMS["connection-off"] };
  const certificates = certificatesOf(connection);
  if (!connection.samlIdpSsoUrl || !connection.samlIdpEntityId || certificates.length === 0) {
    return { ok: false, status: 409, message: said("sso.notSetUp") };
  }
  const sp = samlServiceProvider(app.config.appUrl, connection.id);
  // An xs:ID starts with a letter or an underscore.
  const requestId = `_${crypto.randomBytes(20).toString("hex")}`;
  const saml = new SAML({
    entryPoint: connection.samlIdpSsoUrl,
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    idpCert: certificates,
    identifierFormat: SAML_NAMEID_EMAIL,
    // Asking for "password over TLS" exactly would refuse people who sign in with a passkey or MFA.
    disableRequestedAuthnContext: true,
    generateUniqueId: () => requestId,
    validateInResponseTo: ValidateInResponseTo.never,
  });
  const location = await saml.getAuthorizeUrlAsync("", undefined, {});
  const flow: SamlFlow = { requestId, redirectTo: options.redirectTo, testPersonId: options.testBy?.personId ?? null, startedAt: app.now().getTime() };
  return { ok: true, location, flowToken: sealJson(app, FLOW_PURPOSE, flow, connection.id), maxAgeSeconds: FLOW_LIFETIME_MS / 1000 };
}

export type SamlOutcome =
  | { kind: "signed-in"; token: string; expiresAt: Date; redirectTo: string }
  | { kind: "tested"; resultToken: string; adminPath: string; maxAgeSeconds: number }
  | { kind: "refused"; status: 400 | 403 | 404; message: string; retryPath: string | null };

/** What the test flow hands to the admin page: what the provider sent and what Candor read, or why it failed. */
interface SamlTestResult {
  at: number;
  claims: SsoClaims | null;
  received: Array<{ name: string; value: string }>;
  problem: string | null;
}

/**
 * Checks a provider's answer (the ACS's POST) and signs the person in, or, for an admin's test, hands back
 * what the admin page shows. Every refusal changes nothing (no session, no account, no tie) and is logged by
 * its reason only, never with the assertion's content.
 */
export async function consumeSamlResponse(app: AppContext, connectionId: string, input: { samlResponse: string | null; flowToken: string | null }): Promise<SamlOutcome> {
  const connection = await samlConnection(app, connectionId);
  if (!connection) return { kind: "refused", status: 404, message: said("sso.noSuchSignIn"), retryPath: null };
  const retryPath = samlServiceProvider(app.config.appUrl, connection.id).startPath;
  const flow = openJson<SamlFlow>(app, FLOW_PURPOSE, input.flowToken, connection.id);
  const refuse = (problem: SamlProblem | "connection-off", status: 400 | 403 = 400): SamlOutcome => {
    app.log.warn("saml sign-in refused", { connectionId: connection.id, problem });
    const message = problem === "connection-off" ? SSO_PROBLEMS["connection-off"] : SAML_PROBLEMS[problem];
    if (flow?.testPersonId) return tested(app, connection.id, flow.testPersonId, { at: app.now().getTime(), claims: null, received: [], problem: message });
    return { kind: "refused", status, message, retryPath };
  };
  const now = app.now();
  if (!flow || now.getTime() - flow.startedAt > FLOW_LIFETIME_MS || flow.startedAt > now.getTime() + 60_000) return refuse("no-flow");
  if (!flow.testPersonId && !connection.enabled) return refuse("connection-off", 403);
  if (!input.samlResponse) return refuse("bad-form");

  const response = readResponse(input.samlResponse);
  if (!response) return refuse("bad-form");
  const sp = samlServiceProvider(app.config.appUrl, connection.id);
  const checked = await verifySignedAssertion(sp, certificatesOf(connection), flow.requestId, input.samlResponse, response.assertionSigned);
  if (!checked.ok) return refuse(checked.problem);
  const facts: SamlAssertionFacts = { ...assertionFacts(checked.profile), responseDestination: response.destination, responseStatus: response.status };
  const verdict = checkSamlAssertion(facts, { idpEntityId: connection.samlIdpEntityId ?? "", acsUrl: sp.acsUrl, requestId: flow.requestId, now });
  if (!verdict.ok) return refuse(verdict.problem);
  const { claims, received } = samlClaims({
    nameId: checked.profile.nameID ?? null,
    nameIdFormat: checked.profile.nameIDFormat ?? null,
    attributes: (checked.profile.attributes as Record<string, unknown> | undefined) ?? {},
  });
  if (!claims.subject) return refuse("no-subject");

  // Each assertion once: the second post of the same assertion (a replay, or two at once) finds its row.
  if (!(await recordSamlAssertionUse(app.db, { connectionId: connection.id, assertionId: verdict.assertionId, usedAt: now, expiresAt: verdict.expiresAt }))) {
    return refuse("replayed");
  }
  // Assertions past their time are refused by their times: their rows can go (after an accepted one, so that
  // a refusal changes nothing).
  await pruneSamlAssertionUses(app.db, now);

  if (flow.testPersonId) return tested(app, connection.id, flow.testPersonId, { at: now.getTime(), claims, received, problem: null });
  const result = await completeSsoSignIn(app, connection.id, claims);
  if (!result.ok) {
    app.log.warn("saml sign-in refused", { connectionId: connection.id, problem: result.problem });
    return { kind: "refused", status: 403, message: result.message, retryPath: null };
  }
  app.log.info("saml sign-in", { connectionId: connection.id, created: result.created });
  return { kind: "signed-in", token: result.token, expiresAt: result.expiresAt, redirectTo: flow.redirectTo };
}

function tested(app: AppContext, connectionId: string, personId: string, result: SamlTestResult): SamlOutcome {
  // A cookie holds about 4 KB: keep what the provider sent within it (the claims Candor read come first).
  let kept = { ...result, received: result.received.slice(0, 60).map((r) => ({ name: r.name.slice(0, 200), value: r.value.slice(0, 300) })) };
  let token = sealJson(app, TEST_PURPOSE, kept, `${connectionId}:${personId}`);
  while (token.length > 3500 && kept.received.length > 2) {
    kept = { ...kept, received: kept.received.slice(0, kept.received.length - 1) };
    token = sealJson(app, TEST_PURPOSE, kept, `${connectionId}:${personId}`);
  }
  return { kind: "tested", resultToken: token, adminPath: `/admin/sso/saml/${connectionId}?tested=1`, maxAgeSeconds: TEST_RESULT_LIFETIME_MS / 1000 };
}

/**
 * The admin page's test report from the test flow's result (only the admin who started the test can open
 * it): what the provider sent and what a sign-in with it would do. Records the test (reportSsoTest) when the
 * provider's answer passed every check; null when there is no result, or it is older than five minutes.
 */
async function showSamlTestResult(app: AppContext, admin: SessionUser, connectionId: string, token: string | null): Promise<SsoTestReport | null> {
  const connection = await requireConnection(app, admin, connectionId);
  const result = openJson<SamlTestResult>(app, TEST_PURPOSE, token, `${connection.id}:${admin.personId}`);
  if (!result || app.now().getTime() - result.at > TEST_RESULT_LIFETIME_MS) return null;
  if (!result.claims)
    return {
      connectionName: connection.name,
      claims: result.received,
      outcome: said("adminSso.testFailed", { problem: result.problem ?? said("adminSso.unknownProblem") }),
      ok: false,
    };
  return reportSsoTest(app, admin, connection.id, result.claims, result.received);
}

/** What the raw response says outside the signature's reach: read only to narrow (a wrong Destination refuses). */
function readResponse(base64: string): { destination: string | null; status: string | null; assertionSigned: boolean } | null {
  const xml = Buffer.from(base64, "base64").toString("utf8");
  if (!xml.trimStart().startsWith("<")) return null;
  let failed = false;
  const onError = () => {
    failed = true;
  };
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: onError, fatalError: onError } }).parseFromString(xml, "text/xml");
  const root = doc?.documentElement;
  if (failed || !root || root.localName !== "Response" || root.namespaceURI !== "urn:oasis:names:tc:SAML:2.0:protocol") return null;
  const elements = (parent: Element, name: string) => Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name);
  const statusCode = elements(root, "Status").flatMap((s) => elements(s, "StatusCode"))[0];
  const assertion = elements(root, "Assertion")[0];
  return {
    destination: root.hasAttribute("Destination") ? root.getAttribute("Destination") : null,
    status: statusCode?.getAttribute("Value") ?? null,
    assertionSigned: assertion ? elements(assertion, "Signature").length > 0 : false,
  };
}

/**
 * node-saml's checks: the signature (the assertion's own, required; a signed response around it is checked
 * too), a single assertion, the audience (Candor's entity id), and InResponseTo against this browser's request.
 * Its time checks are off (acceptedClockSkewMs -1): Candor checks times with its own clock, in checkSamlAssertion.
 */
async function verifySignedAssertion(
  sp: { entityId: string; acsUrl: string },
  certificates: string[],
  requestId: string,
  samlResponse: string,
  assertionSigned: boolean,
): Promise<{ ok: true; profile: Profile } | { ok: false; problem: SamlProblem }> {
  // The request this browser started is the only one "in the cache": node-saml's InResponseTo check asks it.
  const oneRequest: CacheProvider = {
    saveAsync: () => Promise.resolve(null),
    // node-saml compares the value with its own clock; the flow's age was checked with Candor's.
    getAsync: (key) => Promise.resolve(key === requestId ? new Date().toISOString() : null),
    removeAsync: () => Promise.resolve(null),
  };
  const saml = new SAML({
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    idpCert: certificates,
    wantAssertionsSigned: true,
    // Okta, Entra ID and Google sign the assertion by default and the response only if asked: either is fine.
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    cacheProvider: oneRequest,
    acceptedClockSkewMs: -1,
  });
  try {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    if (!profile) return { ok: false, problem: "bad-form" };
    return { ok: true, profile };
  } catch (error) {
    return { ok: false, problem: problemOf(error, assertionSigned) };
  }
}

/** node-saml's error as a reason (its message is not shown or logged: it may quote the response). */
function problemOf(error: unknown, assertionSigned: boolean): SamlProblem {
  if (error instanceof SamlStatusError) return "provider-refused";
  const message = error instanceof Error ? error.message : "";
  if (/InResponseTo is missing/i.test(message)) return "unsolicited";
  if (/InResponseTo/i.test(message)) return "in-response-to";
  if (/decryption|EncryptedAssertion/i.test(message)) return "encrypted";
  if (/audience/i.test(message)) return "audience";
  if (/signature/i.test(message)) return assertionSigned ? "bad-signature" : "unsigned";
  return "bad-form";
}

type XmlNode = { $?: Record<string, string>; _?: string } & Record<string, unknown>;
const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => {
  const value = node?.[name];
  return Array.isArray(value) ? (value[0] as XmlNode) : undefined;
};
const children = (node: XmlNode | undefined, name: string): XmlNode[] => {
  const value = node?.[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
};
const attribute = (node: XmlNode | undefined, name: string): string | null => node?.$?.[name] ?? null;

/** The signed assertion's values that checkSamlAssertion reads (node-saml parsed only the signed XML). */
function assertionFacts(profile: Profile): Omit<SamlAssertionFacts, "responseDestination" | "responseStatus"> {
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const conditions = child(assertion, "Conditions");
  const confirmations: SamlConfirmation[] = children(child(assertion, "Subject"), "SubjectConfirmation").map((c) => {
    const data = child(c, "SubjectConfirmationData");
    return {
      method: attribute(c, "Method"),
      recipient: attribute(data, "Recipient"),
      inResponseTo: attribute(data, "InResponseTo"),
      notBefore: attribute(data, "NotBefore"),
      notOnOrAfter: attribute(data, "NotOnOrAfter"),
    };
  });
  return {
    assertionId: attribute(assertion, "ID"),
    issuer: child(assertion, "Issuer")?._ ?? null,
    conditionsNotBefore: attribute(conditions, "NotBefore"),
    conditionsNotOnOrAfter: attribute(conditions, "NotOnOrAfter"),
    confirmations,
  };
}

// ---- The admin page (admins only: the route checks the role) ----

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint: string;
  expired: boolean;
}

/** Each certificate's subject, issuer, validity and SHA-256 fingerprint, read with node:crypto. */
function describeCertificates(pems: string[], now: Date): CertificateInfo[] {
  return pems.flatMap((pem) => {
    try {
      const cert = new X509Certificate(pem);
      const line = (dn: string) => dn.split("\n").filter(Boolean).join(", ");
      return [
        {
          subject: line(cert.subject),
          issuer: line(cert.issuer),
          validFrom: new Date(cert.validFrom).toISOString().slice(0, 10),
          validTo: new Date(cert.validTo).toISOString().slice(0, 10),
          fingerprint: cert.fingerprint256,
          expired: new Date(cert.validTo).getTime() <= now.getTime(),
        },
      ];
    } catch {
      return [];
    }
  });
}

export interface SamlConnectionPage {
  connection: {
    id: string;
    name: string;
    emailDomains: string;
    enabled: boolean;
    idpEntityId: string;
    idpSsoUrl: string;
    idpCertificates: string;
    lastTestedAt: Date | null;
  } | null;
  certificates: CertificateInfo[];
  /** What the admin enters at the provider; null until the connection is saved (its id is in them). */
  serviceProvider: { entityId: string; metadataUrl: string; acsUrl: string } | null;
  testPath: string | null;
  /** The admin's test, when back from it: what the provider sent and what a sign-in with it would do. */
  report: SsoTestReport | null;
}

/**
 * The page of one SAML connection of the admin's organisation, or of a new one ("new"). Given the test flow's
 * result (the admin is back from "Test the connection"), it is read first, so that the page shows the test it
 * records.
 */
export async function getSamlConnectionPage(app: AppContext, admin: SessionUser, connectionId: string, testResult: string | null = null): Promise<SamlConnectionPage> {
  if (connectionId === "new") return { connection: null, certificates: [], serviceProvider: null, testPath: null, report: null };
  const report = testResult ? await showSamlTestResult(app, admin, connectionId, testResult) : null;
  const connection = await requireConnection(app, admin, connectionId);
  if (connection.kind !== "saml") throw new NotFoundError(said("adminSso.noSuchSaml"));
  const sp = samlServiceProvider(app.config.appUrl, connection.id);
  return {
    connection: {
      id: connection.id,
      name: connection.name,
      emailDomains: connection.emailDomains.join(", "),
      enabled: connection.enabled,
      idpEntityId: connection.samlIdpEntityId ?? "",
      idpSsoUrl: connection.samlIdpSsoUrl ?? "",
      idpCertificates: connection.samlIdpCertificates ?? "",
      lastTestedAt: connection.lastTestedAt,
    },
    certificates: describeCertificates(certificatesOf(connection), app.now()),
    serviceProvider: { entityId: sp.entityId, metadataUrl: sp.metadataUrl, acsUrl: sp.acsUrl },
    testPath: `${sp.startPath}?test=1`,
    report,
  };
}

export interface SamlConnectionForm {
  name: string;
  emailDomains: string;
  enabled: boolean;
  idpEntityId: string;
  idpSsoUrl: string;
  idpCertificates: string;
  /** The "add" form's key: sent twice, it adds one provider. */
  submissionKey?: string;
}

/**
 * Adds ("new") or changes a SAML connection from the admin's form: the fields' rules (app/domain/sso.ts),
 * then each pasted certificate must parse as an X.509 certificate (node:crypto); they are saved normalised,
 * one PEM block after another. Saving goes through saveSsoConnection (the audit entry, the domain check).
 */
export async function saveSamlConnection(app: AppContext, admin: SessionUser, connectionId: string, form: SamlConnectionForm): Promise<string> {
  // Another organisation's provider is a missing one, whatever the form holds.
  if (connectionId !== "new") await requireConnection(app, admin, connectionId);
  const fieldErrors: Record<string, string> = {};
  const base = SsoConnectionBaseSchema.safeParse({ name: form.name, emailDomains: form.emailDomains, enabled: form.enabled });
  const settings = SamlSettingsSchema.safeParse({ idpEntityId: form.idpEntityId, idpSsoUrl: form.idpSsoUrl, idpCertificates: form.idpCertificates });
  for (const issue of [...(base.error?.issues ?? []), ...(settings.error?.issues ?? [])]) fieldErrors[String(issue.path[0])] ??= issue.message;
  const pems = splitPemCertificates(form.idpCertificates);
  if (!fieldErrors.idpCertificates) {
    if (pems.length > MAX_CERTIFICATES) fieldErrors.idpCertificates = said("adminSso.tooManyCertificates", { count: MAX_CERTIFICATES });
    const bad = pems.findIndex((pem) => describeCertificates([pem], app.now()).length === 0);
    if (bad >= 0) fieldErrors.idpCertificates = pems.length > 1 ? said("adminSso.notCertificateNumber", { number: bad + 1 }) : said("adminSso.notCertificate");
  }
  if (!base.success || !settings.success || Object.keys(fieldErrors).length > 0) throw new InputError(said("adminSso.checkFields"), fieldErrors);
  return saveSsoConnection(app, admin, connectionId === "new" ? null : connectionId, {
    kind: "saml",
    ...base.data,
    submissionKey: form.submissionKey || undefined,
    saml: { ...settings.data, idpCertificates: pems.join("\n") },
  });
}
