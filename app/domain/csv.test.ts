import { describe, expect, it } from "vitest";
import { CsvFormatError, parseCsvTable } from "./csv";
import { csvCell, toCsv } from "./csv-write";

describe("parseCsvTable", () => {
  it("keeps the starting line of each record through BOM, CRLF, blank lines and quoted newlines", () => {
    const text = '\uFEFFEmail,Name\r\na@x.io,"Ann, the ""first"""\r\n\r\nb@x.io,"Bob\non two lines"\r\nc@x.io,Cy\r\n';
    const table = parseCsvTable(text);
    expect(table.header).toEqual(["email", "name"]);
    expect(table.records).toEqual([
      { line: 2, values: { email: "a@x.io", name: 'Ann, the "first"' } },
      { line: 4, values: { email: "b@x.io", name: "Bob\non two lines" } },
      { line: 6, values: { email: "c@x.io", name: "Cy" } },
    ]);
  });

  it("reports an unclosed quote with its line", () => {
    expect(() => parseCsvTable('email,name\na@x.io,"Ann\n')).toThrow(CsvFormatError);
    expect(() => parseCsvTable('email,name\na@x.io,"Ann\n')).toThrow(/never closed/);
  });

  it("counts a CRLF inside a quoted value as one line, and puts an unclosed quote on the line it opens (found by fuzzing)", () => {
    const table = parseCsvTable('email,name\r\na@x.io,"Ann\r\nSmith"\r\nb@x.io,Bob\r\n');
    expect(table.records.map((r) => r.line)).toEqual([2, 4]);
    expect(() => parseCsvTable('email,name\r\na@x.io,Ann\r\n"b@x.io,Bob\r\nc@x.io,Cy\r\n')).toThrow(new CsvFormatError("Line 3: a quoted value is never closed.", 3));
  });

  it("refuses binary data and empty files", () => {
    expect(() => parseCsvTable("PK\u0003\u0004\u0000\u0000")).toThrow(/not a CSV text file/);
    expect(() => parseCsvTable("\n\n")).toThrow(/empty/);
  });

  it("flags values beyond the header", () => {
    const table = parseCsvTable("a,b\n1,2,3\n");
    expect(table.records[0]!.values.__extra).toBe("3");
  });
});

describe("CSV writing", () => {
  it("defuses cells a spreadsheet would run as formulas, and quotes what needs quoting", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe(`"'\rx"`);
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell(-0.25)).toBe("-0.25");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(
      toCsv([
        { team: "=cmd", n: 5 },
        { team: "Ana's team", n: null },
      ]),
    ).toBe("team,n\r\n'=cmd,5\r\nAna's team,\r\n");
  });
});
