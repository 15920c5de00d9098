import crypto from "node:crypto";
import fs from "node:fs";
import { inflateRawSync } from "node:zlib";
import { SignedXml } from "xml-crypto";

// A small SAML 2.0 identity provider for the tests (ADR 043): it reads Candor's AuthnRequest from the
// redirect and answers with a real SAML response, its assertion (and, if asked, the response) signed with
// xml-crypto and a test key (tests/fixtures/saml). Every field a test wants to get wrong can be set.

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/saml/${name}`, import.meta.url), "utf8");

export interface SigningKey {
  key: string;
  cert: string;
}

/** The test provider's key, whose certificate the tests save on the connection. */
export const IDP_KEY: SigningKey = { key: fixture("idp-key.pem"), cert: fixture("idp-cert.pem") };
/** Another key: what it signs must be refused. */
export const OTHER_KEY: SigningKey = { key: fixture("other-key.pem"), cert: fixture("other-cert.pem") };

export const IDP_ENTITY_ID = "https://idp.candor-tests.example/saml/metadata";
export const IDP_SSO_URL = "https://idp.candor-tests.example/saml/sso?app=candor";

const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** What Candor's AuthnRequest said (from the redirect's SAMLRequest, HTTP-Redirect binding). */
export interface ReadRequest {
  id: string;
  acsUrl: string;
  issuer: string;
  destination: string;
  nameIdFormat: string | null;
  /** The provider's address the redirect went to, without the SAML parameters. */
  target: string;
}

export function readAuthnRequest(location: string): ReadRequest {
  const url = new URL(location);
  const encoded = url.searchParams.get("SAMLRequest");
  if (!encoded) throw new Error(`no SAMLRequest in ${location}`);
  const xml = inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
  const attr = (name: string) => new RegExp(`<samlp:AuthnRequest[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1] ?? "";
  url.searchParams.delete("SAMLRequest");
  url.searchParams.delete("RelayState");
  return {
    id: attr("ID"),
    acsUrl: attr("AssertionConsumerServiceURL"),
    destination: attr("Destination"),
    issuer: /<saml:Issuer[^>]*>([^<]*)<\/saml:Issuer>/.exec(xml)?.[1] ?? "",
    nameIdFormat: /<samlp:NameIDPolicy[^>]*Format="([^"]*)"/.exec(xml)?.[1] ?? null,
    target: url.toString(),
  };
}

export interface ResponseOptions {
  /** Candor's ACS and entity id (the audience). */
  acsUrl: string;
  audience: string;
  /** The AuthnRequest's ID; null for an IdP-initiated (unsolicited) response. */
  inResponseTo: string | null;
  nameId: string;
  nameIdFormat?: string;
  attributes?: Record<string, string | string[]>;
  /** Defaults to IDP_ENTITY_ID. */
  issuer?: string;
  /** The provider's clock (defaults to the real one). */
  now?: Date;
  /** Defaults to now + 5 minutes (the subject confirmation's and the conditions'). */
  notOnOrAfter?: Date;
  /** What gets signed (default "assertion", as Okta, Entra ID and Google do by default). */
  sign?: "assertion" | "response" | "both" | "none";
  signingKey?: SigningKey;
  /** The Response's Destination (default: the ACS); null leaves it out. */
  destination?: string | null;
  /** The subject confirmation's Recipient (default: the ACS). */
  recipient?: string;
  assertionId?: string;
  status?: string;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
export const newSamlId = () => `_${crypto.randomBytes(16).toString("hex")}`;

/** A SAML response as the provider's page would post it, as XML (encode it with `encodeSamlResponse`). */
export function samlResponseXml(options: ResponseOptions): string {
  const now = options.now ?? new Date();
  const until = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60 * 1000);
  const issuer = escapeXml(options.issuer ?? IDP_ENTITY_ID);
  const assertionId = options.assertionId ?? newSamlId();
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escapeXml(options.inResponseTo)}"` : "";
  const destination = options.destination === null ? "" : ` Destination="${escapeXml(options.destination ?? options.acsUrl)}"`;
  const attributes = Object.entries(options.attributes ?? {})
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${(Array.isArray(value) ? value : [value])
          .map(
            (v) =>
              `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`,
          )
          .join("")}</saml:Attribute>`,
    )
    .join("");
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${escapeXml(options.nameIdFormat ?? NAMEID_EMAIL)}">${escapeXml(options.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${iso(until)}" Recipient="${escapeXml(options.recipient ?? options.acsUrl)}"/></saml:SubjectConfirmation>` +
    `</saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(new Date(now.getTime() - 60 * 1000))}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${newSamlId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : "") +
    `</saml:Assertion>`;
  const sign = options.sign ?? "assertion";
  const key = options.signingKey ?? IDP_KEY;
  const signedAssertion = sign === "assertion" || sign === "both" ? signElement(assertion, "Assertion", key) : assertion;
  const response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newSamlId()}" Version="2.0" IssueInstant="${iso(now)}"${destination}${inResponseTo}>` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(options.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success")}"/></samlp:Status>` +
    signedAssertion +
    `</samlp:Response>`;
  return sign === "response" || sign === "both" ? signElement(response, "Response", key) : response;
}

/** Signs the (first) element of that name, enveloped, the signature placed after its Issuer (as SAML requires). */
export function signElement(xml: string, localName: "Assertion" | "Response", signingKey: SigningKey): string {
  const sig = new SignedXml({
    privateKey: signingKey.key,
    publicCert: signingKey.cert,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  const element = localName === "Response" ? "/*[local-name(.)='Response']" : "//*[local-name(.)='Assertion']";
  sig.addReference({
    xpath: element,
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
  });
  sig.computeSignature(xml, { prefix: "ds", location: { reference: `${element}/*[local-name(.)='Issuer']`, action: "after" } });
  return sig.getSignedXml();
}

export const encodeSamlResponse = (xml: string) => Buffer.from(xml, "utf8").toString("base64");
