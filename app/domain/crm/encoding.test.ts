import { describe, expect, it } from "vitest";
import { createChunkDecoder, hasUtf8Bom, looksLikeUtf8, sniffEncoding } from "./encoding";

const bytes = (...values: number[]) => new Uint8Array(values);

describe("hasUtf8Bom", () => {
  it("sees EF BB BF at the start only", () => {
    expect(hasUtf8Bom(bytes(0xef, 0xbb, 0xbf, 0x41))).toBe(true);
    expect(hasUtf8Bom(bytes(0x41, 0xef, 0xbb, 0xbf))).toBe(false);
    expect(hasUtf8Bom(bytes(0xef, 0xbb))).toBe(false);
  });
});

describe("looksLikeUtf8", () => {
  it("accepts ASCII and well-formed sequences of every length", () => {
    expect(looksLikeUtf8(bytes())).toBe(true);
    expect(looksLikeUtf8(new TextEncoder().encode("Owner,Amount\r\n"))).toBe(true);
    expect(looksLikeUtf8(bytes(0x43, 0xc3, 0xa9))).toBe(true); // Cé
    expect(looksLikeUtf8(bytes(0xe2, 0x82, 0xac))).toBe(true); // €
    expect(looksLikeUtf8(bytes(0xf0, 0x9f, 0x98, 0x80))).toBe(true); // 😀
  });

  it("refuses Windows-1252 text and malformed sequences", () => {
    expect(looksLikeUtf8(bytes(0x5a, 0x6f, 0xeb, 0x20, 0x80, 0x35))).toBe(false); // "Zoë €5" in Windows-1252
    expect(looksLikeUtf8(bytes(0x80))).toBe(false); // stray continuation byte
    expect(looksLikeUtf8(bytes(0xc0, 0x80))).toBe(false); // overlong NUL
    expect(looksLikeUtf8(bytes(0xe0, 0x80, 0x80))).toBe(false); // overlong
    expect(looksLikeUtf8(bytes(0xed, 0xa0, 0x80))).toBe(false); // UTF-16 surrogate
    expect(looksLikeUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(false); // above U+10FFFF
    expect(looksLikeUtf8(bytes(0xf5, 0x80, 0x80, 0x80))).toBe(false);
  });

  it("accepts a character cut off at the end of a first chunk only when told so", () => {
    expect(looksLikeUtf8(bytes(0x43, 0xe2, 0x82))).toBe(false);
    expect(looksLikeUtf8(bytes(0x43, 0xe2, 0x82), true)).toBe(true);
    expect(looksLikeUtf8(bytes(0x43, 0xe0, 0x80), true)).toBe(false);
  });
});

describe("sniffEncoding", () => {
  it("chooses UTF-8 for a BOM or valid UTF-8 and Windows-1252 otherwise", () => {
    expect(sniffEncoding(bytes(0xef, 0xbb, 0xbf, 0xff))).toBe("utf-8");
    expect(sniffEncoding(bytes(0x41, 0xc3), false)).toBe("utf-8");
    expect(sniffEncoding(bytes(0x41, 0xc3), true)).toBe("windows-1252");
    expect(sniffEncoding(bytes(0x41, 0xe9, 0x42))).toBe("windows-1252");
  });
});

describe("createChunkDecoder", () => {
  it("drops the BOM and keeps a character split across chunks whole", () => {
    const decode = createChunkDecoder("utf-8");
    expect([decode(bytes(0xef, 0xbb, 0xbf, 0x41, 0xe2)), decode(bytes(0x82)), decode(bytes(0xac, 0x42), true)]).toEqual(["A", "", "€B"]);
  });

  it("throws on bytes that are not UTF-8, and decodes Windows-1252 chunk by chunk", () => {
    expect(() => createChunkDecoder("utf-8")(bytes(0x41, 0xff), true)).toThrow(TypeError);
    const decode = createChunkDecoder("windows-1252");
    expect([decode(bytes(0x5a, 0x6f, 0xeb)), decode(bytes(0x20, 0x80, 0x35))]).toEqual(["Zoë", " €5"]);
  });
});

describe("UTF-16", () => {
  it("is read by its byte-order mark, little- or big-endian, and decoded across chunks", () => {
    expect(sniffEncoding(bytes(0xff, 0xfe, 0x41, 0))).toBe("utf-16le");
    expect(sniffEncoding(bytes(0xfe, 0xff, 0, 0x41))).toBe("utf-16be");
    const decode = createChunkDecoder("utf-16le");
    expect(decode(bytes(0xff, 0xfe, 0x41)) + decode(bytes(0, 0xe9, 0), true)).toBe("Aé");
  });
});
