import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, quarterStart } from "./calendar";
import { DEFAULT_ITEMS, estimatedMinutes, MAX_RECOMMENDED_MINUTES } from "./instrument";
import { ANCHORS_PER_DIMENSION, describeRotation, itemsOfPeriod, MAX_CYCLE, periodIndex, planRotation, upcomingWaves, type RotationItem } from "./rotation";
import { periodStarts, type Cadence } from "./schedule";
import { sayInEnglish } from "~/i18n/catalogues.server";

const bank: RotationItem[] = DEFAULT_ITEMS.map((i) => ({ id: i.code, code: i.code, dimensionKey: i.dimensionKey, scale: i.scale }));
const dimensionOf = new Map(bank.map((i) => [i.id, i.dimensionKey]));
const perDimension = (ids: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const d = dimensionOf.get(id);
    if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
};

describe("the default item set's rotation", () => {
  it("asks every item (23) at 4 minutes without rotation, over the 3-minute guideline", () => {
    expect(estimatedMinutes(bank.map((i) => i.scale))).toBe(4);
    expect(planRotation(bank, "quarterly", 7)).toMatchObject({ cycle: 1, minutes: [4], fullMinutes: 4 });
  });

  it("monthly: two waves of 3 minutes, each asking PS 5, CO 4, KS 4 and FP 4 of 7, 5, 5 and 6 items, with eNPS and the comment", () => {
    const plan = planRotation(bank, "monthly", 7);
    expect(plan.cycle).toBe(2);
    expect(plan.minutes).toEqual([3, 3]);
    for (const slot of plan.slots) {
      expect(perDimension(slot)).toEqual({ psychological_safety: 5, collaboration: 4, intel_sharing: 4, forecast_pressure: 4 });
      expect(slot).toEqual(expect.arrayContaining(["PS1", "PS2", "CO1", "CO2", "KS1", "KS2", "FP1", "FP2", "ENPS", "COMMENT"]));
    }
    expect(plan.fixedItemIds).toEqual(["PS1", "PS2", "CO1", "CO2", "KS1", "KS2", "FP1", "FP2", "ENPS", "COMMENT"]);
    expect(new Set(plan.slots.flat())).toEqual(new Set(bank.map((i) => i.id)));
  });

  it("weekly at a 2.5-minute target: a longer cycle with shorter waves", () => {
    const plan = planRotation(bank, "weekly", 7, 2.5);
    expect(plan.cycle).toBe(4);
    expect(plan.minutes).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(plan.slots.every((s) => perDimension(s).collaboration === 3 && perDimension(s).psychological_safety === 4)).toBe(true);
  });

  it("asks the questions of a slot in the program's order", () => {
    const plan = planRotation(bank, "monthly", 7);
    for (const slot of plan.slots) expect(slot).toEqual(bank.map((i) => i.id).filter((id) => slot.includes(id)));
  });

  it("is the same plan for the same items, cadence and seed, and another seed may group the rotating items differently", () => {
    expect(planRotation(bank, "biweekly", 42, 2.5)).toEqual(planRotation(bank, "biweekly", 42, 2.5));
    const slotsBySeed = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(planRotation(bank, "monthly", seed).slots)));
    expect(slotsBySeed.size).toBeGreaterThan(1);
  });

  it("wave k asks slot k mod cycle", () => {
    const plan = planRotation(bank, "monthly", 3);
    expect(itemsOfPeriod(plan, 0)).toEqual(plan.slots[0]);
    expect(itemsOfPeriod(plan, 1)).toEqual(plan.slots[1]);
    expect(itemsOfPeriod(plan, 2)).toEqual(plan.slots[0]);
  });
});

// Any program: 1 to 5 dimensions of 1 to 9 items, items outside dimensions, any cadence, seed and target.
const programs = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
  others: fc.subarray(["nps11", "text"] as const),
  cadence: fc.constantFrom<Cadence>("weekly", "biweekly", "monthly", "quarterly", "once"),
  seed: fc.nat(),
  target: fc.constantFrom(1, 1.5, 2, 2.5, 3),
});
const itemsOf = (sizes: readonly number[], others: readonly ("nps11" | "text")[]): RotationItem[] => [
  ...sizes.flatMap((n, d) => Array.from({ length: n }, (_, i) => ({ id: `d${d}i${i}`, code: `D${d}I${i}`, dimensionKey: `d${d}`, scale: "agree7" as const }))),
  ...others.map((scale) => ({ id: scale, code: scale.toUpperCase(), dimensionKey: null, scale })),
];

describe("a rotation's guarantees (property)", () => {
  it("every wave asks each dimension's anchors and at least two of its items (all when it has fewer), the same number in every wave", () => {
    fc.assert(
      fc.property(programs, ({ sizes, others, cadence, seed, target }) => {
        const items = itemsOf(sizes, others);
        const plan = planRotation(items, cadence, seed, target);
        expect(plan.slots).toHaveLength(plan.cycle);
        expect(plan.cycle).toBeLessThanOrEqual(MAX_CYCLE[cadence]);
        sizes.forEach((n, d) => {
          const anchors = Array.from({ length: Math.min(n, ANCHORS_PER_DIMENSION) }, (_, i) => `d${d}i${i}`);
          const counts = plan.slots.map((slot) => slot.filter((id) => id.startsWith(`d${d}i`)).length);
          for (const slot of plan.slots) expect(slot).toEqual(expect.arrayContaining(anchors));
          expect(Math.min(...counts)).toBeGreaterThanOrEqual(Math.min(n, 2));
          expect(new Set(counts).size).toBe(1);
        });
        for (const slot of plan.slots) for (const other of others) expect(slot).toContain(other);
        expect(plan.minutes).toEqual(plan.slots.map((slot) => estimatedMinutes(slot.map((id) => items.find((i) => i.id === id)!.scale))));
      }),
      { numRuns: 300 },
    );
  });

  it("the shortest cycle that fits the target; a longer one only when the target is not met", () => {
    fc.assert(
      fc.property(programs, ({ sizes, others, cadence, seed, target }) => {
        const plan = planRotation(itemsOf(sizes, others), cadence, seed, target);
        const fits = Math.max(...plan.minutes) <= target;
        if (plan.cycle > 1) expect(Math.max(...planRotation(itemsOf(sizes, others), cadence, seed, 99).minutes)).toBeGreaterThan(target);
        if (!fits) expect(plan.cycle === 1 || Math.max(...plan.minutes) < plan.fullMinutes).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("every item is asked at least once in every calendar and fiscal quarter of the schedule", () => {
    fc.assert(
      fc.property(programs, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 12 }), ({ sizes, others, cadence, seed, target }, offset, fiscalStartMonth) => {
        const items = itemsOf(sizes, others);
        const plan = planRotation(items, cadence, seed, target);
        const rule = { cadence, startsOn: addDays("2024-01-01", offset), openDays: 5 };
        const starts = periodStarts(rule, fiscalStartMonth, addDays(rule.startsOn, 800));
        for (const fiscal of [1, fiscalStartMonth]) {
          const quarters = new Map<string, Set<string>>();
          starts.forEach((start, index) => {
            const q = quarterStart(start, fiscal);
            const asked = quarters.get(q) ?? new Set<string>();
            itemsOfPeriod(plan, index).forEach((id) => asked.add(id));
            quarters.set(q, asked);
          });
          // Whole quarters only: the first may begin before the program, the last may run past the dates.
          const whole = [...quarters.keys()].filter((q) => q >= rule.startsOn && quarterStart(addDays(starts[starts.length - 1]!, 100), fiscal) > q).slice(0, -1);
          if (cadence !== "once") expect(whole.length).toBeGreaterThan(3);
          for (const q of whole) expect([...quarters.get(q)!].sort()).toEqual(items.map((i) => i.id).sort());
        }
      }),
      { numRuns: 200 },
    );
  });

  it("meets the 3-minute guideline for the default items at every cadence that allows rotation", () => {
    for (const cadence of ["weekly", "biweekly", "monthly"] as const) {
      expect(Math.max(...planRotation(bank, cadence, 1).minutes)).toBeLessThanOrEqual(MAX_RECOMMENDED_MINUTES);
    }
  });
});

describe("upcoming waves and a period's place", () => {
  const rule = { cadence: "monthly" as const, startsOn: "2026-01-15", openDays: 7 };
  it("counts periods from the schedule's first day, so the slot of a wave is the same whenever it is asked", () => {
    const plan = planRotation(bank, "monthly", 5);
    const next = upcomingWaves(plan, rule, 1, "2026-03-01", 3);
    expect(next.map((w) => [w.periodStart, w.slot])).toEqual([
      ["2026-03-15", 0],
      ["2026-04-15", 1],
      ["2026-05-15", 0],
    ]);
    expect(next[1]!.itemIds).toEqual(plan.slots[1]);
    expect(next[1]!.minutes).toBe(3);
    expect(periodIndex(rule, 1, "2026-04-15")).toBe(3);
    expect(periodIndex(rule, 1, "2026-04-16")).toBeNull();
  });
});

describe("a rotation in words", () => {
  const rule = (cadence: Cadence) => ({ cadence, startsOn: "2026-01-15", openDays: 7 });
  const words = (items: readonly RotationItem[], cadence: Cadence) =>
    sayInEnglish(describeRotation(items, planRotation(items, cadence, 1), rule(cadence), 1, "2026-01-01", 2).unrotated ?? "");
  it("says why rotation changes nothing: one wave a quarter, questions that already fit, or nothing to rotate", () => {
    expect(words(bank, "quarterly")).toBe("every wave asks every question: with one wave a quarter, each must ask them all for every question to be asked each quarter.");
    expect(words(bank, "once")).toMatch(/^every wave asks every question: a single wave must ask them all/);
    expect(words(bank.slice(0, 7), "monthly")).toBe("every wave asks every question: together they take about 1 minute, within 3.");
    expect(describeRotation(bank, planRotation(bank, "monthly", 1), rule("monthly"), 1, "2026-01-01", 2)).toMatchObject({
      cycle: 2,
      unrotated: null,
      fixedCodes: ["PS1", "PS2", "CO1", "CO2", "KS1", "KS2", "FP1", "FP2", "ENPS", "COMMENT"],
      upcoming: [
        { periodStart: "2026-01-15", slot: 0, questions: 19, minutes: 3 },
        { periodStart: "2026-02-15", slot: 1, questions: 19, minutes: 3 },
      ],
    });
  });
});
