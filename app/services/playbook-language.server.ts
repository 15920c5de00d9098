import type { Locale } from "~/domain/locales";
import { dimensionInLanguage } from "~/domain/item-language";
import { DEFAULT_PLAY_TEXT_KEYS, DEFAULT_PLAYS, PLAY_DIMENSIONS, PLAY_TEXT_FIELDS, type PlayTextField } from "~/domain/playbook";
import { itemBank, translatorFor } from "~/i18n/catalogues.server";

/** The dimensions a play may be about, named in a language (the item bank's names; ADR 055). */
export function playDimensionsIn(locale: Locale): Array<{ key: string; name: string }> {
  return PLAY_DIMENSIONS.map((d) => ({ key: d.key, name: dimensionInLanguage(d.key, d.name, locale, itemBank) ?? d.name }));
}

type PlayText = Record<PlayTextField, string>;

/**
 * The words of a play as a reader sees them: each field of Candor's default play in their language while it
 * reads as Candor wrote it; the organisation's own text (a custom play, or a field it reworded) as stored.
 */
export function playTextIn<P extends PlayText & { key: string; source: string }>(play: P, locale: Locale): PlayText {
  const stored = Object.fromEntries(PLAY_TEXT_FIELDS.map((field) => [field, play[field]])) as PlayText;
  const keys = play.source === "candor" && Object.hasOwn(DEFAULT_PLAY_TEXT_KEYS, play.key) ? DEFAULT_PLAY_TEXT_KEYS[play.key as keyof typeof DEFAULT_PLAY_TEXT_KEYS] : null;
  const original = keys ? DEFAULT_PLAYS.find((p) => p.key === play.key) : undefined;
  if (!keys || !original) return stored;
  const { t } = translatorFor(locale);
  return Object.fromEntries(PLAY_TEXT_FIELDS.map((field) => [field, play[field] === original[field] ? t(keys[field]) : play[field]])) as PlayText;
}
