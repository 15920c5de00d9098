import { IntlMessageFormat, type Formatters } from "intl-messageformat";
import { formatsFor } from "../domain/format";
import type en from "./messages/en.json";
import { parseSaid } from "./said";

/**
 * Candor's messages (ADR 055): ICU MessageFormat strings in one JSON file per language
 * (app/i18n/messages/<tag>.json), keyed alike, formatted with FormatJS's intl-messageformat. Shared by
 * the server (emails, refusals) and the browser (which gets only its page's language, in the root loader's
 * data). Never string concatenation: a sentence is one message, with its placeholders, plurals and tags.
 */

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
/** A list value (several team names) is joined as the language joins a list: "A, B, and C", "A, B und C", "A、B、C". */
export type Values = Record<string, string | number | Date | readonly string[]>;

/**
 * `{at, date, medium}` in a message is Candor's one date style (formatsFor: "6 Dec 2026", "6. Dez. 2026",
 * "2026年12月6日"), of the UTC calendar date the app stores, so that server and browser write the same day
 * whatever their time zone. The value is epoch milliseconds (a said message's values are JSON) or an ISO date.
 */
const CALENDAR_DAY = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" } as const;
const FORMATS = { date: { medium: CALENDAR_DAY } };

function isCalendarDay(options: Intl.DateTimeFormatOptions | undefined): boolean {
  return (
    options !== undefined &&
    Object.keys(options).length === Object.keys(CALENDAR_DAY).length &&
    Object.entries(CALENDAR_DAY).every(([name, value]) => options[name as keyof Intl.DateTimeFormatOptions] === value)
  );
}

/** One formatter per language and options, made once (what intl-messageformat's own formatters do). */
function once<O, T>(make: (locales: string | string[] | undefined, options: O | undefined) => T): (locales?: string | string[], options?: O) => T {
  const made = new Map<string, T>();
  return (locales, options) => {
    const id = JSON.stringify([locales, options ?? null]);
    let value = made.get(id);
    if (value === undefined) {
      value = make(locales, options);
      made.set(id, value);
    }
    return value;
  };
}

const FORMATTERS: Formatters = {
  getNumberFormat: once((locales, options: Parameters<Formatters["getNumberFormat"]>[1]) => new Intl.NumberFormat(locales, options as Intl.NumberFormatOptions)),
  getPluralRules: once((locales, options: Intl.PluralRulesOptions | undefined) => new Intl.PluralRules(locales, options)),
  getDateTimeFormat: once((locales, options: Intl.DateTimeFormatOptions | undefined) => {
    if (!isCalendarDay(options)) return new Intl.DateTimeFormat(locales, options);
    const date = formatsFor(String(locales)).date;
    const format = (value?: Date | number | string) => date(typeof value === "number" ? new Date(value) : (value ?? null));
    return { format } as Intl.DateTimeFormat;
  }),
};

const lists = new Map<string, Intl.ListFormat>();
function joined(locale: string, items: readonly string[]): string {
  let list = lists.get(locale);
  if (!list) {
    list = new Intl.ListFormat(locale, { type: "conjunction" });
    lists.set(locale, list);
  }
  return list.format(items);
}

/** The values with each list joined for the language (after `each` has put its items in the language). */
function withLists(locale: string, values: Values | undefined, each: (item: string) => string = (item) => item): Record<string, string | number | Date> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([name, value]) => [name, Array.isArray(value) ? joined(locale, value.map(each)) : (value as string | number | Date)]),
  );
}

const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: string, messages: Messages, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}\u0000${messages[key]}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(messages[key] ?? key, locale, FORMATS, { formatters: FORMATTERS });
    if (compiled.size > 5000) compiled.clear();
    compiled.set(id, format);
  }
  return format;
}

export interface Translator {
  locale: string;
  /** A message as plain text; a message's tags (<b>…</b>) keep their words and lose their markup. */
  t(key: MessageKey, values?: Values): string;
  /** A message whose tags are given as functions of their content (React elements on a page). */
  rich<T>(key: MessageKey, values: Record<string, string | number | Date | readonly string[] | ((chunks: Array<string | T>) => T)>): Array<string | T> | string;
  /** A message made with `said()` (app/i18n/said.ts) in this language; any other text unchanged. */
  say(text: string): string;
}

const plainTags = (chunks: unknown[]) => chunks.join("");

/** Tag names used by the catalogues: each becomes a plain-text pass-through in t(). */
const TAGS = ["b", "ask", "login"] as const;

export function createTranslator(locale: string, messages: Messages): Translator {
  const plain = Object.fromEntries(TAGS.map((tag) => [tag, plainTags]));
  const say = (text: string): string => {
    const found = parseSaid(text);
    if (!found || !(found.key in messages)) return text;
    // A value may itself be said (a refusal's reason inside a sentence), or a list of said entries: each is said in the same language.
    const values = withLists(locale, Object.fromEntries(Object.entries(found.values).map(([name, value]) => [name, typeof value === "string" ? say(value) : value])), say);
    return String(formatter(locale, messages, found.key).format({ ...plain, ...values }));
  };
  return {
    locale,
    t: (key, values) => String(formatter(locale, messages, key).format({ ...plain, ...withLists(locale, values) })),
    rich: (key, values) =>
      formatter(locale, messages, key).format(
        Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Array.isArray(value) ? joined(locale, value) : value])) as never,
      ) as never,
    say,
  };
}
