/**
 * Text encoding of CRM exports: UTF-8 with or without a BOM, Windows-1252 when Excel on Windows saved
 * the file, or UTF-16 (little- or big-endian) with its BOM, which Excel writes as "Unicode text".
 * Decoding Windows-1252 is shared with the roster import (../text-encoding).
 */
import { decodeWindows1252 } from "../text-encoding";

export type TextEncodingName = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";

/**
 * The UTF-16 a file is written in, from its byte-order mark (FF FE little-endian, FE FF big-endian), or
 * null without one. Neither pair can start UTF-8 or a Windows-1252 text file ("ÿþ" is no header), so
 * the mark decides whatever encoding was asked for. UTF-16 without a mark is not guessed.
 */
export function utf16FromBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** True when the bytes start with the UTF-8 byte-order mark EF BB BF. */
export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * True when the bytes are well-formed UTF-8 (RFC 3629): no stray continuation bytes, no overlong forms,
 * no UTF-16 surrogates, nothing above U+10FFFF. Plain ASCII is UTF-8. With `isPrefix` the bytes are the
 * first chunk of a longer file, so a character cut off at the very end is accepted.
 *
 * @example looksLikeUtf8(new Uint8Array([0x43, 0xc3, 0xa9])) // true ("Cé")
 */
export function looksLikeUtf8(bytes: Uint8Array, isPrefix = false): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return false;
    let code = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return isPrefix;
      if ((next & 0xc0) !== 0x80) return false;
      code = (code << 6) | (next & 0x3f);
      // Check the range as soon as the second byte is known, so a cut-off invalid sequence is still refused.
      if (k === 1 && !validLead(length, b, next)) return false;
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += length;
  }
  return true;
}

/** The second-byte ranges of RFC 3629 that exclude overlong forms, surrogates and code points above U+10FFFF. */
function validLead(length: number, first: number, second: number): boolean {
  if (length === 3 && first === 0xe0) return second >= 0xa0;
  if (length === 3 && first === 0xed) return second <= 0x9f;
  if (length === 4 && first === 0xf0) return second >= 0x90;
  if (length === 4 && first === 0xf4) return second <= 0x8f;
  return true;
}

/**
 * The encoding to read a file with, from its first bytes: UTF-16 when they start with its BOM, UTF-8 when
 * they carry the UTF-8 BOM or are valid UTF-8, else Windows-1252. Pass `isWholeFile` when the bytes are the entire file.
 */
export function sniffEncoding(firstBytes: Uint8Array, isWholeFile = false): TextEncodingName {
  const utf16 = utf16FromBom(firstBytes);
  if (utf16) return utf16;
  return hasUtf8Bom(firstBytes) || looksLikeUtf8(firstBytes, !isWholeFile) ? "utf-8" : "windows-1252";
}

/**
 * A decoder for a file that arrives in chunks: call it with each chunk in order and `last` on the final
 * one. It drops a leading BOM and keeps a character (or a UTF-16 code unit) split across chunks whole.
 * UTF-8 and UTF-16 decoding is strict: a chunk that is not UTF-8 after all throws a TypeError, and the
 * caller reads the file again as Windows-1252 (a single-byte encoding, which decodes chunk by chunk with
 * no state).
 */
export function createChunkDecoder(encoding: TextEncodingName): (chunk: Uint8Array, last?: boolean) => string {
  if (encoding === "windows-1252") return (chunk) => decodeWindows1252(chunk);
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  return (chunk, last = false) => decoder.decode(chunk, { stream: !last });
}

export { decodeWindows1252 };
