import type { Locale } from "~/domain/locales";
import { itemBank } from "~/i18n/catalogues.server";

/**
 * A training outcome's label (a dimension's name in lower case, as the analysis writes it into sentences) in
 * a language: the item bank's name for Candor's dimensions while the organisation keeps Candor's name, else
 * as stored. German keeps its capitals (nouns), Japanese has none.
 */
export function outcomeLabelIn(key: string, label: string, locale: Locale): string {
  const english = itemBank("en")[`dimension.${key}`];
  const wanted = itemBank(locale)[`dimension.${key}`];
  if (!english || !wanted || english.toLowerCase() !== label) return label;
  return locale === "de" ? wanted : wanted.toLowerCase();
}
