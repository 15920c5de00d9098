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
 * that is not in the wave. Returns the answers, or a message per field and nothing else.
 */
export function parseAnswers(
  items: readonly AnswerableItem[],
  fields: Record<string, string | undefined>,
): { ok: true; answers: SubmittedAnswer[] } | { ok: false; fieldErrors: Record<string, string>; formError: string } {
  const byField = new Map(items.map((item) => [answerField(item.code), item]));
  const fieldErrors: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    if (name.startsWith("a.") && !byField.has(name)) fieldErrors[name] = `"${name.slice(2)}" is not a question of this pulse.`;
  }
  const answers: SubmittedAnswer[] = [];
  for (const [name, item] of byField) {
    const raw = fields[name];
    if (raw === undefined || raw.trim() === "") continue;
    if (item.scale === "text") {
      const comment = raw.replace(/\r\n/g, "\n").trim();
      // PostgreSQL text cannot hold NUL: saving it would fail the whole submission.
      if (comment.includes("\u0000")) {
        fieldErrors[name] = "Your comment holds a NUL character, which cannot be saved. Remove it.";
      } else if (comment.length > COMMENT_MAX_LENGTH) {
        fieldErrors[name] = `Your comment is ${comment.length.toLocaleString("en")} characters; the limit is ${COMMENT_MAX_LENGTH.toLocaleString("en")}.`;
      } else {
        answers.push({ itemId: item.id, value: null, comment });
      }
      continue;
    }
    const [min, max] = RANGES[item.scale];
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
      fieldErrors[name] = `Choose a whole number from ${min} to ${max}.`;
      continue;
    }
    answers.push({ itemId: item.id, value, comment: null });
  }
  if (Object.keys(fieldErrors).length > 0) {
    const n = Object.keys(fieldErrors).length;
    return { ok: false, fieldErrors, formError: `Nothing was saved: ${n} answer${n === 1 ? " needs" : "s need"} fixing.` };
  }
  if (answers.length === 0) {
    return { ok: false, fieldErrors, formError: "Nothing was saved: answer at least one question (you may skip any of them)." };
  }
  return { ok: true, answers };
}
