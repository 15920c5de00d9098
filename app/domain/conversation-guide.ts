import { z } from "zod";
import { formatScore } from "./format";
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";

/**
 * The manager's team conversation guide: which dimensions to talk about after a wave closes, why, and
 * questions to take into the meeting. Plain data in (the scores the results engine let through), plain
 * data out. Hidden dimensions carry no mean and are never chosen, so nothing the anonymity rules hid
 * can reappear as a "focus".
 */

/** The 7-point agreement scale every rated dimension is scored on. */
export const SCALE_MIN = 1;
export const SCALE_MAX = 7;

/** At most this many dimensions per conversation: more than two topics make a meeting a review. */
export const MAX_FOCUS = 2;

export interface DimensionResult {
  key: string;
  name: string;
  /** False for forecast pressure, where a higher score means more pressure to sandbag. */
  higherIsBetter: boolean;
  /** Null when the results engine hid the score (too few answers, or to protect another group). */
  mean: number | null;
  /** Latest minus previous wave with its 95% interval; null without a shown previous score. */
  change: { diff: number; ciLow: number; ciHigh: number } | null;
}

export interface FocusDimension {
  dimension: { key: string; name: string; higherIsBetter: boolean; mean: number };
  /** One line in plain words, such as "lowest score of your team: 3.9 of 7". */
  reason: string;
  /** The same reason as said messages (ADR 057), one per part, for the page to put in its reader's language. */
  reasonSaid: string[];
  /** Why it was chosen: the weakest shown score(s), a clear fall since the last wave, or both. */
  signals: Array<"lowest" | "next-lowest" | "falling">;
  questions: string[];
  /** The questions' catalogue keys, in the same order (the English of each is the question above). */
  questionKeys: MessageKey[];
}

/**
 * A score turned so that higher is always better (SCALE_MIN + SCALE_MAX − mean for dimensions where
 * higher is worse), so that forecast pressure of 5.5 ranks as weak as a safety score of 2.5.
 *
 * @example favourability({ mean: 5.5, higherIsBetter: false }) // 2.5
 */
export function favourability(d: { mean: number; higherIsBetter: boolean }): number {
  return d.higherIsBetter ? d.mean : SCALE_MIN + SCALE_MAX - d.mean;
}

/**
 * Whether a dimension clearly got worse since the previous wave: the whole 95% interval of the change
 * lies on the worsening side (below zero, or above zero where higher is worse). A change whose interval
 * crosses zero is not called a fall.
 *
 * @example isFalling({ higherIsBetter: true, change: { diff: -0.6, ciLow: -1.1, ciHigh: -0.1 } }) // true
 */
export function isFalling(d: Pick<DimensionResult, "higherIsBetter" | "change">): boolean {
  if (!d.change) return false;
  return d.higherIsBetter ? d.change.ciHigh < 0 : d.change.ciLow > 0;
}

const one = formatScore;
// Ties are judged at the precision shown on screen: two scores that both read 3.9 are joint lowest.
const shownPrecision = (n: number) => Math.round(n * 10) / 10;

function rankWords(kind: "lowest" | "joint-lowest" | "next-lowest" | "only", d: { mean: number; higherIsBetter: boolean }): string {
  const value = `${one(d.mean)} of ${SCALE_MAX}`;
  if (kind === "only") return `the only score shown for your team: ${value}${d.higherIsBetter ? "" : " (higher means worse here)"}`;
  const word = d.higherIsBetter ? "lowest" : "weakest";
  const prefix = kind === "joint-lowest" ? `joint ${word}` : kind === "next-lowest" ? `next-${word}` : word;
  return `${prefix} score of your team: ${value}${d.higherIsBetter ? "" : " (higher means worse here)"}`;
}

const RANK_KEYS = {
  only: ["guide.reason.only", "guide.reason.onlyWorse"],
  lowest: ["guide.reason.lowest", "guide.reason.weakest"],
  "joint-lowest": ["guide.reason.jointLowest", "guide.reason.jointWeakest"],
  "next-lowest": ["guide.reason.nextLowest", "guide.reason.nextWeakest"],
} as const satisfies Record<string, readonly [MessageKey, MessageKey]>;

function rankSaid(kind: keyof typeof RANK_KEYS, d: { mean: number; higherIsBetter: boolean }): string {
  return said(RANK_KEYS[kind][d.higherIsBetter ? 0 : 1], { score: shownPrecision(d.mean), max: SCALE_MAX });
}

function fallSaid(d: DimensionResult): string {
  const amount = Math.abs(d.change!.diff);
  if (amount < 0.05) return said(d.higherIsBetter ? "guide.reason.fellSlightly" : "guide.reason.roseSlightly");
  return said(d.higherIsBetter ? "guide.reason.fell" : "guide.reason.rose", { by: shownPrecision(amount) });
}

function fallWords(d: DimensionResult): string {
  const amount = Math.abs(d.change!.diff);
  const size = amount < 0.05 ? "slightly" : one(amount);
  return d.higherIsBetter ? `fell ${size} since the last wave` : `rose ${size} since the last wave, which is worse here`;
}

/**
 * The dimensions a manager should take into the team conversation, at most MAX_FOCUS of them. Only
 * shown scores count. The first is the weakest shown score (lowest; highest where higher is worse,
 * compared on the favourable side of the scale); the second is the clearest fall since the last wave
 * (change interval entirely on the worsening side, largest fall first), or failing that the next
 * weakest score. Ties are judged at one decimal, as shown on screen, and go to the earlier dimension in
 * the input order (the instrument's order). Returns [] when every dimension is hidden.
 *
 * @example
 * chooseFocus([
 *   { key: "ps", name: "Psychological safety", higherIsBetter: true, mean: 3.9, change: null },
 *   { key: "co", name: "Collaboration", higherIsBetter: true, mean: 5.2, change: null },
 * ]) // ps ("lowest score of your team: 3.9 of 7"), then co ("next-lowest score of your team: 5.2 of 7")
 */
export function chooseFocus(dimensions: readonly DimensionResult[], max = MAX_FOCUS): FocusDimension[] {
  const shown = dimensions
    .filter((d): d is DimensionResult & { mean: number } => d.mean !== null && Number.isFinite(d.mean))
    .map((d, order) => ({ d, order, score: shownPrecision(favourability({ mean: shownPrecision(d.mean), higherIsBetter: d.higherIsBetter })) }));
  if (shown.length === 0 || max <= 0) return [];
  const ranked = [...shown].sort((a, b) => a.score - b.score || a.order - b.order);
  const lowestScore = ranked[0]!.score;
  const jointLowest = ranked.filter((r) => r.score === lowestScore).length > 1;
  const falling = shown
    .filter((r) => isFalling(r.d))
    // The worsening amount, positive: larger falls come first; ties keep the input order.
    .sort((a, b) => worsening(b.d) - worsening(a.d) || a.order - b.order);

  const chosen: Array<(typeof shown)[number] & { pickedAs: "lowest" | "falling" | "next-lowest" }> = [];
  const pick = (candidates: typeof shown, pickedAs: "lowest" | "falling" | "next-lowest") => {
    for (const r of candidates) {
      if (chosen.length >= max) return;
      if (!chosen.some((c) => c.d.key === r.d.key)) chosen.push({ ...r, pickedAs });
    }
  };
  pick(ranked.slice(0, 1), "lowest");
  pick(falling, "falling");
  pick(ranked, "next-lowest");

  return chosen.map((c) => {
    const signals: FocusDimension["signals"] = [];
    const parts: string[] = [];
    const saidParts: string[] = [];
    const isLowest = c.score === lowestScore;
    if (shown.length === 1) {
      signals.push("lowest");
      parts.push(rankWords("only", c.d));
      saidParts.push(rankSaid("only", c.d));
    } else if (isLowest) {
      signals.push("lowest");
      parts.push(rankWords(jointLowest ? "joint-lowest" : "lowest", c.d));
      saidParts.push(rankSaid(jointLowest ? "joint-lowest" : "lowest", c.d));
    } else if (c.pickedAs === "next-lowest") {
      signals.push("next-lowest");
      parts.push(rankWords("next-lowest", c.d));
      saidParts.push(rankSaid("next-lowest", c.d));
    }
    if (isFalling(c.d)) {
      signals.push("falling");
      parts.push(fallWords(c.d));
      saidParts.push(fallSaid(c.d));
    }
    return {
      dimension: { key: c.d.key, name: c.d.name, higherIsBetter: c.d.higherIsBetter, mean: c.d.mean },
      reason: parts.join(", and "),
      reasonSaid: saidParts,
      signals,
      questions: discussionQuestions(c.d.key),
      questionKeys: discussionQuestionKeys(c.d.key),
    };
  });
}

function worsening(d: DimensionResult): number {
  return d.change ? (d.higherIsBetter ? -d.change.diff : d.change.diff) : 0;
}

const SAFETY_QUESTIONS = [
  "Think of the last deal we lost: did anyone see it going wrong before it was lost, and what made it easy or hard to say so?",
  "When a deal slips or a customer call goes badly, what happens next on this team? What would you want to happen?",
  "What risk would you like to take with an account (a new approach, a bigger ask, a different contact) that you have held back on? What stopped you?",
  "Whose strengths do we under-use? Who would you go to for pricing, negotiation or a technical question, and do we actually ask them?",
];

/**
 * Questions a sales manager can take into a team meeting, per dimension of the default item bank. They
 * ask about concrete deals and moments, not about the survey or about who answered what.
 */
export const DISCUSSION_QUESTIONS: Readonly<Record<string, readonly string[]>> = {
  psychological_safety: SAFETY_QUESTIONS,
  // Edmondson's items measure the same construct as Candor's own safety items: the same conversation.
  psychological_safety_edmondson: SAFETY_QUESTIONS,
  collaboration: [
    "Which deal from last quarter went better because someone else on the team stepped in? What exactly did they do?",
    "Where do our hand-offs drop things (SDR to AE, AE to solutions, AE to customer success), and what is one recent example?",
    "When did two of us last work the same account without knowing it, or send the same customer the same email?",
    "If you were behind on your number in the last two weeks of the quarter, who would you ask for help, and would you feel able to ask?",
  ],
  intel_sharing: [
    "What have you learned about a customer or a competitor in the last two weeks that the rest of us do not know yet?",
    "If you were out for two weeks, could a teammate pick up your biggest deal from your CRM notes alone? What would be missing?",
    "When did we last talk through a lost deal together? What would make a 15-minute win/loss review worth everyone's time?",
    "Does anything make keeping account knowledge to yourself feel safer or better paid than sharing it: territories, splits, the leaderboard?",
  ],
  forecast_pressure: [
    "When did someone last move a deal's close date because of pressure rather than what the buyer said?",
    "What happens in our forecast call when a committed deal slips? What would make it easier to call a slip early?",
    "Is anyone keeping deals out of commit, or pushing them into next quarter, to protect their number? What would change that?",
    "What is your honest best estimate for your biggest open deal right now, and how far is it from what is in the forecast?",
  ],
};

/** For a dimension an organisation added itself, with no questions of its own. */
export const GENERAL_QUESTIONS = [
  "What do these results get right about how this team works, and what do they miss?",
  "Which recent deal shows this at its best, and which at its worst?",
  "What is one thing we could change in the next month that would move this score?",
  "What would you need from me as your manager to make that change happen?",
];

/** The discussion questions for a dimension; general ones for a dimension without its own. */
export function discussionQuestions(dimensionKey: string): string[] {
  return [...(DISCUSSION_QUESTIONS[dimensionKey] ?? GENERAL_QUESTIONS)];
}

const SAFETY_QUESTION_KEYS: readonly MessageKey[] = ["guide.question.safety.1", "guide.question.safety.2", "guide.question.safety.3", "guide.question.safety.4"];

/** The catalogue keys of DISCUSSION_QUESTIONS (the English of each key is the question word for word). */
export const DISCUSSION_QUESTION_KEYS: Readonly<Record<string, readonly MessageKey[]>> = {
  psychological_safety: SAFETY_QUESTION_KEYS,
  psychological_safety_edmondson: SAFETY_QUESTION_KEYS,
  collaboration: ["guide.question.collaboration.1", "guide.question.collaboration.2", "guide.question.collaboration.3", "guide.question.collaboration.4"],
  intel_sharing: ["guide.question.intel.1", "guide.question.intel.2", "guide.question.intel.3", "guide.question.intel.4"],
  forecast_pressure: ["guide.question.forecast.1", "guide.question.forecast.2", "guide.question.forecast.3", "guide.question.forecast.4"],
};

/** The catalogue keys of GENERAL_QUESTIONS. */
export const GENERAL_QUESTION_KEYS: readonly MessageKey[] = ["guide.question.general.1", "guide.question.general.2", "guide.question.general.3", "guide.question.general.4"];

/** The catalogue keys of discussionQuestions(dimensionKey), in the same order. */
export function discussionQuestionKeys(dimensionKey: string): MessageKey[] {
  return [...(DISCUSSION_QUESTION_KEYS[dimensionKey] ?? GENERAL_QUESTION_KEYS)];
}

/** The catalogue keys of ACTION_PLAN_STATUS_LABELS. */
export const ACTION_PLAN_STATUS_KEYS = { open: "guide.status.open", done: "guide.status.done", dropped: "guide.status.dropped" } as const satisfies Record<string, MessageKey>;

export const ACTION_PLAN_STATUSES = ["open", "done", "dropped"] as const;
export type ActionPlanStatus = (typeof ACTION_PLAN_STATUSES)[number];

export const ACTION_PLAN_STATUS_LABELS: Record<ActionPlanStatus, string> = { open: "Open", done: "Done", dropped: "Dropped" };

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * A new action plan, as typed into the form. `today` is the organisation's calendar date (YYYY-MM-DD,
 * in its time zone): the review must come after it. `dimensionKeys` are the dimensions a plan may be
 * about (the focus dimensions and the rest of the organisation's item bank).
 */
export function actionPlanInputSchema(options: { today: string; dimensionKeys: readonly string[] }) {
  return z.object({
    dimensionKey: z.string({ error: "Choose what the action is about" }).refine((k) => options.dimensionKeys.includes(k), "Choose what the action is about"),
    action: z.string({ error: "Describe the action" }).trim().min(3, "Describe the action in at least 3 characters").max(500, "Use at most 500 characters"),
    owner: z.string({ error: "Name who owns the action" }).trim().min(1, "Name who owns the action").max(100, "Use at most 100 characters"),
    reviewOn: z
      .string({ error: "Enter the date to review the action" })
      .trim()
      .refine(isCalendarDate, "Enter a date such as 2026-10-31")
      // ISO dates compare correctly as strings.
      .refine((d) => !isCalendarDate(d) || d > options.today, `Pick a date after today (${options.today})`),
  });
}

/** A change of an action plan's status, with an optional note on what came of it. */
export const ActionPlanUpdateSchema = z.object({
  status: z.enum(ACTION_PLAN_STATUSES, { error: "Choose open, done or dropped" }),
  outcomeNote: z
    .string()
    .trim()
    .max(1000, "Use at most 1000 characters")
    .optional()
    .transform((v) => (v ? v : null)),
});
