/**
 * Employee Net Promoter Score: the percentage of promoters (9–10) minus the percentage of detractors (0–6)
 * among 0–10 answers, in percentage points from −100 to 100; passives (7–8) count only in the base.
 * https://en.wikipedia.org/wiki/Net_promoter_score
 *
 * @example enps([10, 9, 8, 7, 6, 3]) // 0 (2 promoters, 2 detractors of 6)
 */
export function enps(scores: readonly number[]): number {
  if (scores.length === 0) throw new Error("enps requires at least one data point");
  let promoters = 0;
  let detractors = 0;
  for (const score of scores) {
    if (!Number.isInteger(score) || score < 0 || score > 10) throw new Error("enps requires whole-number scores from 0 to 10");
    if (score >= 9) promoters++;
    else if (score <= 6) detractors++;
  }
  return (100 * (promoters - detractors)) / scores.length;
}
