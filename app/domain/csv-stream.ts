/** A record of a CSV file with the line it starts on (the header is line 1). */
export interface LinedRecord {
  line: number;
  values: string[];
}

export class CsvStreamError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * A streaming CSV reader (RFC 4180 plus what spreadsheets write): text arrives in chunks of any size;
 * records come out as soon as they are complete, each with the line it starts on. Handles a leading BOM,
 * CRLF, LF or lone CR line ends, quoted fields with commas, doubled quotes and line breaks. Built for
 * million-row CRM exports: one pass over the characters, no regular expressions, no per-field objects.
 */
export class CsvStreamReader {
  private field = "";
  private record: string[] = [];
  private inQuotes = false;
  /** Just saw a quote inside a quoted field: either the closing quote or the first of a doubled one. */
  private quotePending = false;
  /** The previous character was a CR (so a following LF belongs to it). */
  private lastCr = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private fieldStarted = false;

  /** Feeds a chunk; returns the records it completed. */
  push(chunk: string): LinedRecord[] {
    const out: LinedRecord[] = [];
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    let start = i;
    const n = chunk.length;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      const wasCr = this.lastCr;
      this.lastCr = c === 13;
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === 34) {
            // A doubled quote inside quotes: one literal quote.
            this.field += '"';
            start = i + 1;
            continue;
          }
          // The quote before was the closing one; this character is outside the quotes.
          this.inQuotes = false;
        } else {
          if (c === 34) {
            this.field += chunk.slice(start, i);
            start = i + 1;
            this.quotePending = true;
          } else if (c === 13 || (c === 10 && !wasCr)) {
            this.line++;
          }
          continue;
        }
      }
      if (c === 10 && wasCr) {
        // The LF of a CRLF: the record already ended at the CR.
        start = i + 1;
        continue;
      }
      if (c === 44) {
        this.field += chunk.slice(start, i);
        this.record.push(this.field);
        this.field = "";
        this.fieldStarted = false;
        start = i + 1;
      } else if (c === 10 || c === 13) {
        this.field += chunk.slice(start, i);
        this.record.push(this.field);
        out.push({ line: this.recordLine, values: this.record });
        this.record = [];
        this.field = "";
        this.fieldStarted = false;
        this.line++;
        this.recordLine = this.line;
        start = i + 1;
      } else if (c === 34 && !this.fieldStarted && start === i) {
        this.inQuotes = true;
        this.fieldStarted = true;
        start = i + 1;
      } else {
        this.fieldStarted = true;
      }
    }
    this.field += chunk.slice(start, n);
    return out;
  }

  /** Ends the input: returns the last record if the file did not end with a line break. */
  end(): LinedRecord[] {
    if (this.inQuotes && !this.quotePending) throw new CsvStreamError(`Line ${this.recordLine}: a quoted value is never closed.`, this.recordLine);
    if (this.field === "" && this.record.length === 0) return [];
    this.record.push(this.field);
    const last = { line: this.recordLine, values: this.record };
    this.record = [];
    this.field = "";
    return [last];
  }
}
