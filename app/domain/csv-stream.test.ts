import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvStreamError, CsvStreamReader, detectDelimiter, type LinedRecord } from "./csv-stream";

function readAll(text: string, chunkSize: number) {
  const reader = new CsvStreamReader();
  const records = [];
  for (let i = 0; i < text.length; i += chunkSize) records.push(...reader.push(text.slice(i, i + chunkSize)));
  records.push(...reader.end());
  return records.map(({ line, values }) => ({ line, values }));
}

describe("CsvStreamReader", () => {
  it("reads quoted commas, doubled quotes, line breaks in quotes, CRLF and a BOM, with starting lines", () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\r\n\r\n3,,\n4,last';
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(readAll(text, size)).toEqual([
        { line: 1, values: ["a", "b", "c"] },
        { line: 2, values: ["1", "x, y", 'say "hi"'] },
        { line: 3, values: ["2", "two\r\nlines", "z"] },
        { line: 5, values: [""] },
        { line: 6, values: ["3", "", ""] },
        { line: 7, values: ["4", "last"] },
      ]);
    }
  });

  it("reports an unclosed quote with the line its record starts on", () => {
    expect(() => readAll('a,b\n1,"never closed\n2,3\n', 4)).toThrow(new CsvStreamError("Line 2: a quoted value is never closed.", 2));
  });

  it("agrees with csv-parse on any well-formed file, in any chunking (property)", () => {
    const value = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a"b', "x,y", "l1\nl2", "l1\r\nl2", "", " sp "));
    const quote = (v: string) => (/[",\r\n]/.test(v) || v === "" ? `"${v.replace(/"/g, '""')}"` : v);
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom("\n", "\r\n"),
        (rows, size, eol) => {
          const text = rows.map((r) => r.map(quote).join(",")).join(eol) + eol;
          const expected = parse(text, { relax_column_count: true }) as string[][];
          expect(readAll(text, size).map((r) => r.values)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads any text, well-formed or not, in any chunking, exactly as a plain character-by-character reader does (property)", () => {
    const piece = fc.constantFrom("a", "bc", ",", '"', '""', "\n", "\r", "\r\n", " ", "\uFEFF", "é", "x,y");
    const records = (reader: { push(t: string): LinedRecord[]; end(): LinedRecord[] }, text: string, size: number) => {
      const out: LinedRecord[] = [];
      let unclosedAt: number | null = null;
      for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
      try {
        out.push(...reader.end());
      } catch (error) {
        unclosedAt = (error as CsvStreamError).line;
      }
      return { out: out.map(({ line, values }) => ({ line, values })), unclosedAt };
    };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (pieces, size) => {
        const text = pieces.join("");
        expect(records(new CsvStreamReader(), text, size)).toEqual(records(new CharByCharReader(), text, text.length || 1));
      }),
      { numRuns: 3000 },
    );
  });
});

/**
 * The reader as it was first written, one character at a time: slow, and plainly right. The oracle for the
 * property above (CsvStreamReader finds delimiters with indexOf instead).
 */
class CharByCharReader {
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
    if (this.inQuotes && !this.quotePending) throw new CsvStreamError("unclosed", this.recordLine);
    if (this.field === "" && this.record.length === 0) return [];
    this.record.push(this.field);
    const last = { line: this.recordLine, values: this.record };
    this.record = [];
    this.field = "";
    return [last];
  }
}

describe("detectDelimiter and other separators", () => {
  it("takes the separator used most outside quotes on the header line, a comma on a tie", () => {
    expect(detectDelimiter("Name;Amount;Stage\n1,5;2,5;x\n")).toBe(";");
    expect(detectDelimiter('\uFEFFName\t"A, B"\tStage\r\n')).toBe("\t");
    expect(detectDelimiter('"a;b;c",d\n')).toBe(",");
    expect(detectDelimiter("a;b,c\n")).toBe(",");
    expect(detectDelimiter("")).toBe(",");
    expect(detectDelimiter("id\n1;2;3\n")).toBe(",");
  });

  it("reads a semicolon file with quoted semicolons and line breaks the same in any chunking", () => {
    const text = 'a;b\r\n"x; y";"1\n2"\r\n3;4,5\r\n';
    const expected = [
      { line: 1, values: ["a", "b"] },
      { line: 2, values: ["x; y", "1\n2"] },
      { line: 4, values: ["3", "4,5"] },
    ];
    for (const size of [1, 2, 5, 100]) {
      const reader = new CsvStreamReader(";");
      const out: LinedRecord[] = [];
      for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
      out.push(...reader.end());
      expect(out).toEqual(expected);
    }
  });
});
