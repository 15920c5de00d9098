import { describe, expect, it } from "vitest";
import { CsvFormatError, parseCsvTable } from "./csv";

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

  it("refuses binary data and empty files", () => {
    expect(() => parseCsvTable("PK\u0003\u0004\u0000\u0000")).toThrow(/not a CSV text file/);
    expect(() => parseCsvTable("\n\n")).toThrow(/empty/);
  });

  it("flags values beyond the header", () => {
    const table = parseCsvTable("a,b\n1,2,3\n");
    expect(table.records[0]!.values.__extra).toBe("3");
  });
});
