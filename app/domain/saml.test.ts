import { describe, expect, it } from "vitest";
import { SAML_NAMEID_EMAIL, checkSamlAssertion, samlClaims, splitPemCertificates, type SamlAssertionFacts } from "./saml";

const acsUrl = "https://candor.example/sso/saml/c/acs";
const now = new Date("2026-12-06T12:00:00Z");
const minutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();
const facts = (over: Partial<SamlAssertionFacts> = {}): SamlAssertionFacts => ({
  assertionId: "_a1",
  issuer: "https://idp.example/",
  conditionsNotBefore: minutes(-1),
  conditionsNotOnOrAfter: minutes(5),
  confirmations: [{ method: "urn:oasis:names:tc:SAML:2.0:cm:bearer", recipient: acsUrl, inResponseTo: "_r1", notBefore: null, notOnOrAfter: minutes(5) }],
  responseDestination: acsUrl,
  responseStatus: "urn:oasis:names:tc:SAML:2.0:status:Success",
  ...over,
});
const expected = { idpEntityId: "https://idp.example/", acsUrl, requestId: "_r1", now };
const confirmation = facts().confirmations[0]!;

describe("checkSamlAssertion", () => {
  it("accepts a fitting assertion and remembers it until its latest NotOnOrAfter plus the skew", () => {
    expect(checkSamlAssertion(facts(), expected)).toEqual({ ok: true, assertionId: "_a1", expiresAt: new Date(minutes(8)) });
    // No Destination on the response is fine (it is optional); the confirmation's Recipient is not.
    expect(checkSamlAssertion(facts({ responseDestination: null, responseStatus: null }), expected).ok).toBe(true);
  });

  it("allows 3 minutes of skew either way, and not a millisecond more", () => {
    expect(checkSamlAssertion(facts(), { ...expected, now: new Date(now.getTime() + 8 * 60_000 - 1) }).ok).toBe(true);
    expect(checkSamlAssertion(facts(), { ...expected, now: new Date(now.getTime() + 8 * 60_000) })).toEqual({ ok: false, problem: "expired" });
    const early = facts({ conditionsNotBefore: minutes(3) });
    expect(checkSamlAssertion(early, expected).ok).toBe(true);
    expect(checkSamlAssertion(facts({ conditionsNotBefore: minutes(3.01) }), expected)).toEqual({ ok: false, problem: "expired" });
  });

  it("refuses each wrong value with its reason", () => {
    const cases: Array<[Partial<SamlAssertionFacts>, string]> = [
      [{ issuer: "https://evil.example/" }, "issuer"],
      [{ issuer: null }, "issuer"],
      [{ assertionId: null }, "bad-form"],
      [{ responseDestination: "https://other.example/acs" }, "recipient"],
      [{ responseStatus: "urn:oasis:names:tc:SAML:2.0:status:Requester" }, "provider-refused"],
      [{ conditionsNotOnOrAfter: "not a time" }, "bad-form"],
      [{ conditionsNotOnOrAfter: minutes(-4) }, "expired"],
      [{ confirmations: [] }, "bad-form"],
      [{ confirmations: [{ ...confirmation, method: "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key" }] }, "bad-form"],
      [{ confirmations: [{ ...confirmation, recipient: "https://other.example/acs" }] }, "recipient"],
      [{ confirmations: [{ ...confirmation, inResponseTo: "_other" }] }, "in-response-to"],
      [{ confirmations: [{ ...confirmation, inResponseTo: null }] }, "unsolicited"],
      [{ confirmations: [{ ...confirmation, notOnOrAfter: null }] }, "expired"],
      [{ confirmations: [{ ...confirmation, notOnOrAfter: minutes(-4) }] }, "expired"],
      [{ confirmations: [{ ...confirmation, notBefore: minutes(4) }] }, "expired"],
    ];
    for (const [over, problem] of cases) expect(checkSamlAssertion(facts(over), expected), JSON.stringify(over)).toEqual({ ok: false, problem });
  });

  it("takes any bearer confirmation that fits, among several", () => {
    const confirmations = [{ ...confirmation, recipient: "https://other.example/acs" }, confirmation];
    expect(checkSamlAssertion(facts({ confirmations }), expected).ok).toBe(true);
  });
});

describe("samlClaims", () => {
  it("takes the email from an emailAddress NameID, the name from displayName", () => {
    const { claims, received } = samlClaims({ nameId: "ana@example.com", nameIdFormat: SAML_NAMEID_EMAIL, attributes: { displayName: "Ana Lima", groups: ["a", "b"] } });
    expect(claims).toEqual({ subject: "ana@example.com", email: "ana@example.com", emailVerified: true, name: "Ana Lima" });
    expect(received).toEqual([
      { name: "NameID", value: "ana@example.com" },
      { name: "NameID format", value: SAML_NAMEID_EMAIL },
      { name: "displayName", value: "Ana Lima" },
      { name: "groups", value: "a, b" },
    ]);
  });

  it("takes Entra ID's claims when the NameID is an opaque id, and joins given name and surname", () => {
    const { claims } = samlClaims({
      nameId: "AAAAAAAAAAAAAAAAAAAAAJ3-xyz",
      nameIdFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
      attributes: {
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": "bo@example.com",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname": "Bo",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": "Berg",
      },
    });
    expect(claims).toEqual({ subject: "AAAAAAAAAAAAAAAAAAAAAJ3-xyz", email: "bo@example.com", emailVerified: true, name: "Bo Berg" });
  });

  it("has no email when neither the NameID nor an attribute holds one", () => {
    const { claims } = samlClaims({ nameId: "u123", nameIdFormat: SAML_NAMEID_EMAIL, attributes: { mail: "not an email" } });
    expect([claims.email, claims.name]).toEqual([null, null]);
  });
});

describe("splitPemCertificates", () => {
  it("finds each certificate and rewraps it, dropping what lies between", () => {
    const text = "Bag Attributes\n-----BEGIN CERTIFICATE-----\nQUJD\r\nREVG\n-----END CERTIFICATE-----\n\n-----BEGIN CERTIFICATE----- R0hJ -----END CERTIFICATE-----";
    expect(splitPemCertificates(text)).toEqual([
      "-----BEGIN CERTIFICATE-----\nQUJDREVG\n-----END CERTIFICATE-----",
      "-----BEGIN CERTIFICATE-----\nR0hJ\n-----END CERTIFICATE-----",
    ]);
    expect(splitPemCertificates("no certificate")).toEqual([]);
  });
});
