import { said } from "~/i18n/said";
import { COMMENT_MAX_LENGTH, type Scale } from "./instrument";

export interface AnswerableItem {
  id: string;
  code: string;
  scale: Scale;
}

export interface SubmittedAnswer {
  itemId: string;
  value: number | null;
  comment: string | null;
}

/** Form field name for an item's answer. */
export const answerField = (code: string) => `a.${code}`;

const RANGES: Record<Exclude<Scale, "text">, [number, number]> = { agree7: [1, 7], nps11: [0, 10] };

/**
 * Checks submitted answers against the wave's items: every item may be skipped (blank), ratings must be
 * whole numbers in the item's range, comments at most 2,000 characters, and no field may name an item
 * that is not in the wave. Returns the answers, or a message per field and nothing else. The messages are
 * said (ADR 057): the pulse page, the self-assessment and the history import show them in their reader's
 * language, the ballot endpoint and the API in English.
 */
export function parseAnswers(
  items: readonly AnswerableItem[],
  fields: Record<string, string | undefined>,
): { ok: true; answers: SubmittedAnswer[] } | { ok: false; fieldErrors: Record<string, string>; formError: string } {
  const byField = new Map(items.map((item) => [answerField(item.code), item]));
  const fieldErrors: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    if (name.startsWith("a.") && !byField.has(name)) fieldErrors[name] = said("pulse.answers.notAQuestion", { code: name.slice(2) });
  }
  const answers: SubmittedAnswer[] = [];
  for (const [name, item] of byField) {
    const raw = fields[name];
    if (raw === undefined || raw.trim() === "") continue;
    if (item.scale === "text") {
      const comment = raw.replace(/\r\n/g, "\n").trim();
      // PostgreSQL text cannot hold NUL: saving it would fail the whole submission.
      if (comment.includes("\u0000")) {
        fieldErrors[name] = said("pulse.answers.nul");
      } else if (comment.length > COMMENT_MAX_LENGTH) {
        fieldErrors[name] = said("pulse.answers.tooLong", { length: comment.length, max: COMMENT_MAX_LENGTH });
      } else {
        answers.push({ itemId: item.id, value: null, comment });
      }
      continue;
    }
    const [min, max] = RANGES[item.scale];
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
      fieldErrors[name] = said("pulse.answers.range", { min, max });
      continue;
    }
    answers.push({ itemId: item.id, value, comment: null });
  }
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, fieldErrors, formError: said("pulse.answers.fix", { count: Object.keys(fieldErrors).length }) };
  }
  if (answers.length === 0) {
    return { ok: false, fieldErrors, formError: said("pulse.answers.none") };
  }
  return { ok: true, answers };
}
