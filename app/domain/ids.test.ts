import { describe, expect, it } from "vitest";
import { isUuid } from "./ids";

describe("isUuid", () => {
  it("accepts the 8-4-4-4-12 form in either case, and only lower case when asked", () => {
    expect(isUuid("0b5e1a5c-6a37-4c43-9f7e-1f7a2a51c0de")).toBe(true);
    expect(isUuid("0B5E1A5C-6A37-4C43-9F7E-1F7A2A51C0DE")).toBe(true);
    expect(isUuid("0B5E1A5C-6A37-4C43-9F7E-1F7A2A51C0DE", { lowerCase: true })).toBe(false);
    expect(isUuid("0b5e1a5c-6a37-4c43-9f7e-1f7a2a51c0de", { lowerCase: true })).toBe(true);
  });

  it("refuses anything else", () => {
    for (const bad of [
      "",
      "org",
      "0b5e1a5c6a374c439f7e1f7a2a51c0de",
      "0b5e1a5c-6a37-4c43-9f7e-1f7a2a51c0d",
      "0b5e1a5c-6a37-4c43-9f7e-1f7a2a51c0de ",
      "g b5e1a5c-6a37-4c43-9f7e-1f7a2a51c0de",
    ])
      expect(isUuid(bad), bad).toBe(false);
  });
});
