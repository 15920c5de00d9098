import { describe, expect, it } from "vitest";
import { cleanFileName, FILE_NAME_MAX_LENGTH } from "./file-name";

describe("cleanFileName", () => {
  it("keeps an ordinary name as it is", () => {
    expect(cleanFileName("2026 pulses (Zoë) \u{1F600}.csv")).toBe("2026 pulses (Zoë) \u{1F600}.csv");
  });

  it("turns control characters into spaces: a NUL in an upload's name failed the import in the database (found by fuzzing)", () => {
    expect(cleanFileName("a\u0000b")).toBe("a b");
    expect(cleanFileName("\u0007 line\r\nbreak\t.csv ")).toBe("line break .csv");
    expect(cleanFileName("\u0000")).toBe("");
  });

  it("cuts a long name to whole characters", () => {
    expect(cleanFileName("n".repeat(5000))).toHaveLength(FILE_NAME_MAX_LENGTH);
    const emoji = cleanFileName("\u{1F600}".repeat(300));
    expect([...emoji]).toHaveLength(FILE_NAME_MAX_LENGTH);
    expect(emoji).toBe("\u{1F600}".repeat(FILE_NAME_MAX_LENGTH));
  });
});
