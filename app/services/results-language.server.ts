import type { AppContext } from "~/context.server";
import type { Locale } from "~/domain/locales";
import type { GapResult } from "~/domain/gap";
import { itemInLanguage, type ItemInLanguage } from "~/domain/item-language";
import { itemBank } from "~/i18n/catalogues.server";
import { dimensionNamesIn } from "./dimension-names.server";

/**
 * Dimension names and item words in a page's language (issue 26): the item bank's for Candor's and
 * Edmondson's items, an item's own translation where it has one, else as stored. Only names change; the
 * numbers stay pooled across languages.
 */
export async function namesInLanguage(app: AppContext, organisationId: string, locale: Locale) {
  const [items, organisation] = await Promise.all([
    app.db.selectFrom("item").select(["code", "text", "source", "translations"]).where("organisationId", "=", organisationId).execute(),
    app.db.selectFrom("organisation").select("defaultLanguage").where("id", "=", organisationId).executeTakeFirst(),
  ]);
  const byCode = new Map(items.map((i) => [i.code, i]));
  /** An item's words (by code, as stored) in the language, with the language they are in; other words unchanged. */
  const shown = (code: string, text: string): ItemInLanguage => {
    const stored = byCode.get(code);
    if (!stored || stored.text !== text) return { text, lang: locale, fallback: false };
    return itemInLanguage(stored, locale, organisation?.defaultLanguage ?? null, itemBank);
  };
  return {
    shown,
    /** An item's words (as the results show them, by code) in the language; other words unchanged. */
    item: (code: string, text: string) => shown(code, text).text,
    dimension: dimensionNamesIn(locale),
  };
}

interface Named {
  dimensions: ReadonlyArray<{ key: string; name: string }>;
  items: ReadonlyArray<{ code: string; text: string }>;
  notAsked: ReadonlyArray<{ code: string; text: string }>;
  trend: ReadonlyArray<{ key: string; name: string }>;
}

/** A team's results with its dimensions' and items' names in the page's language. */
export async function resultsInLanguage<T extends Named>(app: AppContext, organisationId: string, results: T, locale: Locale): Promise<T> {
  if (results.dimensions.length === 0 && results.items.length === 0 && results.notAsked.length === 0) return results;
  const names = await namesInLanguage(app, organisationId, locale);
  return {
    ...results,
    dimensions: results.dimensions.map((d) => ({ ...d, name: names.dimension(d.key, d.name) })),
    items: results.items.map((i) => ({ ...i, text: names.item(i.code, i.text) })),
    notAsked: results.notAsked.map((i) => ({ ...i, text: names.item(i.code, i.text) })),
    trend: results.trend.map((d) => ({ ...d, name: names.dimension(d.key, d.name) })),
  };
}

/** A gap (self vs team) with its rows' names in the page's language. */
export async function gapInLanguage<T extends { gap: GapResult | null; dimensions: ReadonlyArray<{ key: string; name: string }> }>(
  app: AppContext,
  organisationId: string,
  view: T,
  locale: Locale,
): Promise<T> {
  const names = await namesInLanguage(app, organisationId, locale);
  const gap = view.gap;
  return {
    ...view,
    dimensions: view.dimensions.map((d) => ({ ...d, name: names.dimension(d.key, d.name) })),
    gap:
      gap && gap.status === "shown"
        ? {
            ...gap,
            dimensions: gap.dimensions.map((r) => ({ ...r, label: names.dimension(r.key, r.label) })),
            items: gap.items.map((r) => ({ ...r, label: names.item(r.key, r.label) })),
            blindSpots: gap.blindSpots.map((r) => ({ ...r, label: names.item(r.key, r.label) })),
            hiddenStrengths: gap.hiddenStrengths.map((r) => ({ ...r, label: names.item(r.key, r.label) })),
          }
        : gap,
  };
}

/**
 * Questions (an item's code and stored words: a program's items, a preview's questions) in a page's language,
 * each with the language its words are in and whether that is a fallback, for the page to mark and say so.
 */
export async function questionsInLanguage<Q extends { code: string; text: string }>(
  app: AppContext,
  organisationId: string,
  questions: readonly Q[],
  locale: Locale,
): Promise<Array<Q & { lang: Locale; fallback: boolean }>> {
  if (questions.length === 0) return [];
  const names = await namesInLanguage(app, organisationId, locale);
  return questions.map((q) => {
    const shown = names.shown(q.code, q.text);
    return { ...q, text: shown.text, lang: shown.lang, fallback: shown.fallback };
  });
}
