import { CsvFormatError, parseCsvTable } from "./csv";
import { LOCALES, toLocale, type Locale } from "./locales";
import { said } from "~/i18n/said";

/**
 * Item translations an organisation writes itself (issue 26, ADR 055, ADR 058): for its custom and
 * Edmondson items, one text per language of Candor's (LOCALES). Pure, no I/O.
 *
 * A translation is plain text, shown as written: Candor never formats it as a message, so braces,
 * apostrophes and "#" are ordinary characters. It has 1 to ITEM_TEXT_MAX characters (as an item's own
 * text) on one line.
 *
 * The upload is a CSV file with the header `code,lang,text`, one translation a line. It is all or nothing:
 * any problem refuses the whole file, each problem with its line and its key (`code/lang`).
 */

export const ITEM_TEXT_MAX = 300;
export const TRANSLATION_COLUMNS = ["code", "lang", "text"] as const;
/** At most this many lines in an upload (every item of a large bank in every language). */
export const TRANSLATION_FILE_LINES = 5000;

/** The sources whose items an organisation translates itself (Candor's own are translated in its files). */
export const TRANSLATABLE_SOURCES: ReadonlySet<string> = new Set(["custom", "edmondson"]);

export interface TranslationProblem {
  /** The file line (the header is line 1), or null for the file as a whole. */
  line: number | null;
  /** `code/lang` as the line names them (or the column), "" for the file. */
  key: string;
  /** A said message (app/i18n/said.ts). */
  message: string;
}

/** Why a translation's text cannot be kept (a said message), or null when it can. */
export function translationTextProblem(text: string): string | null {
  if (text.trim() === "") return said("items.translation.empty");
  if ([...text.trim()].length > ITEM_TEXT_MAX) return said("items.translation.tooLong", { max: ITEM_TEXT_MAX });
  if (/[\r\n]/.test(text)) return said("items.translation.oneLine");
  return null;
}

/** One item's translations from the editor's fields (`t.<lang>`): a text per language, empty ones dropped. */
export function translationsFromFields(fields: Record<string, unknown>): { translations: Partial<Record<Locale, string>>; fieldErrors: Record<string, string> } {
  const translations: Partial<Record<Locale, string>> = {};
  const fieldErrors: Record<string, string> = {};
  for (const lang of LOCALES) {
    const raw = fields[`t.${lang}`];
    const text = typeof raw === "string" ? raw.trim() : "";
    if (text === "") continue;
    const problem = translationTextProblem(text);
    if (problem) fieldErrors[`t.${lang}`] = problem;
    else translations[lang] = text;
  }
  return { translations, fieldErrors };
}

/**
 * The translations an upload sets, by item code, or every problem it has. `items`: the organisation's
 * items by code, with their source.
 */
export function parseTranslationFile(
  text: string,
  items: ReadonlyMap<string, { source: string }>,
): { ok: true; updates: Map<string, Partial<Record<Locale, string>>>; count: number } | { ok: false; problems: TranslationProblem[] } {
  let table;
  try {
    table = parseCsvTable(text);
  } catch (error) {
    if (error instanceof CsvFormatError) {
      return { ok: false, problems: [{ line: error.line, key: "", message: error.line === null ? said("items.upload.notCsv") : said("items.upload.unreadable") }] };
    }
    throw error;
  }
  const missing = TRANSLATION_COLUMNS.filter((c) => !table.header.includes(c));
  if (missing.length > 0) return { ok: false, problems: [{ line: 1, key: missing.join(","), message: said("items.upload.header", { columns: TRANSLATION_COLUMNS.join(",") }) }] };
  if (table.records.length === 0) return { ok: false, problems: [{ line: null, key: "", message: said("items.upload.noRows") }] };
  if (table.records.length > TRANSLATION_FILE_LINES)
    return { ok: false, problems: [{ line: null, key: "", message: said("items.upload.tooMany", { max: TRANSLATION_FILE_LINES }) }] };
  const problems: TranslationProblem[] = [];
  const updates = new Map<string, Partial<Record<Locale, string>>>();
  const seen = new Map<string, number>();
  for (const { line, values } of table.records) {
    const code = values.code ?? "";
    const tag = values.lang ?? "";
    const key = `${code}/${tag}`;
    const problem = (message: string) => problems.push({ line, key, message });
    if (values.__extra !== undefined) {
      problem(said("items.upload.extraValues"));
      continue;
    }
    const item = items.get(code);
    const lang = toLocale(tag);
    if (!item) problem(said("items.error.noItem", { code }));
    else if (!TRANSLATABLE_SOURCES.has(item.source)) problem(said("items.upload.candorItem", { code }));
    if (!lang || lang !== tag) problem(said("items.upload.unknownLanguage", { tag, list: LOCALES.join(", ") }));
    const textProblem = translationTextProblem(values.text ?? "");
    if (textProblem) problem(textProblem);
    if (!item || !lang || lang !== tag || textProblem || !TRANSLATABLE_SOURCES.has(item.source)) continue;
    const earlier = seen.get(`${code}/${lang}`);
    if (earlier !== undefined) {
      problem(said("items.upload.twice", { line: earlier }));
      continue;
    }
    seen.set(`${code}/${lang}`, line);
    updates.set(code, { ...updates.get(code), [lang]: values.text!.trim() });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, updates, count: seen.size };
}
