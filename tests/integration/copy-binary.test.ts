import { once } from "node:events";
import fc from "fast-check";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, CopyBinaryWriter, daysFromCivil, numericBytes, pgDays } from "../../db/copy-binary";

// Binary COPY is PostgreSQL's (PGlite has no COPY FROM STDIN): each value Candor encodes must read back as
// PostgreSQL reads the same value written as text.
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)("binary COPY encoding [postgres]", () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("create temp table copied (k int, n numeric, n2 numeric(18,2), d date, s text)");
  });
  afterAll(async () => {
    await client.end();
  });

  async function copy(rows: Array<{ n: number | null; d: string | null; s: string | null }>) {
    await client.query("truncate copied");
    const w = new CopyBinaryWriter();
    rows.forEach((r, k) => {
      w.row(5, 200 + (r.s?.length ?? 0) * 3);
      w.int4(k);
      w.bytes(r.n === null ? null : numericBytes(r.n));
      w.bytes(r.n === null ? null : numericBytes(r.n));
      w.date(r.d === null ? null : pgDays(r.d));
      w.text(r.s);
    });
    const stream = client.query(copyFrom("copy copied from stdin with (format binary)"));
    for (const chunk of [COPY_BINARY_HEADER, ...w.take(), COPY_BINARY_TRAILER]) stream.write(chunk);
    stream.end();
    await once(stream, "finish");
  }

  it("writes numbers as PostgreSQL reads their text, typmod rounding included", async () => {
    const fixed = [0, 1, -1, 0.05, 1.005, 2.675, -1200.5, 12500, 177000, 9999.9999, 1e-7, 1.5e-7, 123456789012.34, 999999999999999.9, 100, 12.5, 0.1 + 0.2];
    const numbers = [
      ...fixed,
      ...fc.sample(fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true }), 300),
      ...fc.sample(
        fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
        300,
      ),
    ];
    await copy(numbers.map((n) => ({ n, d: null, s: null })));
    const { rows } = await client.query<{ k: number; same: boolean; same2: boolean }>(
      "select k, n = (($1::text[])[k + 1])::numeric as same, n2 = (($1::text[])[k + 1])::numeric(18,2) as same2 from copied order by k",
      [numbers.map((n) => String(n))],
    );
    expect(rows).toHaveLength(numbers.length);
    expect(rows.filter((r) => !r.same || !r.same2).map((r) => numbers[r.k])).toEqual([]);
    const { rows: shown } = await client.query<{ n2: string }>("select n2::text from copied where k < 7 order by k");
    expect(shown.map((r) => r.n2)).toEqual(["0.00", "1.00", "-1.00", "0.05", "1.01", "2.68", "-1200.50"]);
  });

  it("writes dates as days since 2000-01-01, years before 100 and leap days included", async () => {
    const dates = ["2000-01-01", "1999-12-31", "2024-02-29", "2026-06-30", "0001-01-01", "0099-03-01", "1900-03-01", "9999-12-31", "2100-02-28"];
    const random = fc
      .sample(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }), 300)
      .map((d) => d.toISOString().slice(0, 10));
    const all = [...dates, ...random];
    await copy(all.map((d) => ({ n: null, d, s: null })));
    const { rows } = await client.query<{ d: string }>("select to_char(d, 'YYYY-MM-DD') as d from copied order by k");
    expect(rows.map((r) => r.d)).toEqual(all);
    expect(pgDays("2000-01-01")).toBe(0);
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
  });

  it("writes any text as PostgreSQL reads it (random strings, surrogate pairs included)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc
            .oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 70 }))
            .map((s) => s.replaceAll("\u0000", "")),
          { minLength: 1, maxLength: 30 },
        ),
        async (texts) => {
          // (No NUL: PostgreSQL's text cannot hold one, and the import refuses such rows before encoding them.)
          await copy(texts.map((s) => ({ n: null, d: null, s })));
          const { rows } = await client.query<{ s: string }>("select s from copied order by k");
          // Lone surrogates have no UTF-8 form: Node writes U+FFFD for them, as it does for any text.
          expect(rows.map((r) => r.s)).toEqual(texts.map((t) => Buffer.from(t, "utf8").toString("utf8")));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("writes texts as UTF-8 and nulls as nulls", async () => {
    // Short ASCII texts are copied by JavaScript, the rest by Node's encoder: both sides of the 64-character
    // limit, and texts that turn out not to be ASCII part-way (a late "é", a lone DEL, a character at U+0080).
    const texts = [
      "",
      "plain",
      "Müller GmbH",
      "“quoted”, with comma\nand line",
      "😀 emoji",
      null,
      "x".repeat(5000),
      "a".repeat(63) + "é",
      "b".repeat(64),
      "c".repeat(65),
      "ascii then é",
      "del \u007f",
      "\u0080 first",
    ];
    await copy(texts.map((s) => ({ n: null, d: null, s })));
    const { rows } = await client.query<{ s: string | null; n: string | null; d: string | null }>("select s, n, d from copied order by k");
    expect(rows.map((r) => r.s)).toEqual(texts);
    expect(rows.every((r) => r.n === null && r.d === null)).toBe(true);
  });
});
