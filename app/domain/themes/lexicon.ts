import type { ThemeKey } from "./taxonomy";

/**
 * One language's lexicon: the words that tag a comment with a theme, that carry sentiment, that negate
 * the words after (or, for some languages, before) them, and that join two clauses of opposite feeling.
 *
 * Patterns of a language written with spaces are matched on words, after lower-casing and removing
 * accents (é → e, ü → u, ß → ss), so a pattern is written without accents:
 * - `word` matches that word only;
 * - `word*` matches every word that starts with it (a stem: `recogni*` matches recognise, recognition…);
 * - `*word*` matches every word that contains it (German compounds: `*gebiet*` in Gebietsaufteilung);
 * - several words separated by spaces match those words in a row (`deal review*`).
 * Patterns of Japanese (no spaces) are matched as text inside the comment, and the negators after them
 * (ない, ません…) are looked for in the few characters that follow. Arabic patterns are matched as text
 * inside each word, so that the prefixes و, ال, ب, ل do not hide a word.
 */
export interface Lexicon {
  language: LanguageCode;
  /** How patterns are matched: on words, as text (Japanese), or inside words (Arabic). */
  matching: "words" | "text" | "inside-words";
  /** Common small words, for telling the languages written in Latin letters apart. */
  stopwords: readonly string[];
  themes: Record<ThemeKey, readonly string[]>;
  positive: readonly string[];
  negative: readonly string[];
  /** Words that turn the feeling of a word up to three words after them round. */
  negators: readonly string[];
  /** Words that turn round the word just before them (German "hilft nicht", Japanese 評価されない). */
  negatorsAfter?: readonly string[];
  /** Words that join two clauses: a comment with both feelings joined by one of these is mixed. */
  contrast: readonly string[];
  /**
   * Words of a wish or a suggestion ("would", "please", "?"): the good words of such a clause are what the
   * writer would like, not what they have, so they do not count as positive.
   */
  wishes: readonly string[];
  /** Set phrases that carry no feeling although they hold a feeling word or a negator ("no comment", "best case"). */
  neutral: readonly string[];
}

export type LanguageCode = "en" | "de" | "fr" | "es" | "pt" | "ja" | "ar";
