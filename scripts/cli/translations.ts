import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkCatalogue, requiredKeys } from "~/i18n/check";
import { toLocale } from "~/domain/locales";
import { UsageError } from "./context";

/**
 * `check-translations --file <file>`: a translator's catalogue (app/i18n/messages/<tag>.json or
 * app/i18n/items/<tag>.json, or a copy of one named the same) against the English one beside it in the
 * repository. Prints each problem with its key and line and exits 1; prints "ok" and exits 0 when clean.
 * Needs no database.
 */
export async function checkTranslationsCommand(values: Record<string, unknown>): Promise<void> {
  const file = typeof values.file === "string" ? values.file : "";
  if (!file) throw new UsageError("Give the file to check: --file app/i18n/messages/de.json");
  const tag = basename(file, ".json");
  const locale = toLocale(tag);
  if (!locale) throw new UsageError(`"${tag}" is not a language Candor has: name the file after one (en, de, fr, es, pt-BR, ja, ar).`);
  const kind = basename(dirname(file)) === "items" ? "items" : "messages";
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const source = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "app", "i18n", kind, "en.json"), "utf8")) as Record<string, string>;
  const problems = checkCatalogue(text, source, requiredKeys(kind, locale));
  if (problems.length === 0) {
    console.info(`${file}: ok (${Object.keys(JSON.parse(text) as object).length} messages)`);
    return;
  }
  for (const p of problems) console.error(`${file}${p.line ? `:${p.line}` : ""}${p.key ? ` ${p.key}` : ""}: ${p.message}`);
  throw new UsageError(`${problems.length} problem${problems.length === 1 ? "" : "s"}: the file is refused.`);
}
