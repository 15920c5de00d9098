import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

/**
 * The checks every catalogue passes (ADR 055), for the completeness test and for
 * `npm run candor -- check-translations --file <file>` (a translator's file before it is committed): the
 * file is a JSON object of strings; every message is valid ICU MessageFormat; it has exactly the source
 * (English) catalogue's keys; and each message uses the same placeholders and tags as the English one.
 * Problems name the key and the line of the file.
 */

export interface CatalogueProblem {
  key: string | null;
  line: number | null;
  message: string;
}

/** A message's argument and tag names ("team", "minutes", "<b>"), through plurals, selects and tags. */
export function placeholdersOf(message: string): Set<string> {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) names.add(element.value);
      else if (element.type === TYPE.plural || element.type === TYPE.select) {
        names.add(element.value);
        for (const option of Object.values(element.options)) walk(option.value);
      } else if (element.type === TYPE.tag) {
        names.add(`<${element.value}>`);
        walk(element.children);
      }
    }
  };
  walk(parse(message));
  return names;
}

/** The line of a key in a JSON file's text (1-based), or null. */
function lineOf(text: string, key: string): number | null {
  const needle = `${JSON.stringify(key)}:`;
  const lines = text.split("\n");
  const index = lines.findIndex((l) => l.trimStart().startsWith(needle));
  return index < 0 ? null : index + 1;
}

/**
 * Checks a catalogue file's text against the source catalogue. `required` limits the keys it must have to
 * those (a language that covers part of the app, such as Arabic for the survey pages); it may still not
 * have keys the source lacks.
 */
export function checkCatalogue(text: string, source: Record<string, string>, required?: (key: string) => boolean): CatalogueProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : null;
    return [{ key: null, line, message: `The file is not valid JSON: ${(error as Error).message}` }];
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [{ key: null, line: 1, message: "The file must be one JSON object of key → message." }];
  const catalogue = parsed as Record<string, unknown>;
  const problems: CatalogueProblem[] = [];
  for (const [key, message] of Object.entries(catalogue)) {
    const line = lineOf(text, key);
    if (!(key in source)) {
      problems.push({ key, line, message: `"${key}" is not a key of the English catalogue (no code uses it): remove it.` });
      continue;
    }
    if (typeof message !== "string") {
      problems.push({ key, line, message: `"${key}" must be a string.` });
      continue;
    }
    let mine: Set<string>;
    try {
      mine = placeholdersOf(message);
    } catch (error) {
      const at = (error as { location?: { start?: { column?: number } } }).location?.start?.column;
      problems.push({ key, line, message: `"${key}" is not a valid ICU message (${(error as Error).message}${at ? ` at column ${at} of the message` : ""}).` });
      continue;
    }
    const english = placeholdersOf(source[key]!);
    const missing = [...english].filter((p) => !mine.has(p));
    const extra = [...mine].filter((p) => !english.has(p));
    if (missing.length || extra.length) {
      const parts = [
        missing.length ? `lacks ${missing.map((p) => `{${p}}`).join(", ")}` : "",
        extra.length ? `has ${extra.map((p) => `{${p}}`).join(", ")} that English has not` : "",
      ];
      problems.push({ key, line, message: `"${key}" ${parts.filter(Boolean).join(" and ")}: its placeholders must be English's.` });
    }
  }
  for (const key of Object.keys(source)) {
    if (!(key in catalogue) && (!required || required(key))) problems.push({ key, line: null, message: `"${key}" is missing.` });
  }
  return problems;
}

/** The keys Arabic must have: the survey pages, their frame and the rep's emails (issue 26's first slice). */
export const SURVEY_SCOPE = (key: string) => /^(meta|shell|language|error|pulse|receipt|mail|role)\./.test(key);

/** The item bank's keys Arabic must have: the rep's words (items, dimensions, scales), not the manager's wording of items ("manager.<code>"). */
export const REP_ITEMS_SCOPE = (key: string) => !key.startsWith("manager.");

/**
 * Which of English's keys a language's catalogue must have (undefined: every one). Arabic covers the rep's
 * side only; every other language covers everything, the manager's wording of Candor's items included.
 */
export function requiredKeys(kind: "messages" | "items", locale: string): ((key: string) => boolean) | undefined {
  if (locale !== "ar") return undefined;
  return kind === "messages" ? SURVEY_SCOPE : REP_ITEMS_SCOPE;
}
