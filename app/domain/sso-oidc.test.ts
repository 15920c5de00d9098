import { describe, expect, it } from "vitest";
import { claimsFromOidc, isEntraIssuer, oidcRedirectUri, receivedClaims } from "./sso-oidc";

const ENTRA = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";

describe("claimsFromOidc", () => {
  it("reads sub, email, email_verified and name from the ID token", () => {
    expect(claimsFromOidc("https://accounts.google.com", { sub: "1075", email: " ana@example.com ", email_verified: true, name: "Ana Ek" })).toEqual({
      subject: "1075",
      email: "ana@example.com",
      emailVerified: true,
      name: "Ana Ek",
    });
  });

  it("counts an email as verified only when the provider says so", () => {
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", email: "ana@example.com" }).emailVerified).toBe(false);
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", email: "ana@example.com", email_verified: false }).emailVerified).toBe(false);
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", email: "ana@example.com", email_verified: "false" }).emailVerified).toBe(false);
    // Some providers write the boolean as text.
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", email: "ana@example.com", email_verified: "true" }).emailVerified).toBe(true);
  });

  it("trusts Entra ID's email only with xms_edov, and never reads preferred_username as an email", () => {
    const base = { sub: "AAAA", email: "ana@example.com", preferred_username: "ana@example.com" };
    expect(claimsFromOidc(ENTRA, base).emailVerified).toBe(false);
    expect(claimsFromOidc(ENTRA, { ...base, xms_edov: false }).emailVerified).toBe(false);
    expect(claimsFromOidc(ENTRA, { ...base, xms_edov: true }).emailVerified).toBe(true);
    expect(claimsFromOidc(ENTRA, { ...base, xms_edov: "1" }).emailVerified).toBe(true);
    // xms_edov means nothing from another provider.
    expect(claimsFromOidc("https://idp.example.com", { ...base, xms_edov: true }).emailVerified).toBe(false);
    expect(claimsFromOidc(ENTRA, { sub: "AAAA", preferred_username: "ana@example.com", xms_edov: true })).toEqual({
      subject: "AAAA",
      email: null,
      emailVerified: false,
      name: null,
    });
  });

  it("takes email and its verification from UserInfo together when the ID token has no email", () => {
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", email_verified: true }, { sub: "1", email: "ana@example.com", email_verified: false, name: "Ana" })).toEqual({
      subject: "1",
      email: "ana@example.com",
      emailVerified: false,
      name: "Ana",
    });
    // The ID token's email wins over UserInfo's.
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", email: "a@example.com", email_verified: true }, { email: "b@example.com", email_verified: true }).email).toBe(
      "a@example.com",
    );
  });

  it("makes a name of given and family names when there is no name", () => {
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", given_name: "Ana", family_name: "Ek" }).name).toBe("Ana Ek");
    expect(claimsFromOidc("https://idp.example.com", { sub: "1", name: "  " }).name).toBeNull();
  });
});

describe("isEntraIssuer", () => {
  it("knows Entra ID by its host", () => {
    expect(isEntraIssuer(ENTRA)).toBe(true);
    expect(isEntraIssuer("https://login.microsoftonline.com.evil.example/x")).toBe(false);
    expect(isEntraIssuer("not a url")).toBe(false);
  });
});

describe("oidcRedirectUri", () => {
  it("is the installation's address with /sso/oidc/callback", () => {
    expect(oidcRedirectUri("https://candor.example.com/")).toBe("https://candor.example.com/sso/oidc/callback");
  });
});

describe("receivedClaims", () => {
  it("lists the person's claims before the protocol's, marks those only UserInfo had, and cuts long values", () => {
    const rows = receivedClaims(
      { iss: "https://idp.example.com", sub: "1", email_verified: true, groups: ["a", "b"] },
      { sub: "1", email: "ana@example.com", bio: "x".repeat(400) },
    );
    expect(rows.map((r) => r.name)).toEqual(["sub", "email_verified", "groups", "email (userinfo)", "bio (userinfo)", "iss"]);
    expect(rows[2]!.value).toBe('["a","b"]');
    expect(rows[4]!.value).toHaveLength(300);
  });
});
