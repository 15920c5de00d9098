import type { MessageKey } from "./translate";

/**
 * A message made where no translator is at hand (a service's refusal, a zod field error, a domain rule's
 * explanation): its catalogue key and values, carried as a string so that it fits `Error.message`, a field
 * error map and zod's `message`. It is translated where it reaches a person, in their language: the form
 * components and the error page (`say` of the page's translator), the route edge for plain-text refusals,
 * the API and the CLI (English). Text that is not a said message passes through unchanged.
 *
 * The marks are U+2063 (invisible separator), which no form input or catalogue contains.
 */
const MARK = "\u2063";

/** Strings, numbers, and lists of strings (each may itself be said), joined where they are said as the reader's language joins a list. */
export type SaidValues = Record<string, string | number | readonly string[]>;

export function said(key: MessageKey, values?: SaidValues): string {
  return values ? `${MARK}${key}${MARK}${JSON.stringify(values)}${MARK}` : `${MARK}${key}${MARK}`;
}

/** The key and values of a said message, or null for plain text. */
export function parseSaid(text: string): { key: MessageKey; values: SaidValues } | null {
  if (!text.startsWith(MARK) || !text.endsWith(MARK) || text.length < 3) return null;
  const inner = text.slice(1, -1);
  const split = inner.indexOf(MARK);
  if (split === -1) return { key: inner as MessageKey, values: {} };
  try {
    const values = JSON.parse(inner.slice(split + 1)) as SaidValues;
    return { key: inner.slice(0, split) as MessageKey, values: values && typeof values === "object" ? values : {} };
  } catch {
    return null;
  }
}

/**
 * A calendar date ("2026-12-01", or a Date's UTC day) as a said value for a message's `{at, date, medium}`
 * (or `long`): epoch milliseconds of its UTC midnight, which the translator writes in the reader's language
 * and date style. Never an English-formatted date inside a translated sentence (ADR 057).
 */
export function saidDate(date: string | Date): number {
  const iso = date instanceof Date ? date.toISOString() : date;
  return Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
}
