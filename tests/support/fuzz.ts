import fc from "fast-check";

/**
 * Values people and attackers send where text is expected: script and SQL fragments, template and path
 * tricks, Unicode that changes length or direction, control characters, numbers and dates at and past the
 * edges of their types. Lone surrogates are left out: they cannot survive UTF-8 (a form turns them into
 * U+FFFD), so they test nothing the replacement character does not.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "'; drop table person;--",
  "' or '1'='1",
  "1; select pg_sleep(5)",
  "$$; drop table team; $$",
  "\\",
  "\\x00",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  '=HYPERLINK("http://evil.example")',
  "@SUM(1+1)",
  "${7*7}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  "toString",
  "../../etc/passwd",
  "%00",
  "%s%n%x",
  "a\u0000b",
  "\u0000",
  "\u0007\u001b[31m",
  "\r\n",
  "line\nbreak",
  "tab\there",
  "\u2028\u2029",
  "\uFEFF",
  "e\u0301\u0301\u0301",
  "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358",
  "\u202Eevil\u202C",
  "\u05E9\u05DC\u05D5\u05DD",
  "\u0645\u0631\u062D\u0628\u0627",
  "a\u200Bb\u200C\u200D",
  "\u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}",
  "\u{1F4A9}",
  "\uFFFD",
  "\uFFFF",
  "\u0130stanbul",
  "stra\u00DFe",
  "\uFB03",
  "-1",
  "0",
  "-0",
  "1e308",
  "1e20",
  "-1e20",
  "1e-20",
  "0.000000001",
  "99999999999999999999",
  "9007199254740993",
  "NaN",
  "Infinity",
  "0x10",
  "1,5",
  " 5 ",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  '{"a":1}',
  '["a"]',
  "on",
  "off",
  "2026-02-30",
  "0000-01-01",
  "9999-12-31",
  "275760-09-13",
  "-001-01-01",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
];

/** Numbers at and past the edges of what a number column or a database numeric holds. */
export const WRONG_NUMBERS: readonly string[] = [
  "-1",
  "0",
  "-0",
  "1e308",
  "1e20",
  "-1e20",
  "1e-20",
  "0.000000001",
  "10000000000000000",
  "99999999999999999999",
  "9,999,999,999,999,999,999.99",
  "$99,999,999,999,999,999",
  "9007199254740993",
  "NaN",
  "Infinity",
  "0x10",
  "1,5",
  " 5 ",
  "12.345.678,9",
  "(5)",
];

/** Dates that do not exist or lie past what a date column holds. */
export const WRONG_DATES: readonly string[] = [
  "2026-02-30",
  "02/30/2026",
  "13/13/2026",
  "0000-01-01",
  "9999-12-31",
  "275760-09-13",
  "-001-01-01",
  "1/1/99999",
  "1/1/0",
  "2026-06-15T25:61:00",
];

/** Numbers, dates and ids at and past the edges of what a column or a database type holds. */
export const WRONG_TYPES: readonly string[] = [...WRONG_NUMBERS, ...WRONG_DATES, "true", "null", "00000000-0000-0000-0000-000000000000", "not-a-uuid"];

/** A string of `length` characters from a repeated pattern, for size limits. */
export const huge = (length: number, pattern = "x") => pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length);

/** Any hostile text: the list above, random Unicode, the list glued to random text, or an oversized value. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, "\uFFFD")) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 10 })).map(([a, b]) => a + b) },
    { weight: 1, arbitrary: fc.constantFrom(100_000, 10_001, 5_000, 1_001, 321, 201, 121).chain((n) => fc.constantFrom(huge(n), huge(n, "é\u0301"), huge(n, "<a>'"))) },
  );
}

/** Random field names, mostly plausible ones. */
export function fieldName(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("intent", "id", "name", "email", "file", "csv", "__proto__", "constructor", "a.", "a.PS1", "x[]", "redirectTo", "_data", ""),
    fc.string({ maxLength: 12 }),
  );
}

/** How one field of a form is sent: as the valid value, as a hostile one, twice, or not at all. */
type FieldPlan = { kind: "keep" } | { kind: "drop" } | { kind: "replace"; value: string } | { kind: "repeat"; values: string[] };

/** Wrong values of the valid value's own kind: numeric edges for a number, impossible dates for a date. */
function wrongOfKind(validValue: string): fc.Arbitrary<string> {
  if (/^-?\d+(\.\d+)?$/.test(validValue)) return fc.constantFrom(...WRONG_NUMBERS);
  if (/^\d{4}-\d{2}-\d{2}$/.test(validValue)) return fc.constantFrom(...WRONG_DATES);
  return fc.constantFrom(...WRONG_TYPES);
}

/**
 * A form built from a valid one: each field kept, dropped, replaced by a hostile value or repeated, plus
 * random extra fields; or the valid form with one field given a wrong value of its kind (a number past
 * its range, a date that does not exist). Starting from valid values lets the hostile value of one field
 * reach the service behind a form that otherwise parses.
 */
export function mutatedForm(valid: Record<string, string>, extraValues: readonly string[] = []): fc.Arbitrary<Array<[string, string]>> {
  const value = extraValues.length ? fc.oneof({ weight: 3, arbitrary: hostileString() }, { weight: 1, arbitrary: fc.constantFrom(...extraValues) }) : hostileString();
  const plan: fc.Arbitrary<FieldPlan> = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ kind: "keep" } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: "drop" } as const) },
    { weight: 3, arbitrary: value.map((v) => ({ kind: "replace", value: v }) as const) },
    { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }).map((values) => ({ kind: "repeat", values }) as const) },
  );
  const names = Object.keys(valid);
  const general = fc.tuple(fc.tuple(...names.map(() => plan)), fc.array(fc.tuple(fieldName(), value), { maxLength: 3 }), fc.boolean()).map(([plans, extra, shuffle]) => {
    const entries: Array<[string, string]> = [];
    names.forEach((name, i) => {
      const p = plans[i]!;
      if (p.kind === "keep") entries.push([name, valid[name]!]);
      else if (p.kind === "replace") entries.push([name, p.value]);
      else if (p.kind === "repeat") for (const v of p.values) entries.push([name, v]);
    });
    entries.push(...extra);
    return shuffle ? entries.reverse() : entries;
  });
  if (names.length === 0) return general;
  const oneWrong = fc
    .constantFrom(...names)
    .chain((name) => fc.tuple(fc.constant(name), wrongOfKind(valid[name]!)))
    .map(([name, wrong]) => names.map((n): [string, string] => [n, n === name ? wrong : valid[n]!]));
  return fc.oneof({ weight: 3, arbitrary: general }, { weight: 2, arbitrary: oneWrong });
}

/** The entries as FormData (repeated names kept). */
export function formDataOf(entries: ReadonlyArray<readonly [string, string | Blob, string?]>): FormData {
  const form = new FormData();
  for (const [name, value, fileName] of entries) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, value, fileName);
  }
  return form;
}
