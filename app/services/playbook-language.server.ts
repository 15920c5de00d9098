import type { Locale } from "~/domain/locales";
import { dimensionInLanguage } from "~/domain/item-language";
import { PLAY_DIMENSIONS } from "~/domain/playbook";
import { itemBank } from "~/i18n/catalogues.server";

/** The dimensions a play may be about, named in a language (the item bank's names; ADR 055). */
export function playDimensionsIn(locale: Locale): Array<{ key: string; name: string }> {
  return PLAY_DIMENSIONS.map((d) => ({ key: d.key, name: dimensionInLanguage(d.key, d.name, locale, itemBank) ?? d.name }));
}
