import { describe, expect, it } from "vitest";
import { RecordDecoder } from "./decode-records.server";
import { ImportStop } from "./outcome.server";
import { inEnglish } from "~/i18n/in-english.server";
import { translatorFor } from "~/i18n/catalogues.server";

/** Every record the decoder gives for the chunks, in order, as [line, values]. */
function decodeAll(decoder: RecordDecoder, chunks: Uint8Array[]): Array<[number, string[]]> {
  const out: Array<[number, string[]]> = [];
  for (const chunk of chunks) for (const batch of decoder.push(chunk)) for (const r of batch) out.push([r.line, r.values]);
  for (const batch of decoder.end()) for (const r of batch) out.push([r.line, r.values]);
  return out;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const cut = (bytes: Uint8Array, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportStop) return error.result;
    throw error;
  }
  throw new Error("no ImportStop");
}

describe("RecordDecoder (stage 1: bytes → records)", () => {
  it("gives the same records, with the line each starts on, whatever the chunks (BOM, CRLF, quoted line breaks, characters cut)", () => {
    const text = '\uFEFFa,b\r\n"Müller, ""Jr""",2\r\n"two\nlines",😀\n\nlast,ü';
    const expected: Array<[number, string[]]> = [
      [1, ["a", "b"]],
      [2, ['Müller, "Jr"', "2"]],
      [3, ["two\nlines", "😀"]],
      [5, [""]],
      [6, ["last", "ü"]],
    ];
    for (const size of [1, 2, 3, 7, 1000]) {
      const decoder = new RecordDecoder("auto");
      expect(decodeAll(decoder, cut(utf8(text), size))).toEqual(expected);
      expect(decoder.encoding).toBe("utf-8");
      expect(decoder.bytes).toBe(utf8(text).length);
    }
  });

  it("sniffs Windows-1252 from the first bytes, or reads the encoding it is told", () => {
    const bytes = new Uint8Array([...utf8("name,city\nJos"), 0xe9, ...utf8(",K"), 0xf6, ...utf8("ln\n")]);
    const sniffed = new RecordDecoder("auto");
    expect(decodeAll(sniffed, [bytes])).toEqual([
      [1, ["name", "city"]],
      [2, ["José", "Köln"]],
    ]);
    expect(sniffed.encoding).toBe("windows-1252");
    const told = new RecordDecoder("windows-1252");
    expect(decodeAll(told, cut(bytes, 4))[1]).toEqual([2, ["José", "Köln"]]);
    expect(told.encoding).toBe("windows-1252");
  });

  it("decides the encoding on the first 64 KiB, and refuses bytes past them that are not UTF-8", () => {
    const ascii = utf8(`a,b\n${"x,y\n".repeat(20_000)}`);
    const bytes = new Uint8Array([...ascii, 0xe9, 0x0a]);
    expect(inEnglish(refusal(() => decodeAll(new RecordDecoder("auto"), cut(bytes, 10_000))))).toEqual({
      status: "invalid-file",
      message: "The file is not valid UTF-8 past its beginning. Upload it again choosing the Windows-1252 encoding.",
    });
  });

  it("names the line of a quote never closed in the reader's language (issue 26)", () => {
    const refused = refusal(() => decodeAll(new RecordDecoder("auto"), [utf8('a,b\n1,2\n"open,3\n')]));
    const message = (refused as { message: string }).message;
    expect(translatorFor("de").say(message)).toBe("Zeile 3: Ein Wert in Anführungszeichen wird nie geschlossen. Ist das ein CSV-Export?");
    expect(translatorFor("ja").say(message)).toBe("3行目：引用符で囲まれた値が閉じられていません。CSVエクスポートですか？");
  });

  it("refuses binary data at the start, notes a NUL later on, and names the line of a quote never closed", () => {
    expect(inEnglish(refusal(() => decodeAll(new RecordDecoder("auto"), [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])])))).toMatchObject({
      status: "invalid-file",
      message: expect.stringContaining("binary data"),
    });
    const late = new RecordDecoder("auto");
    const records = decodeAll(late, [utf8(`a,b\n${"x,y\n".repeat(2000)}`), new Uint8Array([0x41, 0, 0x2c, 0x42, 0x0a])]);
    expect(late.nulSeen).toBe(true);
    expect(records.at(-1)).toEqual([2002, ["A\u0000", "B"]]);
    expect(new RecordDecoder("auto").nulSeen).toBe(false);
    expect(inEnglish(refusal(() => decodeAll(new RecordDecoder("auto"), [utf8('a,b\n1,2\n"open,3\n')])))).toEqual({
      status: "invalid-file",
      message: "Line 3: a quoted value is never closed. Is this a CSV export?",
    });
  });

  it("yields the records of a large chunk in pieces of at most 32 KiB of bytes", () => {
    const decoder = new RecordDecoder("utf-8");
    const batches = [...decoder.push(utf8(`a,b\n${"1234567,9\n".repeat(20_000)}`))];
    expect(batches.length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(Math.ceil((32 * 1024) / 10) + 1);
    expect(batches.flat().length + [...decoder.end()].flat().length).toBe(20_001);
  });

  it("reads a semicolon or tab file by its header line, with commas and semicolons in quoted cells left alone", () => {
    const semicolon = 'Name;"Betrag, EUR";Stage\r\n"Müller; Sohn";"12.500,50";Closed Won\r\n';
    for (const size of [1, 5, 1000]) {
      const decoder = new RecordDecoder("auto");
      expect(decodeAll(decoder, cut(utf8(semicolon), size))).toEqual([
        [1, ["Name", "Betrag, EUR", "Stage"]],
        [2, ["Müller; Sohn", "12.500,50", "Closed Won"]],
      ]);
      expect(decoder.delimiter).toBe(";");
    }
    const tab = new RecordDecoder("auto");
    expect(decodeAll(tab, [utf8("a\tb,c\td\n1\t2,5\t3\n")])).toEqual([
      [1, ["a", "b,c", "d"]],
      [2, ["1", "2,5", "3"]],
    ]);
    expect(tab.delimiter).toBe("\t");
    // A comma file whose header has a semicolon only inside quotes stays a comma file.
    const comma = new RecordDecoder("auto");
    expect(decodeAll(comma, [utf8('"a;b",c\n1;2,3\n')])).toEqual([
      [1, ["a;b", "c"]],
      [2, ["1;2", "3"]],
    ]);
    expect(comma.delimiter).toBe(",");
  });

  it("reads UTF-16 with its byte-order mark, little- and big-endian, whatever encoding was asked and however the bytes are cut", () => {
    const text = "\uFEFFName\tOwner\r\nÉclair\tzoë@x.example\r\n";
    const le = new Uint8Array(Buffer.from(text, "utf16le"));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
    for (const [bytes, encoding] of [
      [le, "utf-16le"],
      [be, "utf-16be"],
    ] as const) {
      for (const size of [1, 3, 1000]) {
        const decoder = new RecordDecoder(size === 3 ? "windows-1252" : "auto");
        expect(decodeAll(decoder, cut(bytes, size))).toEqual([
          [1, ["Name", "Owner"]],
          [2, ["Éclair", "zoë@x.example"]],
        ]);
        expect(decoder.encoding).toBe(encoding);
        expect(decoder.delimiter).toBe("\t");
      }
    }
  });

  it("takes a NUL or two in a later line for a stray byte in a cell, not for a binary file", () => {
    const decoder = new RecordDecoder("auto");
    expect(decodeAll(decoder, [utf8('id,notes,owner\n1,"a\u0000b",x@y.example\n')])).toEqual([
      [1, ["id", "notes", "owner"]],
      [2, ["1", "a\u0000b", "x@y.example"]],
    ]);
    expect(decoder.nulSeen).toBe(true);
    expect(inEnglish(refusal(() => decodeAll(new RecordDecoder("auto"), [utf8("id,\u0000notes\n1,2\n")])))).toMatchObject({ status: "invalid-file" });
    expect(inEnglish(refusal(() => decodeAll(new RecordDecoder("auto"), [utf8("id\n\u0000\u0000\u0000\n")])))).toMatchObject({ status: "invalid-file" });
  });
});
