import type { Locale } from "~/domain/locales";
import { dimensionInLanguage } from "~/domain/item-language";
import { DEFAULT_PLAY_TEXT_KEYS, DEFAULT_PLAYS, PLAY_DIMENSIONS, PLAY_TEXT_FIELDS, type PlayTextField } from "~/domain/playbook";
import { itemBank, translatorFor } from "~/i18n/catalogues.server";
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";

/** The dimensions a play may be about, named in a language (the item bank's names; ADR 055). */
export function playDimensionsIn(locale: Locale): Array<{ key: string; name: string }> {
  return PLAY_DIMENSIONS.map((d) => ({ key: d.key, name: dimensionInLanguage(d.key, d.name, locale, itemBank) ?? d.name }));
}

type PlayText = Record<PlayTextField, string>;

/**
 * The catalogue key of a field of Candor's default play while it reads as Candor wrote it; null for the
 * organisation's own words (a custom play, or a field it reworded), which stay as stored.
 */
function defaultTextKey(play: Partial<PlayText> & { key: string; source: string }, field: PlayTextField): MessageKey | null {
  if (play.source !== "candor" || !Object.hasOwn(DEFAULT_PLAY_TEXT_KEYS, play.key)) return null;
  const original = DEFAULT_PLAYS.find((p) => p.key === play.key);
  return original && play[field] === original[field] ? DEFAULT_PLAY_TEXT_KEYS[play.key as keyof typeof DEFAULT_PLAY_TEXT_KEYS][field] : null;
}

/**
 * The words of a play as a reader sees them: each field of Candor's default play in their language while it
 * reads as Candor wrote it; the organisation's own text (a custom play, or a field it reworded) as stored.
 */
export function playTextIn<P extends PlayText & { key: string; source: string }>(play: P, locale: Locale): PlayText {
  const { t } = translatorFor(locale);
  return Object.fromEntries(
    PLAY_TEXT_FIELDS.map((field) => {
      const key = defaultTextKey(play, field);
      return [field, key ? t(key) : play[field]];
    }),
  ) as PlayText;
}

/**
 * A play's title said (ADR 057) where no reader is at hand (a recommendation, the home page's next step): by
 * its catalogue key while it is Candor's own title, so that each reader gets it in their language (the rule
 * of playTextIn); the organisation's own title as stored, which say() passes through unchanged.
 */
export function playTitleSaid(play: { key: string; source: string; title: string }): string {
  const key = defaultTextKey(play, "title");
  return key ? said(key) : play.title;
}

/**
 * What the edit form sent, as it is stored: the form shows Candor's default play in the reader's language
 * (playTextIn), so a field sent back as that translation, unchanged, keeps Candor's stored words and stays in
 * every reader's language; a field the reader rewrote is the organisation's own text from then on.
 */
export function playTextToStore<V extends Record<string, unknown>>(play: PlayText & { key: string; source: string }, sent: V, locale: Locale): V {
  const shown = playTextIn(play, locale);
  const kept = PLAY_TEXT_FIELDS.filter((field) => {
    const value = sent[field];
    return defaultTextKey(play, field) !== null && typeof value === "string" && sameText(value, shown[field]);
  });
  return { ...sent, ...Object.fromEntries(kept.map((field) => [field, play[field]])) };
}

/** The same words, whatever the browser did to the line ends and the spaces around them. */
function sameText(a: string, b: string): boolean {
  const norm = (text: string) => text.replace(/\r\n?/g, "\n").trim();
  return norm(a) === norm(b);
}
