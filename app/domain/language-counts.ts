/**
 * Per-language response counts as the item page shows them (ADR 058): pure, no I/O.
 *
 * A language's count is shown when it is at least the minimum group size and what it would reveal by
 * subtraction from the wave's total is not a small group: the languages below the minimum together are
 * none, or at least the minimum too. Otherwise a count at or above the minimum says only "N or more", and
 * one below says "fewer than N".
 */

export type ShownLanguageCount =
  | { language: string; state: "count"; count: number }
  | { language: string; state: "fewer"; minimum: number }
  | { language: string; state: "atLeast"; minimum: number };

/**
 * `counts`: one row per language with at least one signature ('und': not said); `always`: the languages
 * listed even at zero (Candor's), so that a language's presence on the page says nothing by itself. Shown
 * counts come first, most first; the others by tag, so that their order says nothing either.
 */
export function showLanguageCounts(counts: ReadonlyArray<{ language: string; responses: number }>, minimum: number, always: readonly string[] = []): ShownLanguageCount[] {
  const n = Math.max(1, Math.floor(minimum));
  const byLanguage = new Map<string, number>(always.map((l) => [l, 0]));
  for (const c of counts) byLanguage.set(c.language, (byLanguage.get(c.language) ?? 0) + Math.max(0, c.responses));
  const rows = [...byLanguage].map(([language, responses]) => ({ language, responses }));
  const small = rows.filter((c) => c.responses < n).reduce((sum, c) => sum + c.responses, 0);
  const bigShown = small === 0 || small >= n;
  return rows
    .map((c): ShownLanguageCount => {
      if (c.responses < n) return { language: c.language, state: "fewer", minimum: n };
      return bigShown ? { language: c.language, state: "count", count: c.responses } : { language: c.language, state: "atLeast", minimum: n };
    })
    .sort((a, b) => (a.state === "count" && b.state === "count" ? b.count - a.count : rank(a) - rank(b)) || a.language.localeCompare(b.language));
}

const rank = (c: ShownLanguageCount) => (c.state === "count" ? 0 : c.state === "atLeast" ? 1 : 2);
