import { SOURCE_LOCALE, type Locale } from "~/domain/locales";
import { messagesFor, translatorFor } from "~/i18n/catalogues.server";
import type { MessageKey } from "~/i18n/translate";

/**
 * The field errors of the translated forms (sign-in, password, account), in the page's language (ADR 055).
 * Their zod schemas keep their English words, which tests and the API read; this looks each English message
 * up among these keys and answers the same message in the reader's language. A message that is not among
 * them stays as it is (English), never a key name.
 */
const FIELD_ERROR_KEYS: readonly MessageKey[] = [
  "field.emailRequired",
  "field.passwordRequired",
  "field.workEmailRequired",
  "field.emailExample",
  "field.emailSuch",
  "field.currentPassword",
  "field.passwordsDiffer",
  "field.passwordShort",
  "field.passwordEmpty",
  "field.passwordLong",
];

let byEnglish: Map<string, MessageKey> | null = null;

function keyOf(english: string): MessageKey | undefined {
  if (!byEnglish) {
    const en = messagesFor(SOURCE_LOCALE);
    byEnglish = new Map(FIELD_ERROR_KEYS.map((key) => [en[key], key]));
  }
  return byEnglish.get(english);
}

/** A form's errors in a language: each field's message, and the message above the form, when known. */
export function localizeErrors<E extends { formError?: string | null; fieldErrors: Record<string, string> }>(errors: E, locale: Locale): E {
  if (locale === SOURCE_LOCALE) return errors;
  const { t } = translatorFor(locale);
  const say = (text: string) => {
    const key = keyOf(text);
    return key ? t(key) : text;
  };
  const fieldErrors = Object.fromEntries(Object.entries(errors.fieldErrors).map(([field, text]) => [field, say(text)]));
  return { ...errors, fieldErrors, formError: typeof errors.formError === "string" ? say(errors.formError) : errors.formError };
}
