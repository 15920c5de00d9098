import { createContext, useContext, useMemo, type ReactNode } from "react";
import { createTranslator, type MessageKey, type Messages, type Translator, type Values } from "./translate";

/** The page's language and its messages, from the root loader (only this language reaches the browser). */
export interface PageLanguage {
  locale: string;
  dir: "ltr" | "rtl";
  messages: Messages;
}

const I18n = createContext<(Translator & { dir: "ltr" | "rtl" }) | null>(null);

export function I18nProvider({ language, children }: { language: PageLanguage; children: ReactNode }) {
  const value = useMemo(() => ({ ...createTranslator(language.locale, language.messages), dir: language.dir }), [language]);
  return <I18n.Provider value={value}>{children}</I18n.Provider>;
}

/** The page's translator: t(key, values) for text, rich(key, values) for a message with tags. */
export function useI18n(): Translator & { dir: "ltr" | "rtl" } {
  const value = useContext(I18n);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

/** Text that may be a said message (app/i18n/said.ts: a service's refusal, a field error), in the page's language. */
export function Said({ text }: { text: string }) {
  const value = useContext(I18n);
  return <>{value ? value.say(text) : text}</>;
}

/** A message with <b>…</b> tags as React nodes (the common case: strong words in a sentence). */
export function useRich() {
  const { rich } = useI18n();
  return (key: MessageKey, values: Values = {}) =>
    rich<ReactNode>(key, {
      ...values,
      b: (chunks) => <strong key={`b${String(chunks)}`}>{chunks}</strong>,
    });
}
