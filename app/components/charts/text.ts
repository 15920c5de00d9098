import { CHART_TEXT } from "./tokens";
import { formatDate, formatsFor } from "~/domain/format";

/** About how many characters of a system sans-serif fit in a width at a font size (average glyph ≈ 0.56 em). */
export function charsThatFit(widthPx: number, fontPx: number = CHART_TEXT.body): number {
  return Math.max(8, Math.floor(widthPx / (fontPx * 0.56)));
}

/**
 * A label in at most `maxLines` lines of about `maxChars` characters, broken between words; the last line
 * is cut with … only when the text is longer still (the chart's title and table keep the full text).
 */
export function wrapLines(text: string, maxChars: number, maxLines = 2): string[] {
  const lines: string[] = [""];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const current = lines[lines.length - 1]!;
    if (current === "" || current.length + 1 + word.length <= maxChars) lines[lines.length - 1] = current ? `${current} ${word}` : word;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const rest = lines.slice(maxLines - 1).join(" ");
  return [...lines.slice(0, maxLines - 1), `${rest.slice(0, Math.max(1, maxChars - 1))}…`];
}

/**
 * An axis's ticks, as many as `count` or fewer, such that no two read the same once formatted (a score
 * axis at one decimal cannot show ticks 0.05 apart). Falls back to the two ends (or one, when
 * even they read the same) when nothing finer reads.
 *
 * @example distinctTicks((n) => scaleLinear({ domain: [4.2, 4.4] }).ticks(n), 5, formatScore) // [4.2, 4.3, 4.4]
 */
export function distinctTicks(ticksOf: (count: number) => number[], count: number, format: (value: number) => string): number[] {
  for (let n = count; n >= 2; n--) {
    const ticks = ticksOf(n);
    if (new Set(ticks.map(format)).size === ticks.length) return ticks;
  }
  const ticks = ticksOf(2);
  const ends = [ticks[0], ticks[ticks.length - 1]].filter((t): t is number => t !== undefined);
  return ends.length === 2 && format(ends[0]!) !== format(ends[1]!) ? ends : ends.slice(0, 1);
}

/**
 * A date on a time axis, as the pages write it but in two short lines, so that more of them fit side by side.
 *
 * @example axisDateLines("2026-08-03") // ["3 Aug", "2026"]
 * @example axisDateLines("2026-08-03", "de") // ["3. Aug.", "2026"]
 */
export function axisDateLines(iso: string, locale = "en"): string[] {
  const text = locale === "en" ? formatDate(iso) : formatsFor(locale).date(iso);
  const cut = text.lastIndexOf(" ");
  if (locale !== "en") return /^\S.*\s\d{4}$/u.test(text) ? [text.slice(0, cut), text.slice(cut + 1)] : [text];
  return /^\d{1,2} [A-Z][a-z]{2} \d{4}$/.test(text) ? [text.slice(0, cut), text.slice(cut + 1)] : [text];
}
