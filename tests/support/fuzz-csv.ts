import fc from "fast-check";
import { HOSTILE_STRINGS, hostileString, huge, WRONG_DATES, WRONG_NUMBERS, WRONG_TYPES } from "./fuzz";

/** A CSV file as rows of cells: the header first. */
export type Rows = string[][];

/** One cell as a CSV writer would write it: quoted when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The rows as CSV text; `delimiter` ";" or a tab writes the files German Excel and Excel's "Unicode text" save. */
export function csvText(rows: Rows, lineEnd = "\n", delimiter: "," | ";" | "\t" = ","): string {
  const cell = (value: string) => (value.includes(delimiter) && !/[",\r\n]/.test(value) ? `"${value}"` : csvCell(value));
  return rows.map((r) => r.map(cell).join(delimiter)).join(lineEnd) + lineEnd;
}

/** A change to the rows: it keeps the file well-formed CSV, but not necessarily a valid import. */
type RowMutation = (rows: Rows) => Rows;

/** Header labels of a file's typed columns, with what they hold: "number", "date", or anything else ("text"). */
export type TypedColumns = Readonly<Record<string, "number" | "date" | "text">>;

const WRONG_BY_TYPE = { number: WRONG_NUMBERS, date: WRONG_DATES, text: WRONG_TYPES } as const;

/** A wrong-typed value in a typed column (an amount past its range, a date that does not exist…). */
function typedCellMutation(typedColumns: TypedColumns): fc.Arbitrary<RowMutation> {
  const labelAndValue = fc.constantFrom(...Object.keys(typedColumns)).chain((label) => fc.tuple(fc.constant(label), fc.constantFrom(...WRONG_BY_TYPE[typedColumns[label]!])));
  return fc.tuple(labelAndValue, fc.nat(1000)).map(
    ([[label, v], r]): RowMutation =>
      (rows) => {
        const c = rows[0]?.indexOf(label) ?? -1;
        if (c < 0 || rows.length < 2) return rows;
        const target = 1 + (r % (rows.length - 1));
        return rows.map((row, k) => (k === target ? row.map((cell, j) => (j === c ? v : cell)) : row));
      },
  );
}

function rowMutation(typedColumns: TypedColumns): fc.Arbitrary<RowMutation> {
  const n = fc.nat(1000);
  const typed = Object.keys(typedColumns).length ? [typedCellMutation(typedColumns)] : [];
  const cellValue = fc.oneof(
    { weight: 4, arbitrary: hostileString() },
    { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
    { weight: 1, arbitrary: fc.constantFrom(huge(100_000), huge(3_000, "\u{1F600}"), "a,b", '"quoted"', "x\ny", "\r") },
  );
  return fc.oneof(
    ...typed,
    ...typed,
    // Columns: drop, duplicate, swap (in the header only or in every row).
    fc.tuple(n, fc.boolean()).map(
      ([i, headerOnly]): RowMutation =>
        (rows) =>
          rows.map((r, k) => (headerOnly && k > 0 ? r : r.filter((_, c) => c !== i % Math.max(1, r.length)))),
    ),
    n.map(
      (i): RowMutation =>
        (rows) =>
          rows.map((r) => (r.length ? [...r.slice(0, (i % r.length) + 1), r[i % r.length]!, ...r.slice((i % r.length) + 1)] : r)),
    ),
    fc.tuple(n, n).map(
      ([i, j]): RowMutation =>
        (rows) =>
          rows.map((r) => {
            if (r.length < 2) return r;
            const copy = [...r];
            const [a, b] = [i % r.length, j % r.length];
            [copy[a], copy[b]] = [copy[b]!, copy[a]!];
            return copy;
          }),
    ),
    // A cell replaced by a hostile value, a wrong type, or a value from another cell.
    fc.tuple(n, n, cellValue).map(
      ([r, c, v]): RowMutation =>
        (rows) =>
          rows.map((row, k) => (k === r % rows.length ? row.map((cell, j) => (j === c % Math.max(1, row.length) ? v : cell)) : row)),
    ),
    fc.tuple(n, n, cellValue).map(
      ([r, c, v]): RowMutation =>
        (rows) =>
          rows.map((row, k) => (k > 0 && k === 1 + (r % Math.max(1, rows.length - 1)) ? row.map((cell, j) => (j === c % Math.max(1, row.length) ? v : cell)) : row)),
    ),
    // A column given one wrong-typed value in every data row.
    fc.tuple(n, fc.constantFrom(...WRONG_TYPES)).map(
      ([c, v]): RowMutation =>
        (rows) =>
          rows.map((row, k) => (k === 0 ? row : row.map((cell, j) => (j === c % Math.max(1, row.length) ? v : cell)))),
    ),
    // Rows: drop, duplicate (a repeated email or deal ID), move, shorten, lengthen, blank.
    n.map(
      (i): RowMutation =>
        (rows) =>
          rows.filter((_, k) => k !== i % rows.length),
    ),
    n.map(
      (i): RowMutation =>
        (rows) => [...rows, rows[i % rows.length] ?? []],
    ),
    fc.tuple(n, n).map(
      ([i, j]): RowMutation =>
        (rows) => {
          const copy = [...rows];
          const [row] = copy.splice(i % copy.length, 1);
          copy.splice(j % (copy.length + 1), 0, row ?? []);
          return copy;
        },
    ),
    fc.tuple(n, n).map(
      ([i, keep]): RowMutation =>
        (rows) =>
          rows.map((r, k) => (k === i % rows.length ? r.slice(0, keep % (r.length + 1)) : r)),
    ),
    fc.tuple(n, fc.array(cellValue, { minLength: 1, maxLength: 3 })).map(
      ([i, more]): RowMutation =>
        (rows) =>
          rows.map((r, k) => (k === i % rows.length ? [...r, ...more] : r)),
    ),
    n.map(
      (i): RowMutation =>
        (rows) =>
          rows.map((r, k) => (k === i % rows.length ? r.map(() => "") : r)),
    ),
    // The header's case and spacing changed.
    fc.constantFrom<RowMutation>(
      (rows) => [rows[0]!.map((h) => h.toUpperCase()), ...rows.slice(1)],
      (rows) => [rows[0]!.map((h) => ` ${h} `), ...rows.slice(1)],
    ),
  );
}

/** A change to the text itself: it may break the CSV (quotes, line ends) or its encoding. */
type TextMutation = (text: string) => string;

function textMutation(): fc.Arbitrary<TextMutation> {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  const insert = (piece: string) =>
    at.map(
      (p): TextMutation =>
        (text) => {
          const i = Math.floor(p * text.length);
          return text.slice(0, i) + piece + text.slice(i);
        },
    );
  return fc.oneof(
    fc.constantFrom('"', "\r", "\n", "\r\n", "\uFEFF", "\u0000", ",", '""', "\u2028").chain(insert),
    hostileString().chain(insert),
    at.map(
      (p): TextMutation =>
        (text) =>
          text.slice(0, Math.floor(p * text.length)),
    ),
    fc.tuple(at, fc.nat(40)).map(
      ([p, len]): TextMutation =>
        (text) => {
          const i = Math.floor(p * text.length);
          return text.slice(0, i) + text.slice(i + len);
        },
    ),
    fc.constantFrom<TextMutation>(
      (text) => text.replace(/\n/g, "\r"),
      (text) => text.replace(/\r?\n/g, "\r\n"),
      (text) => `\uFEFF${text}`,
      (text) => `${text}\n\n\n`,
      (text) => `${text}"`,
      (text) => text.replace(/,/g, ";"),
      (text) => text.replace(/,/g, "\t"),
      (text) => text.trimEnd(),
    ),
  );
}

/** Files no mutation of a valid one reaches: empty, blank, header only, junk, a different format. */
function oddFile(header: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "",
      "\n",
      "\r\n\r\n",
      "\uFEFF",
      ",,,\n,,,\n",
      `${header.join(",")}\n`,
      `${header.join(",")}`,
      '"',
      '"""',
      "\u0000\u0001\u0002",
      "PK\u0003\u0004\u0014\u0000",
      "%PDF-1.4\n",
      "<html><body>not csv</body></html>",
      '{"email":"a@b.c"}',
    ),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.constantFrom(...HOSTILE_STRINGS),
  );
}

/**
 * Malformed files grown from a valid one: a few row mutations (columns dropped, duplicated or swapped,
 * hostile and oversized cells, rows repeated or cut), then maybe a text mutation (a stray quote, CR or LF,
 * a BOM in the middle, NUL, a truncated line), written with LF or CRLF; sometimes an odd file instead.
 * Unchanged valid files come out too, so that both outcomes, error and import, are exercised.
 * `typedColumns` names header labels whose cells also get wrong-typed values of their kind on their own
 * (numbers past a column's range, impossible dates), far more often than a random cell would.
 */
export function malformedCsv(valid: Rows, typedColumns: TypedColumns = {}): fc.Arbitrary<string> {
  const mutated = fc
    .tuple(fc.array(rowMutation(typedColumns), { maxLength: 3 }), fc.array(textMutation(), { maxLength: 2 }), fc.constantFrom("\n", "\r\n"))
    .map(([rowMutations, textMutations, lineEnd]) => {
      let rows = valid.map((r) => [...r]);
      for (const m of rowMutations) rows = m(rows);
      let text = csvText(rows.length ? rows : [[]], lineEnd);
      for (const m of textMutations) text = m(text);
      return text;
    });
  // One wrong-typed cell in an otherwise valid file: the value alone must meet the code that stores it.
  const oneTyped = Object.keys(typedColumns).length ? [{ weight: 3, arbitrary: typedCellMutation(typedColumns).map((m) => csvText(m(valid.map((r) => [...r])))) }] : [];
  return fc.oneof({ weight: 7, arbitrary: mutated }, ...oneTyped, { weight: 1, arbitrary: oddFile(valid[0]!) });
}

/** Physical lines of a text, counting CRLF once and a lone CR or LF each as a break. */
export function physicalLines(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}
