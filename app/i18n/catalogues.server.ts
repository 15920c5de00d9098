import { SOURCE_LOCALE, type Locale } from "~/domain/locales";
import { createTranslator, type Messages, type Translator } from "./translate";
import { inScope, type MessageScope } from "./scopes";
import ar from "./messages/ar.json";
import de from "./messages/de.json";
import en from "./messages/en.json";
import es from "./messages/es.json";
import fr from "./messages/fr.json";
import ja from "./messages/ja.json";
import ptBR from "./messages/pt-BR.json";
import itemsAr from "./items/ar.json";
import itemsDe from "./items/de.json";
import itemsEn from "./items/en.json";
import itemsEs from "./items/es.json";
import itemsFr from "./items/fr.json";
import itemsJa from "./items/ja.json";
import itemsPtBR from "./items/pt-BR.json";

/**
 * Every catalogue, on the server only: a page gets its one language (messagesFor, in the root loader's
 * data), an email or a refusal its reader's (translatorFor). The completeness test holds each catalogue to
 * the English one; a key a catalogue lacks would show English rather than a key name.
 */
const UI: Record<Locale, Partial<Messages>> = { en, de, fr, es, "pt-BR": ptBR, ja, ar };

/** The item bank's translations (items, dimensions, scale anchors), by item code or key. */
export type ItemBank = Record<string, string>;
const ITEMS: Record<Locale, ItemBank> = { en: itemsEn, de: itemsDe, fr: itemsFr, es: itemsEs, "pt-BR": itemsPtBR, ja: itemsJa, ar: itemsAr };

const merged = new Map<Locale, Messages>();

/** A language's messages, with English for any key it lacks. */
export function messagesFor(locale: Locale): Messages {
  let messages = merged.get(locale);
  if (!messages) {
    messages = { ...en, ...UI[locale] } as Messages;
    merged.set(locale, messages);
  }
  return messages;
}

const scoped = new Map<string, Messages>();

/** A language's messages as a browser of this scope gets them (app/i18n/scopes.ts). */
export function pageMessagesFor(locale: Locale, scope: MessageScope): Messages {
  const id = `${locale}:${scope}`;
  let messages = scoped.get(id);
  if (!messages) {
    messages = Object.fromEntries(Object.entries(messagesFor(locale)).filter(([key]) => inScope(key, scope))) as Messages;
    scoped.set(id, messages);
  }
  return messages;
}

export function translatorFor(locale: Locale): Translator {
  return createTranslator(locale, messagesFor(locale));
}

/** A said message (app/i18n/said.ts) in English: for the API, SCIM and the CLI, whose readers are not one person. */
export function sayInEnglish(text: string): string {
  return translatorFor(SOURCE_LOCALE).say(text);
}

/** The item bank of one language (no fallback: the caller shows a fallback visibly). */
export function itemBank(locale: Locale): ItemBank {
  return ITEMS[locale] ?? ITEMS[SOURCE_LOCALE];
}
