import { describe, expect, it } from "vitest";
import { isSameOriginRequest, isSamlAcsFormPost } from "./csrf.server";

const own = ["https://candor.example"];

describe("isSameOriginRequest", () => {
  it("accepts our origin and refuses others", () => {
    expect(isSameOriginRequest({ origin: "https://candor.example" }, own)).toBe(true);
    expect(isSameOriginRequest({ origin: "https://evil.example" }, own)).toBe(false);
    expect(isSameOriginRequest({ origin: "https://candor.example.evil.example" }, own)).toBe(false);
  });

  it("falls back to Sec-Fetch-Site when Origin is missing or null", () => {
    expect(isSameOriginRequest({ secFetchSite: "same-origin" }, own)).toBe(true);
    expect(isSameOriginRequest({ origin: "null", secFetchSite: "same-origin" }, own)).toBe(true);
    expect(isSameOriginRequest({ origin: "null", secFetchSite: "cross-site" }, own)).toBe(false);
    expect(isSameOriginRequest({ secFetchSite: "same-site" }, own)).toBe(false);
    expect(isSameOriginRequest({}, own)).toBe(false);
  });
});

describe("isSamlAcsFormPost", () => {
  const acs = "/sso/saml/0b5c8a2e-4f1d-4c3b-9a7e-2d6f8e1c5b4a/acs";
  const form = "application/x-www-form-urlencoded";

  it("lets a form post to a connection's ACS through", () => {
    expect(isSamlAcsFormPost("POST", acs, form)).toBe(true);
    expect(isSamlAcsFormPost("POST", acs, `${form}; charset=UTF-8`)).toBe(true);
  });

  it("lets nothing else through: other paths, other methods, other bodies", () => {
    expect(isSamlAcsFormPost("POST", "/sso/saml/0b5c8a2e-4f1d-4c3b-9a7e-2d6f8e1c5b4a/start", form)).toBe(false);
    expect(isSamlAcsFormPost("POST", `${acs}/x`, form)).toBe(false);
    expect(isSamlAcsFormPost("POST", "/sso/saml/not-a-uuid/acs", form)).toBe(false);
    expect(isSamlAcsFormPost("POST", "/sso/oidc/0b5c8a2e-4f1d-4c3b-9a7e-2d6f8e1c5b4a/acs", form)).toBe(false);
    expect(isSamlAcsFormPost("POST", "/admin/sso", form)).toBe(false);
    expect(isSamlAcsFormPost("PUT", acs, form)).toBe(false);
    expect(isSamlAcsFormPost("DELETE", acs, form)).toBe(false);
    expect(isSamlAcsFormPost("POST", acs, "multipart/form-data; boundary=x")).toBe(false);
    expect(isSamlAcsFormPost("POST", acs, "application/json")).toBe(false);
    expect(isSamlAcsFormPost("POST", acs, "text/plain")).toBe(false);
    expect(isSamlAcsFormPost("POST", acs, null)).toBe(false);
  });
});
