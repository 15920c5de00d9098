import { IntlMessageFormat, type Formats, type Formatters } from "intl-messageformat";
import { formatsFor, MINUS } from "~/domain/format";
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
 * A date inside a message (`{at, date, medium}`, `{at, date, long}`; the value a Date or epoch
 * milliseconds, as `saidDate` makes them) is a calendar date in UTC, as Candor stores dates, so it reads
 * the same on the server and in any browser's time zone. `medium` is Candor's one date style, written by
 * formatsFor(locale).date ("6 Dec 2026", "6. Dez. 2026", "2026年12月6日"); `long` spells the month
 * ("6 December 2026", "6. Dezember 2026"), English in the British order of formatDate.
 */
const DATE_FORMATS: Partial<Formats> = {
  date: {
    short: { day: "numeric", month: "numeric", year: "numeric", timeZone: "UTC" },
    medium: { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" },
    long: { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
    full: { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
  },
};

const formattersByLocale = new Map<string, Formatters>();

function formattersFor(locale: string): Formatters {
  let found = formattersByLocale.get(locale);
  if (found) return found;
  const cache = new Map<string, unknown>();
  const cached = <T>(kind: string, options: object | undefined, make: () => T): T => {
    const id = `${kind}\u0000${JSON.stringify(options ?? {})}`;
    if (!cache.has(id)) cache.set(id, make());
    return cache.get(id) as T;
  };
  const styles = formatsFor(locale);
  // Dates follow English's day-month-year order (formatDate's "6 Dec 2026"), not American's month first.
  const dateLocale = locale === "en" ? "en-GB" : locale;
  found = {
    getNumberFormat: (_, options) =>
      cached("number", options, () => {
        const format = new Intl.NumberFormat(locale, options as Intl.NumberFormatOptions);
        // A number with its sign (`::+? .0`: a change, an interval's end) has the true minus sign, as formatsFor writes it ("−0.3").
        const sign = (options as Intl.NumberFormatOptions | undefined)?.signDisplay;
        if (sign !== "exceptZero" && sign !== "always") return format;
        return { format: (value: number | bigint) => format.format(value).replace(/[-\u2212]/g, MINUS) } as Intl.NumberFormat;
      }),
    getPluralRules: (_, options) => cached("plural", options, () => new Intl.PluralRules(locale, options)),
    getDateTimeFormat: (_, options) =>
      cached("date", options, () => {
        const medium = options?.month === "short" && options.day !== undefined && options.year !== undefined && options.weekday === undefined && options.hour === undefined;
        // Candor's date style has one home (app/domain/format.ts): a medium date is written by it.
        return medium
          ? ({ format: (value?: Date | number) => styles.date(new Date(value ?? Number.NaN)) } as Intl.DateTimeFormat)
          : new Intl.DateTimeFormat(dateLocale, { ...options, timeZone: "UTC" });
      }),
  };
  formattersByLocale.set(locale, found);
  return found;
}

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
    format = new IntlMessageFormat(messages[key] ?? key, locale, DATE_FORMATS, { formatters: formattersFor(locale) });
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
    // A value may itself be said (a refusal's reason inside a sentence), or a list of said entries: each is said
    // in the same language.
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
