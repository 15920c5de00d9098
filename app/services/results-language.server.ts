import type { AppContext } from "~/context.server";
import type { Locale } from "~/domain/locales";
import { dimensionInLanguage, itemInLanguage } from "~/domain/item-language";
import { itemBank } from "~/i18n/catalogues.server";

interface Named {
  dimensions: ReadonlyArray<{ key: string; name: string }>;
  items: ReadonlyArray<{ code: string; text: string }>;
  notAsked: ReadonlyArray<{ code: string; text: string }>;
  trend: ReadonlyArray<{ key: string; name: string }>;
}

/**
 * A team's results with its dimensions' names and its items' words in the page's language (issue 26): the
 * item bank's for Candor's and Edmondson's items, an item's own translation where it has one, else as
 * stored. Only the names change; the numbers stay pooled across languages.
 */
export async function resultsInLanguage<T extends Named>(app: AppContext, organisationId: string, results: T, locale: Locale): Promise<T> {
  if (results.dimensions.length === 0 && results.items.length === 0 && results.notAsked.length === 0) return results;
  const [items, organisation] = await Promise.all([
    app.db.selectFrom("item").select(["code", "text", "source", "translations"]).where("organisationId", "=", organisationId).execute(),
    app.db.selectFrom("organisation").select("defaultLanguage").where("id", "=", organisationId).executeTakeFirst(),
  ]);
  const byCode = new Map(items.map((i) => [i.code, i]));
  const itemText = (code: string, text: string) => {
    const stored = byCode.get(code);
    if (!stored || stored.text !== text) return text;
    return itemInLanguage({ ...stored, translations: stored.translations }, locale, organisation?.defaultLanguage ?? null, itemBank).text;
  };
  const dimension = (key: string, name: string) => dimensionInLanguage(key, name, locale, itemBank) ?? name;
  return {
    ...results,
    dimensions: results.dimensions.map((d) => ({ ...d, name: dimension(d.key, d.name) })),
    items: results.items.map((i) => ({ ...i, text: itemText(i.code, i.text) })),
    notAsked: results.notAsked.map((i) => ({ ...i, text: itemText(i.code, i.text) })),
    trend: results.trend.map((d) => ({ ...d, name: dimension(d.key, d.name) })),
  };
}
