import { SOURCE_LOCALE, toLocale, type Locale } from "./locales";

/**
 * Which words a rep reads for an item (issue 26, ADR 055). Candor's own items and Edmondson's are
 * translated in the item bank's files (one per language); custom and Edmondson items can carry their own
 * translations (item.translations, migration 0038), which win. An item with no text in the rep's language
 * is shown in the organisation's default language, and the page says so (fallback); failing that, in the
 * language it was written in. Results are pooled across languages: the item is the same item. The manager's
 * wording of an item (their self-assessment) follows the same rule with the bank's "manager.<code>"; an
 * organisation stores no translations of its custom items' manager wording, so that is shown as written.
 */

/**
 * One language's item bank: "item.<code>" (the rep's wording), "manager.<code>" (the manager's wording of a
 * rated item, for the self-assessment), "dimension.<key>", "agree7.<1–7>", "nps11.0", "nps11.10".
 */
export type ItemBankTexts = Record<string, string>;

/**
 * Which wording of an item: the rep's (what the team answers), or the manager's (the same item mirrored from
 * their side, item.manager_text). Each has its own key in the item bank; the rule of which text is shown is
 * the same.
 */
export type Wording = "rep" | "manager";
const BANK_KEY: Record<Wording, string> = { rep: "item", manager: "manager" };

export interface StoredItem {
  code: string;
  /** The wording's text as stored (item.text for the rep's, item.manager_text for the manager's). */
  text: string;
  source: "default" | "edmondson" | "custom";
  /** The organisation's own translations of this wording (the rep's only: the manager's has none stored). */
  translations: Record<string, string> | null;
}

export interface ItemInLanguage {
  text: string;
  /** The language the text is in (the page marks the item with it). */
  lang: Locale;
  /** True when the rep asked for another language, which this item lacks. */
  fallback: boolean;
}

/**
 * The item's text in a language, or null. A bank item whose stored text was edited away from the bank's
 * English is the organisation's own wording: the bank's translations no longer fit it, so only its own
 * translations count.
 */
function textIn(item: StoredItem, lang: Locale, written: Locale, bank: (l: Locale) => ItemBankTexts, key: string): string | null {
  const own = item.translations?.[lang];
  if (typeof own === "string" && own.trim() !== "") return own;
  if (lang === written) return item.text;
  if (item.source !== "custom" && bank(SOURCE_LOCALE)[key] === item.text) return bank(lang)[key] ?? null;
  return null;
}

/**
 * An item's text (the rep's wording, or with `wording` "manager" the manager's) in the wanted language, else
 * the organisation's, marked as a fallback.
 */
export function itemInLanguage(item: StoredItem, wanted: Locale, organisationDefault: string | null, bank: (l: Locale) => ItemBankTexts, wording: Wording = "rep"): ItemInLanguage {
  const fallbackLocale = toLocale(organisationDefault) ?? SOURCE_LOCALE;
  // Candor's own items are written in English; a custom item in its organisation's language.
  const written = item.source === "custom" ? fallbackLocale : SOURCE_LOCALE;
  const key = `${BANK_KEY[wording]}.${item.code}`;
  const asked = textIn(item, wanted, written, bank, key);
  if (asked !== null) return { text: asked, lang: wanted, fallback: false };
  const other = textIn(item, fallbackLocale, written, bank, key);
  if (other !== null) return { text: other, lang: fallbackLocale, fallback: true };
  return { text: item.text, lang: written, fallback: written !== wanted };
}

/** A dimension's name in a language: the bank's for Candor's dimensions (unless renamed), else as stored. */
export function dimensionInLanguage(key: string | null, storedName: string | null, wanted: Locale, bank: (l: Locale) => ItemBankTexts): string | null {
  if (!key || storedName === null) return storedName;
  if (bank(SOURCE_LOCALE)[`dimension.${key}`] !== storedName) return storedName;
  return bank(wanted)[`dimension.${key}`] ?? storedName;
}

/** The answer scales' words in a language (the bank has every one for every language; English fills any gap). */
export function scaleAnchors(wanted: Locale, bank: (l: Locale) => ItemBankTexts): { agree7: string[]; nps11: [string, string] } {
  const word = (key: string) => bank(wanted)[key] ?? bank(SOURCE_LOCALE)[key] ?? key;
  return { agree7: [1, 2, 3, 4, 5, 6, 7].map((n) => word(`agree7.${n}`)), nps11: [word("nps11.0"), word("nps11.10")] };
}
