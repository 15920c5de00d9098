/**
 * PostgreSQL's binary COPY format (https://www.postgresql.org/docs/15/sql-copy.html, "Binary Format"), for
 * the column types a CRM load writes: text, date, numeric and integer. PostgreSQL reads binary rows in half
 * the time of CSV ones: no quoting to undo, and a date is a number of days instead of text to parse
 * (ADR 018). The writer fills buffers of about 1 MiB and hands them out with `take`.
 */

/** The 11-byte signature, flags (0: no OIDs) and header extension length (0). */
export const COPY_BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** The file trailer: a field count of -1. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

const CHUNK = 1 << 20;
/** Texts up to this length are tried as ASCII in JavaScript before Node's UTF-8 encoder (see `text`). */
const ASCII_COPY_MAX = 64;
/** Days from 0000-03-01 to PostgreSQL's epoch, 2000-01-01 (see daysFromCivil). */
const PG_EPOCH_DAYS = 730425;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil), without Date
 * objects, which read years below 100 as 19xx.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** PostgreSQL's date: days since 2000-01-01, from "YYYY-MM-DD". */
export function pgDays(iso: string): number {
  const year = Number(iso.slice(0, iso.length - 6));
  const month = (iso.charCodeAt(iso.length - 5) - 48) * 10 + (iso.charCodeAt(iso.length - 4) - 48);
  const day = (iso.charCodeAt(iso.length - 2) - 48) * 10 + (iso.charCodeAt(iso.length - 1) - 48);
  return daysFromCivil(year, month, day) + 719468 - PG_EPOCH_DAYS;
}

/**
 * A finite number as PostgreSQL's binary numeric: ndigits, weight, sign, dscale, then base-10000 digits.
 * The decimal digits are JavaScript's shortest round-trip text of the number, the same text a CSV COPY
 * would send, so the column's typmod rounds both alike (numeric(18,2) makes 1.005 into 1.01).
 */
export function numericBytes(value: number): Buffer {
  if (!Number.isFinite(value)) throw new Error("numeric must be finite");
  const negative = value < 0;
  let text = String(Math.abs(value));
  let exponent = 0;
  const e = text.indexOf("e");
  if (e >= 0) {
    exponent = Number(text.slice(e + 1));
    text = text.slice(0, e);
  }
  const dot = text.indexOf(".");
  let digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  // The decimal point sits after `point` digits of `digits` (before them when negative, or past the end).
  let point = (dot < 0 ? text.length : dot) + exponent;
  const fractionDigits = Math.max(0, digits.length - point);
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  // Pad so that the point falls on a 4-digit group boundary on both sides.
  const leftPad = (4 - (point % 4)) % 4;
  let padded = "0".repeat(leftPad) + digits;
  const intDigits = point + leftPad;
  if (padded.length < intDigits) padded += "0".repeat(intDigits - padded.length);
  padded += "0".repeat((4 - (padded.length % 4)) % 4);
  const groups: number[] = [];
  for (let i = 0; i < padded.length; i += 4) groups.push(Number(padded.slice(i, i + 4)));
  let weight = intDigits / 4 - 1;
  let first = 0;
  while (first < groups.length && groups[first] === 0) {
    first++;
    weight--;
  }
  let last = groups.length;
  while (last > first && groups[last - 1] === 0) last--;
  const kept = groups.slice(first, last);
  const out = Buffer.alloc(8 + kept.length * 2);
  out.writeInt16BE(kept.length, 0);
  out.writeInt16BE(kept.length === 0 ? 0 : weight, 2);
  out.writeUInt16BE(negative && kept.length > 0 ? 0x4000 : 0, 4);
  out.writeInt16BE(Math.min(fractionDigits, 1000), 6);
  kept.forEach((g, i) => out.writeInt16BE(g, 8 + i * 2));
  return out;
}

/** Node's Buffer#utf8Write: what Buffer#write calls for UTF-8, without its argument juggling (untyped in @types/node). */
type Utf8Writable = Buffer & { utf8Write(text: string, offset: number): number };

/** Writes rows of binary COPY data into buffers. */
export class CopyBinaryWriter {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private offset = 0;
  private readonly filled: Buffer[] = [];
  private filledBytes = 0;

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.filledBytes + this.offset;
  }

  /**
   * Starts a row of `fields` columns. `maxBytes`, what the row's fields will take at most, makes room for
   * them at once; without it each field makes its own (a row may then straddle two buffers, which COPY's
   * byte stream does not mind).
   */
  row(fields: number, maxBytes = 0): void {
    this.ensure(maxBytes + 2);
    this.buffer[this.offset++] = fields >> 8;
    this.buffer[this.offset++] = fields & 0xff;
  }

  /** A text field (UTF-8); null is SQL NULL. Takes 4 + 3 × length bytes at most. */
  text(value: string | null): void {
    if (value === null) return this.nullField();
    this.ensure(4 + 3 * value.length);
    const at = this.offset;
    const b = this.buffer;
    const n = value.length;
    // A short ASCII text is copied character by character: cheaper than a call into C++ for its few bytes
    // (most cells of a CRM export are short and ASCII). Anything else is encoded by Node.
    let written = 0;
    if (n <= ASCII_COPY_MAX) {
      const start = at + 4;
      while (written < n) {
        const c = value.charCodeAt(written);
        if (c >= 0x80) break;
        b[start + written++] = c;
      }
    }
    if (written < n) written = (b as Utf8Writable).utf8Write(value, at + 4);
    this.int32At(at, written);
    this.offset = at + 4 + written;
  }

  /** A field whose bytes are given (an encoded text, a numeric from numericBytes). Takes 4 + length. */
  bytes(value: Uint8Array | null): void {
    if (value === null) return this.nullField();
    this.ensure(4 + value.length);
    this.int32At(this.offset, value.length);
    this.buffer.set(value, this.offset + 4);
    this.offset += 4 + value.length;
  }

  /** An integer field (int4). Takes 8 bytes. */
  int4(value: number | null): void {
    if (value === null) return this.nullField();
    this.ensure(8);
    this.int32At(this.offset, 4);
    this.int32At(this.offset + 4, value);
    this.offset += 8;
  }

  /** A date field from PostgreSQL days (pgDays). Takes 8 bytes. */
  date(days: number | null): void {
    this.int4(days);
  }

  /** The bytes written since the last take (the buffers are the caller's now). */
  take(): Buffer[] {
    const out = this.filled.splice(0);
    if (this.offset > 0) {
      out.push(this.buffer.subarray(0, this.offset));
      this.buffer = Buffer.allocUnsafe(CHUNK);
      this.offset = 0;
    }
    this.filledBytes = 0;
    return out;
  }

  private nullField(): void {
    this.ensure(4);
    this.int32At(this.offset, -1);
    this.offset += 4;
  }

  private int32At(at: number, value: number): void {
    const b = this.buffer;
    b[at] = value >>> 24;
    b[at + 1] = (value >>> 16) & 0xff;
    b[at + 2] = (value >>> 8) & 0xff;
    b[at + 3] = value & 0xff;
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    if (this.offset > 0) {
      this.filled.push(this.buffer.subarray(0, this.offset));
      this.filledBytes += this.offset;
    }
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
    this.offset = 0;
  }
}
