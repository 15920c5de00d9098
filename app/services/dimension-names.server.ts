import type { Locale } from "~/domain/locales";
import { dimensionInLanguage } from "~/domain/item-language";
import { itemBank } from "~/i18n/catalogues.server";
import { parseSaid, said } from "~/i18n/said";

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

/**
 * A said message (ADR 057) whose `dimension` (or badge `noun`) value is a Candor dimension's English name,
 * with that name in the page's language: the domain says sentences in English names; the page's reader gets
 * their own. A said message inside it (a reason inside the home page's next step) is put in the language the
 * same way. Any other text, and renamed or custom dimensions, pass through unchanged.
 */
export function saidWithDimensionIn(locale: Locale): (text: string, key: string | null) => string {
  const english = itemBank("en");
  const wanted = itemBank(locale);
  const lower = (name: string) => (/^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name);
  const keepsCase = locale === "de" || locale === "ja";
  const inLanguage = (text: string, name: string, translated: string): string => {
    const found = parseSaid(text);
    if (!found) return text;
    const values = Object.fromEntries(
      Object.entries(found.values).map(([field, value]) => [
        field,
        typeof value === "string" ? inLanguage(value, name, translated) : Array.isArray(value) ? value.map((v: string) => inLanguage(v, name, translated)) : value,
      ]),
    );
    if (values.dimension === name) values.dimension = translated;
    else if (values.dimension === lower(name)) values.dimension = keepsCase ? translated : lower(translated);
    if (typeof values.noun === "string") values.noun = keepsCase ? translated : lower(translated);
    return said(found.key, values);
  };
  return (text, key) => {
    const name = key ? english[`dimension.${key}`] : undefined;
    const translated = key ? wanted[`dimension.${key}`] : undefined;
    if (locale === "en" || !name || !translated) return text;
    return inLanguage(text, name, translated);
  };
}
