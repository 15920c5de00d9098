/** Small value parsers: yes/no flags, probabilities and free text. */
import type { CrmFormat, ParseResult } from "./opportunity";
import { said } from "~/i18n/said";

// German and French Excel write a spreadsheet's TRUE and FALSE as WAHR/FALSCH and VRAI/FAUX when they save CSV.
const TRUE_WORDS = new Set(["1", "true", "yes", "y", "wahr", "vrai"]);
const FALSE_WORDS = new Set(["0", "false", "no", "n", "falsch", "faux"]);

/**
 * Parses a yes/no cell such as Salesforce's Closed and Won columns: "1"/"0", "true"/"false" (any case,
 * "TRUE" from Excel), "Yes"/"No", "Y"/"N", and German and French Excel's "WAHR"/"FALSCH" and "VRAI"/"FAUX".
 * Empty text is null.
 *
 * @example parseBoolean("TRUE") // { ok: true, value: true }
 */
export function parseBoolean(text: string): ParseResult<boolean | null> {
  const word = text.trim().toLowerCase();
  if (word === "") return { ok: true, value: null };
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, reason: said("crm.problem.notYesNo") };
}

/**
 * How a probability column writes its numbers without a "%": as a percentage ("50") or as a fraction of 1
 * ("0.5").
 */
export type ProbabilityScale = "percent" | "fraction";

/**
 * The probability scale of a vendor's export: HubSpot's "Deal probability" holds fractions (0.2 for 20%),
 * Salesforce's "Probability (%)" and Pipedrive's "Deal - Probability" hold percentages; a generic file is
 * read as percentages.
 */
export function probabilityScale(format: CrmFormat): ProbabilityScale {
  return format === "hubspot" ? "fraction" : "percent";
}

/**
 * Parses a win probability into a percentage from 0 to 100. A value with "%" is always a percentage
 * ("50%" → 50). Without "%" the column's scale decides: "50" is 50 in "percent"; "0.5" is 50 in
 * "fraction", where a number above 1 (up to 100) is still read as a percentage because nobody means
 * 5,000%. So "0.5" in a percentage column stays 0.5%. Empty text is null; anything outside 0–100% is a
 * reason.
 *
 * @example parseProbability("0.2", "fraction") // { ok: true, value: 20 }
 */
export function parseProbability(text: string, scale: ProbabilityScale): ParseResult<number | null> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: null };
  const match = /^(\d+(?:[.,]\d+)?|[.,]\d+) ?(%)?$/.exec(trimmed);
  if (!match) return { ok: false, reason: said("crm.problem.notProbability") };
  const number = Number(match[1]!.replace(",", "."));
  const percent = match[2] || scale === "percent" || number > 1 ? number : number * 100;
  if (percent > 100) return { ok: false, reason: said("crm.problem.probabilityRange") };
  // 0.07 × 100 is 7.000000000000001 in floating point; probabilities need no more than 6 decimals.
  return { ok: true, value: Math.round(percent * 1e6) / 1e6 };
}

/** Trims a free-text cell; empty (or whitespace only) is null. */
export function textOrNull(text: string | undefined): string | null {
  const trimmed = (text ?? "").trim();
  return trimmed === "" ? null : trimmed;
}
