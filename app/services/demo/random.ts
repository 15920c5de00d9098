/** A small seeded PRNG (mulberry32, the one the bootstrap uses), so the demo organisation is the same on every machine. */
export { mulberry32 as seededRandom } from "~/domain/statistics";

/** A normal deviate (Box–Muller) from a uniform source. */
export function normal(random: () => number, mean = 0, sd = 1): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
