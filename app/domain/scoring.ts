/** Scoring of 7-point items and scales (README, "Results views"). */

/** Reverse-keyed items are scored as 8 − answer on the 7-point scale. */
export function scoreItem(value: number, reverseKeyed: boolean): number {
  return reverseKeyed ? 8 - value : value;
}

/**
 * A response's score on a scale: the mean of its answered (scored) items of that scale, only when at
 * least half of the scale's items were answered; otherwise null.
 *
 * @example scaleScore([5, 7, null, 6], 4) // 6
 */
export function scaleScore(scored: ReadonlyArray<number | null | undefined>, itemCount: number): number | null {
  const answered = scored.filter((v): v is number => typeof v === "number");
  if (itemCount <= 0 || answered.length === 0 || answered.length * 2 < itemCount) return null;
  return answered.reduce((a, b) => a + b, 0) / answered.length;
}
