import type { Locale } from "~/domain/locales";
import { dimensionInLanguage } from "~/domain/item-language";
import { DEFAULT_PLAY_TEXT_KEYS, DEFAULT_PLAYS, PLAY_DIMENSIONS } from "~/domain/playbook";
import { itemBank, translatorFor } from "~/i18n/catalogues.server";

/** The dimensions a play may be about, named in a language (the item bank's names; ADR 055). */
export function playDimensionsIn(locale: Locale): Array<{ key: string; name: string }> {
  return PLAY_DIMENSIONS.map((d) => ({ key: d.key, name: dimensionInLanguage(d.key, d.name, locale, itemBank) ?? d.name }));
}

/** The words of a play as a reader sees them: Candor's default play in their language while it reads as Candor wrote it; the organisation's own text as stored. */
export function playTextIn<P extends { key: string; source: string; title: string; summary: string; cadence: string }>(
  play: P,
  locale: Locale,
): { title: string; summary: string; cadence: string } {
  const stored = { title: play.title, summary: play.summary, cadence: play.cadence };
  const keys = play.source === "candor" && Object.hasOwn(DEFAULT_PLAY_TEXT_KEYS, play.key) ? DEFAULT_PLAY_TEXT_KEYS[play.key as keyof typeof DEFAULT_PLAY_TEXT_KEYS] : null;
  const original = keys ? DEFAULT_PLAYS.find((p) => p.key === play.key) : undefined;
  if (!keys || !original) return stored;
  const { t } = translatorFor(locale);
  return {
    title: play.title === original.title ? t(keys.title) : play.title,
    summary: play.summary === original.summary ? t(keys.summary) : play.summary,
    cadence: play.cadence === original.cadence ? t(keys.cadence) : play.cadence,
  };
}
