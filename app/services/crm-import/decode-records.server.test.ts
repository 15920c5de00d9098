import { describe, expect, it } from "vitest";
import { RecordDecoder } from "./decode-records.server";
import { ImportStop } from "./outcome.server";

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
    expect(refusal(() => decodeAll(new RecordDecoder("auto"), cut(bytes, 10_000)))).toEqual({
      status: "invalid-file",
      message: "The file is not valid UTF-8 past its beginning. Upload it again choosing the Windows-1252 encoding.",
    });
  });

  it("refuses binary data at the start, notes a NUL later on, and names the line of a quote never closed", () => {
    expect(refusal(() => decodeAll(new RecordDecoder("auto"), [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])]))).toMatchObject({
      status: "invalid-file",
      message: expect.stringContaining("binary data"),
    });
    const late = new RecordDecoder("auto");
    const records = decodeAll(late, [utf8(`a,b\n${"x,y\n".repeat(2000)}`), new Uint8Array([0x41, 0, 0x2c, 0x42, 0x0a])]);
    expect(late.nulSeen).toBe(true);
    expect(records.at(-1)).toEqual([2002, ["A\u0000", "B"]]);
    expect(new RecordDecoder("auto").nulSeen).toBe(false);
    expect(refusal(() => decodeAll(new RecordDecoder("auto"), [utf8('a,b\n1,2\n"open,3\n')]))).toEqual({
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
});
