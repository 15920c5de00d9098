/**
 * The languages Candor speaks (ADR 055) and how one is chosen for a request: pure functions, no I/O.
 *
 * A language is a BCP 47 tag as the catalogues are named (app/i18n/messages/<tag>.json). Arabic is written
 * right to left; the others left to right.
 */

export const LOCALES = ["en", "de", "fr", "es", "pt-BR", "ja", "ar"] as const;
export type Locale = (typeof LOCALES)[number];

/** The language every catalogue is checked against, and the last resort of the choice. */
export const SOURCE_LOCALE: Locale = "en";

/** Each language in its own words, for the switcher and the account page. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  "pt-BR": "Português (Brasil)",
  ja: "日本語",
  ar: "العربية",
};

const RIGHT_TO_LEFT: ReadonlySet<string> = new Set(["ar", "he", "fa", "ur"]);

/** "rtl" for a right-to-left language, else "ltr": for the dir attribute of <html> and of mixed text. */
export function textDirection(locale: string): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale.split("-")[0]!.toLowerCase()) ? "rtl" : "ltr";
}

/** The language a tag names exactly as Candor writes it, case aside ("pt-br" → "pt-BR"); null for any other. */
export function toLocale(tag: string | null | undefined): Locale | null {
  if (typeof tag !== "string") return null;
  const wanted = tag.trim().toLowerCase();
  return LOCALES.find((l) => l.toLowerCase() === wanted) ?? null;
}

/**
 * The languages an Accept-Language header asks for, best first (by q, then by order); q=0 is "not this".
 * Malformed parts are skipped: a header is a preference, never an error.
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranges: Array<{ tag: string; q: number; at: number }> = [];
  header
    .slice(0, 1000)
    .split(",")
    .forEach((part, at) => {
      const [tag = "", ...params] = part.trim().split(";");
      if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$|^\*$/.test(tag)) return;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      if (!Number.isFinite(q) || q <= 0 || q > 1) return;
      ranges.push({ tag, q, at });
    });
  return ranges.sort((a, b) => b.q - a.q || a.at - b.at).map((r) => r.tag);
}

/**
 * The best of Candor's languages for one asked-for tag: the exact tag, else the same language in another
 * region ("de-AT" → "de", "pt-PT" and "pt" → "pt-BR", "en-GB" → "en"); null when Candor lacks the language.
 */
export function matchLocale(tag: string): Locale | null {
  const exact = toLocale(tag);
  if (exact) return exact;
  const language = tag.split("-")[0]!.toLowerCase();
  return LOCALES.find((l) => l.split("-")[0]!.toLowerCase() === language) ?? null;
}

export interface LocaleSources {
  /** The person's own setting (account page, or the switcher while signed in). */
  person?: string | null;
  /** The switcher's choice on this browser, for someone not signed in. */
  browserChoice?: string | null;
  acceptLanguage?: string | null;
  /** The organisation's default language, when the organisation is known. */
  organisation?: string | null;
}

/**
 * The language of a page (ADR 055): the person's setting, else the choice made on this browser, else the
 * browser's Accept-Language, else the organisation's default, else English. A stored value that is no
 * longer a language Candor has is passed over, never an error.
 */
export function negotiateLocale(sources: LocaleSources): Locale {
  const chosen = toLocale(sources.person) ?? toLocale(sources.browserChoice);
  if (chosen) return chosen;
  for (const tag of parseAcceptLanguage(sources.acceptLanguage)) {
    if (tag === "*") break;
    const match = matchLocale(tag);
    if (match) return match;
  }
  return toLocale(sources.organisation) ?? SOURCE_LOCALE;
}
