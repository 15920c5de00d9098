/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"] as const;

/** 1–7 scores: light to dark blue (sequential, also readable in greyscale). */
export function scoreColour(score: number, higherIsBetter = true): string {
  const t = Math.min(1, Math.max(0, (score - 1) / 6));
  const v = higherIsBetter ? t : 1 - t;
  // From #f7fbff to #08306b.
  const mix = (a: number, b: number) => Math.round(a + (b - a) * v);
  return `rgb(${mix(247, 8)}, ${mix(251, 48)}, ${mix(255, 107)})`;
}

/** Text colour that stays readable on a score cell. */
export function inkOn(score: number, higherIsBetter = true): string {
  const t = (score - 1) / 6;
  return (higherIsBetter ? t : 1 - t) > 0.55 ? "#ffffff" : "#1a1f2b";
}

/** Change since the last wave: orange (worse) ↔ white ↔ blue (better), capped at ±1 point. */
export function changeColour(change: number, higherIsBetter = true): string {
  const t = Math.max(-1, Math.min(1, (higherIsBetter ? change : -change) / 1));
  if (t >= 0) return `rgb(${Math.round(255 - 222 * t)}, ${Math.round(255 - 153 * t)}, ${Math.round(255 - 83 * t)})`;
  const u = -t;
  return `rgb(${Math.round(255 - 76 * u)}, ${Math.round(255 - 167 * u)}, ${Math.round(255 - 249 * u)})`;
}
