/**
 * Stage 1 of a CRM import: the file's bytes → its text encoding and field separator → CSV records with the
 * line each starts on.
 */
import { createChunkDecoder, sniffEncoding, utf16FromBom, type TextEncodingName } from "~/domain/crm";
import { said } from "~/i18n/said";
import { CsvStreamError, CsvStreamReader, detectDelimiter, type CsvDelimiter, type LinedRecord } from "~/domain/csv-stream";
import { invalidFile } from "./outcome.server";

/** The first bytes, held back to decide the encoding (a Windows-1252 file often starts with plain ASCII). */
const SNIFF_BYTES = 65536;
/** A file with a NUL in the first line of these first bytes, or many NULs in them, is no text file. */
const BINARY_SNIFF_BYTES = 4096;
/**
 * The most bytes decoded into one string. V8 keeps a string of more than 128 KiB (64 Ki two-byte
 * characters) in its large-object space, which is slow to allocate and free; 32 KiB of UTF-8 stays
 * under that whatever the characters (ADR 020).
 */
const DECODE_BYTES = 32 * 1024;

/**
 * True when the first bytes of a file (not UTF-16) are binary data rather than text: a NUL byte before the
 * first line break (the header of a CSV file never holds one; a zip, an .xlsx or an old .xls has them in
 * its first bytes), or more than 16 NULs in them, or NULs making up more than 1 in 10 of them (a short
 * file). A NUL or two further on is a stray
 * byte in a cell (a CRM's free-text field), which is the row's business, not the file's (ADR 048).
 */
export function looksBinary(firstBytes: Uint8Array): boolean {
  let nuls = 0;
  let inFirstLine = true;
  for (const b of firstBytes) {
    if (b === 0) {
      if (inFirstLine) return true;
      nuls++;
    } else if (b === 10 || b === 13) inFirstLine = false;
  }
  return nuls > 16 || nuls * 10 > firstBytes.length;
}

/**
 * Reads a file that arrives in chunks of bytes as CSV records. The encoding is the one asked for, or sniffed
 * from the first 64 KiB (UTF-16 by its BOM, which wins whatever was asked; UTF-8 with or without BOM; else
 * Windows-1252), and the field separator is the one the header line uses (",", ";" or a tab: see
 * detectDelimiter). Each chunk is decoded in pieces of at most 32 KiB, and `push` yields the records each
 * piece completes, so that the caller can load them (and wait for the database) before the next piece is
 * read: memory stays bounded whatever the file size. Throws ImportStop ("invalid-file") for a file with
 * binary data at its start, bytes that are not UTF-8 after a UTF-8 start, or a quoted value never closed.
 */
export class RecordDecoder {
  /** Bytes taken so far. */
  bytes = 0;
  /**
   * Whether any byte taken so far is NUL: until then no record can hold a NUL character, and none is
   * searched for one. (Always true for UTF-16, whose ASCII characters have a NUL byte each.)
   */
  nulSeen = false;
  private chosen: TextEncodingName | null;
  private decode: ((chunk: Uint8Array, last?: boolean) => string) | null = null;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  /** Made when the first piece of text is decoded: its header line decides the field separator. */
  private reader: CsvStreamReader | null = null;

  constructor(encoding: "auto" | TextEncodingName) {
    this.chosen = encoding === "auto" ? null : encoding;
  }

  /** The encoding the file is read with (UTF-8 until one is chosen or sniffed). */
  get encoding(): TextEncodingName {
    return this.chosen ?? "utf-8";
  }

  /** The field separator the file is read with ("," until its first text is decoded). */
  get delimiter(): CsvDelimiter {
    return this.reader?.delimiter ?? ",";
  }

  /** Takes the next chunk of the file; yields the records completed, one batch per decoded piece. */
  *push(chunk: Uint8Array): Generator<LinedRecord[]> {
    // A NUL byte is a NUL character in the single-byte encodings and UTF-8; searched in bytes (memchr), not in text.
    if (!this.nulSeen && Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).includes(0)) this.nulSeen = true;
    this.bytes += chunk.length;
    if (this.decode) return yield* this.feed(this.decode, chunk, false);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= SNIFF_BYTES) yield* this.release(false);
  }

  /** Ends the file: yields the records still to come. */
  *end(): Generator<LinedRecord[]> {
    const decode = this.decode ?? (yield* this.release(true));
    yield* this.feed(decode, new Uint8Array(0), true);
    try {
      yield this.reader?.end() ?? [];
    } catch (error) {
      if (error instanceof CsvStreamError) throw invalidFile(said("crm.import.unclosedQuote", { line: String(error.line) }));
      throw error;
    }
  }

  /** Decides the encoding from the held first bytes (the whole file when `wholeFile`), then reads them. */
  private *release(wholeFile: boolean): Generator<LinedRecord[], (chunk: Uint8Array, last?: boolean) => string> {
    const joined = Buffer.concat(this.head, this.headBytes);
    this.head = [];
    const utf16 = utf16FromBom(joined);
    if (utf16) this.chosen = utf16;
    else if (looksBinary(joined.subarray(0, BINARY_SNIFF_BYTES))) {
      throw invalidFile(said("crm.import.binary"));
    }
    this.chosen ??= sniffEncoding(joined.subarray(0, SNIFF_BYTES), wholeFile);
    const decode = createChunkDecoder(this.chosen);
    this.decode = decode;
    yield* this.feed(decode, joined, false);
    return decode;
  }

  private *feed(decode: (chunk: Uint8Array, last?: boolean) => string, chunk: Uint8Array, last: boolean): Generator<LinedRecord[]> {
    // Decoded in pieces of at most DECODE_BYTES: a longer text is a "large object" to V8, and making one
    // per chunk cost 7 times as much as the decoding itself (1 s of a million-row import).
    for (let start = 0; start < chunk.length || (start === 0 && last); start += DECODE_BYTES) {
      const end = Math.min(chunk.length, start + DECODE_BYTES);
      let text: string;
      try {
        text = decode(chunk.subarray(start, end), last && end === chunk.length);
      } catch {
        if (this.encoding !== "utf-8") throw invalidFile(said("crm.import.badEncoding", { encoding: this.encoding.toUpperCase() }));
        throw invalidFile(said("crm.import.badUtf8"));
      }
      this.reader ??= new CsvStreamReader(detectDelimiter(text));
      yield this.reader.push(text);
    }
  }
}
