import type { Locale } from "~/domain/locales";
import { dimensionInLanguage } from "~/domain/item-language";
import { itemBank } from "~/i18n/catalogues.server";

/**
 * Dimension names for a page in a language (issue 26): Candor's own dimensions from the item bank of that
 * language, renamed and custom ones as stored. Results stay pooled across languages; only names change.
 */
export function dimensionNamesIn(locale: Locale): (key: string | null, storedName: string) => string {
  return (key, storedName) => dimensionInLanguage(key, storedName, locale, itemBank) ?? storedName;
}

/**
 * An item's words for a results page in a language: the item bank's translation while the stored text is
 * still the bank's English (an edited or custom item keeps its own words).
 */
export function itemTextsIn(locale: Locale): (code: string, storedText: string) => string {
  const english = itemBank("en");
  const wanted = itemBank(locale);
  return (code, storedText) => (english[`item.${code}`] === storedText ? (wanted[`item.${code}`] ?? storedText) : storedText);
}

/** A dimension name known only by its stored words (no key at hand): the bank's translation when the words are the bank's English. */
export function dimensionNameIn(locale: Locale): (storedName: string) => string {
  const english = itemBank("en");
  const byEnglish = new Map(
    Object.entries(english)
      .filter(([key]) => key.startsWith("dimension."))
      .map(([key, text]) => [text, key]),
  );
  const wanted = itemBank(locale);
  return (storedName) => {
    const key = byEnglish.get(storedName);
    return key ? (wanted[key] ?? storedName) : storedName;
  };
}
