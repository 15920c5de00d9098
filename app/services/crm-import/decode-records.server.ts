/**
 * Stage 1 of a CRM import: the file's bytes → its text encoding → CSV records with the line each starts on.
 */
import { createChunkDecoder, sniffEncoding, type TextEncodingName } from "~/domain/crm";
import { CsvStreamError, CsvStreamReader, type LinedRecord } from "~/domain/csv-stream";
import { invalidFile } from "./outcome.server";

/** The first bytes, held back to decide the encoding (a Windows-1252 file often starts with plain ASCII). */
const SNIFF_BYTES = 65536;
/** A file with a NUL in these first bytes is no text file. */
const BINARY_SNIFF_BYTES = 4096;
/**
 * The most bytes decoded into one string. V8 keeps a string of more than 128 KiB (64 Ki two-byte
 * characters) in its large-object space, which is slow to allocate and free; 32 KiB of UTF-8 stays
 * under that whatever the characters (ADR 020).
 */
const DECODE_BYTES = 32 * 1024;

/**
 * Reads a file that arrives in chunks of bytes as CSV records. The encoding is the one asked for, or sniffed
 * from the first 64 KiB (UTF-8 with or without BOM, else Windows-1252). Each chunk is decoded in pieces of at
 * most 32 KiB, and `push` yields the records each piece completes, so that the caller can load them (and
 * wait for the database) before the next piece is read: memory stays bounded whatever the file size.
 * Throws ImportStop ("invalid-file") for a file with binary data at its start, bytes that are not UTF-8
 * after a UTF-8 start, or a quoted value never closed.
 */
export class RecordDecoder {
  /** Bytes taken so far. */
  bytes = 0;
  /** Whether any byte taken so far is NUL: until then no record can hold a NUL character, and none is searched for one. */
  nulSeen = false;
  private chosen: TextEncodingName | null;
  private decode: ((chunk: Uint8Array, last?: boolean) => string) | null = null;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private readonly reader = new CsvStreamReader();

  constructor(encoding: "auto" | TextEncodingName) {
    this.chosen = encoding === "auto" ? null : encoding;
  }

  /** The encoding the file is read with (UTF-8 until one is chosen or sniffed). */
  get encoding(): TextEncodingName {
    return this.chosen ?? "utf-8";
  }

  /** Takes the next chunk of the file; yields the records completed, one batch per decoded piece. */
  *push(chunk: Uint8Array): Generator<LinedRecord[]> {
    if (this.bytes === 0 && chunk.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      throw invalidFile("This file is not a CSV text file (it contains binary data). Export the report as CSV and upload that.");
    }
    // A NUL byte is a NUL character in both encodings read; searched in bytes (memchr), not in text.
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
      yield this.reader.end();
    } catch (error) {
      if (error instanceof CsvStreamError) throw invalidFile(`Line ${error.line}: a quoted value is never closed. Is this a CSV export?`);
      throw error;
    }
  }

  /** Decides the encoding from the held first bytes (the whole file when `wholeFile`), then reads them. */
  private *release(wholeFile: boolean): Generator<LinedRecord[], (chunk: Uint8Array, last?: boolean) => string> {
    const joined = Buffer.concat(this.head, this.headBytes);
    this.head = [];
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
        throw invalidFile("The file is not valid UTF-8 past its beginning. Upload it again choosing the Windows-1252 encoding.");
      }
      yield this.reader.push(text);
    }
  }
}
