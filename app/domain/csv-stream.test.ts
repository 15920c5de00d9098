import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvStreamError, CsvStreamReader } from "./csv-stream";

function readAll(text: string, chunkSize: number) {
  const reader = new CsvStreamReader();
  const records = [];
  for (let i = 0; i < text.length; i += chunkSize) records.push(...reader.push(text.slice(i, i + chunkSize)));
  records.push(...reader.end());
  return records;
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
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom("\n", "\r\n"), (rows, size, eol) => {
        const text = rows.map((r) => r.map(quote).join(",")).join(eol) + eol;
        const expected = parse(text, { relax_column_count: true }) as string[][];
        expect(readAll(text, size).map((r) => r.values)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
