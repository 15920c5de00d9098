import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./csrf.server";

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
