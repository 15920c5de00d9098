import { describe, expect, it } from "vitest";
import { decodeUploadedText, decodeWindows1252 } from "./text-encoding";

describe("decodeUploadedText", () => {
  it("reads UTF-8 and drops its BOM", () => {
    expect(decodeUploadedText(new Uint8Array([0xef, 0xbb, 0xbf, 0x43, 0xc3, 0xa9]))).toEqual({ text: "Cé", encoding: "utf-8" });
  });
  it("falls back to Windows-1252 for bytes that are not UTF-8", () => {
    // "Zoë €5" in Windows-1252: ë = 0xEB, € = 0x80.
    expect(decodeUploadedText(new Uint8Array([0x5a, 0x6f, 0xeb, 0x20, 0x80, 0x35]))).toEqual({ text: "Zoë €5", encoding: "windows-1252" });
  });
});

describe("decodeWindows1252", () => {
  it("maps the 0x80–0x9F block to its typographic characters", () => {
    expect(decodeWindows1252(new Uint8Array([0x93, 0x51, 0x94, 0x20, 0x96, 0x20, 0x85, 0x99, 0xa3, 0xff]))).toBe("\u201cQ\u201d \u2013 \u2026\u2122£ÿ");
  });
});
