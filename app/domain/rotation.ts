// Item rotation for pulse programs (issue 28, ADR 052): each wave asks a subset of the program's items, a
// planned-missingness design. Pure: the program form previews it, the program page shows it, and opening a
// wave asks exactly what it gives for that wave's place in the schedule.
//
// The design, per dimension: its first ANCHORS_PER_DIMENSION items (in the program's order) are anchors,
// asked in every wave, so every wave's scale rests on the same core items and has at least two items for
// α and rwg(j). Its other items rotate: the plan has `cycle` slots, and slot j asks `perWave` of them,
// taken round the dimension's (seeded) shuffled list from j × perWave on, so every slot asks the same
// number of items of each dimension and `cycle` waves in a row ask every item. Items outside a dimension
// (eNPS, the comment) are asked in every wave. The cycle is the shortest that brings every wave within
// the time guideline, and never longer than the fewest waves a quarter (calendar or fiscal) can hold at
// the program's cadence: so every quarter asks every item.

import { said } from "~/i18n/said";
import { estimatedMinutes, MAX_RECOMMENDED_MINUTES, type Scale } from "./instrument";
import { addDays } from "./calendar";
import { mulberry32 } from "./statistics";
import type { RotationPreview } from "./program-plan";
import { periodStarts, type Cadence, type ScheduleRule } from "./schedule";

export interface RotationItem {
  id: string;
  code: string;
  dimensionKey: string | null;
  scale: Scale;
}

export interface RotationPlan {
  /** How many waves one round of the rotation takes (1: every wave asks every item). */
  cycle: number;
  /** Item ids asked in every wave: each dimension's anchors and the items outside dimensions. */
  fixedItemIds: string[];
  /** Per slot, the item ids that wave asks, in the program's order. */
  slots: string[][];
  /** Per slot, the estimated minutes to answer it. */
  minutes: number[];
  /** The estimated minutes of a wave that asks every item. */
  fullMinutes: number;
}

/** Items of each dimension asked in every wave. Two: α and rwg(j) need at least two items. */
export const ANCHORS_PER_DIMENSION = 2;

/**
 * The longest cycle a cadence allows: the fewest period starts any quarter (calendar or fiscal, 90 to 92
 * days) holds. Weekly: 12 (13 × 7 = 91 > 90), every two weeks: 6, monthly: 3 (one a month), quarterly and
 * once: 1 (no rotation: one wave a quarter must ask everything).
 */
export const MAX_CYCLE: Record<Cadence, number> = { weekly: 12, biweekly: 6, monthly: 3, quarterly: 1, once: 1 };

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const next = mulberry32(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The program's dimensions in order of first appearance, each with its items in the program's order. */
function dimensionsOf(items: readonly RotationItem[]): Array<{ key: string; items: RotationItem[] }> {
  const byKey = new Map<string, RotationItem[]>();
  for (const item of items) if (item.dimensionKey !== null) byKey.set(item.dimensionKey, [...(byKey.get(item.dimensionKey) ?? []), item]);
  return [...byKey].map(([key, list]) => ({ key, items: list }));
}

/** The plan with a given cycle (1 to the cadence's limit). */
function planWithCycle(items: readonly RotationItem[], seed: number, cycle: number): RotationPlan {
  const fixed = new Set(items.filter((i) => i.dimensionKey === null).map((i) => i.id));
  const slots = Array.from({ length: cycle }, () => new Set<string>());
  for (const dimension of dimensionsOf(items)) {
    dimension.items.slice(0, ANCHORS_PER_DIMENSION).forEach((i) => fixed.add(i.id));
    const rotating = shuffled(
      dimension.items.slice(ANCHORS_PER_DIMENSION).map((i) => i.id),
      (seed ^ hash(dimension.key)) >>> 0,
    );
    if (rotating.length === 0) continue;
    const perWave = Math.ceil(rotating.length / cycle);
    slots.forEach((slot, j) => {
      for (let t = 0; t < perWave; t++) slot.add(rotating[(j * perWave + t) % rotating.length]!);
    });
  }
  const ordered = slots.map((slot) => items.filter((i) => fixed.has(i.id) || slot.has(i.id)));
  return {
    cycle,
    fixedItemIds: items.filter((i) => fixed.has(i.id)).map((i) => i.id),
    slots: ordered.map((list) => list.map((i) => i.id)),
    minutes: ordered.map((list) => estimatedMinutes(list.map((i) => i.scale))),
    fullMinutes: estimatedMinutes(items.map((i) => i.scale)),
  };
}

/**
 * The rotation of a program's items (in the program's order) at a cadence: the shortest cycle whose every
 * wave fits `targetMinutes`, or, when none within the cadence's limit does, the one with the shortest
 * waves. A cycle of 1 asks every item in every wave (the items already fit, or the cadence allows no
 * rotation). Deterministic: the same items, cadence and seed give the same plan.
 */
export function planRotation(items: readonly RotationItem[], cadence: Cadence, seed: number, targetMinutes = MAX_RECOMMENDED_MINUTES): RotationPlan {
  const longestRotating = Math.max(0, ...dimensionsOf(items).map((d) => d.items.length - ANCHORS_PER_DIMENSION));
  const limit = Math.max(1, Math.min(MAX_CYCLE[cadence], longestRotating));
  let best = planWithCycle(items, seed, 1);
  for (let cycle = 1; cycle <= limit; cycle++) {
    const plan = cycle === 1 ? best : planWithCycle(items, seed, cycle);
    if (Math.max(...plan.minutes) <= targetMinutes) return plan;
    if (Math.max(...plan.minutes) < Math.max(...best.minutes)) best = plan;
  }
  return best;
}

/** The items the wave of the schedule's `periodIndex`-th period (0 for the first) asks. */
export function itemsOfPeriod(plan: RotationPlan, periodIndex: number): string[] {
  return plan.slots[((periodIndex % plan.cycle) + plan.cycle) % plan.cycle]!;
}

/** A fresh seed for a new program's rotation (stored with it: the plan is rebuilt from it). */
export function newRotationSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2_147_483_647);
}

/** One upcoming wave of a rotated program: when it opens, which slot it is, what it asks and its minutes. */
export interface UpcomingWave {
  periodStart: string;
  slot: number;
  itemIds: string[];
  minutes: number;
}

/**
 * The next `count` waves of a schedule from `from` on (inclusive), each with the items its slot asks: the
 * program form's and page's preview. The slot is the period's place in the schedule (from its first day),
 * the same count openWave makes (periodIndex).
 */
export function upcomingWaves(plan: RotationPlan, rule: ScheduleRule, fiscalStartMonth: number, from: string, count: number): UpcomingWave[] {
  const starts = periodStarts(rule, fiscalStartMonth, addDays(from, 120 * count));
  const out: UpcomingWave[] = [];
  starts.forEach((periodStart, index) => {
    if (periodStart < from || out.length >= count) return;
    const slot = index % plan.cycle;
    out.push({ periodStart, slot, itemIds: plan.slots[slot]!, minutes: plan.minutes[slot]! });
  });
  return out;
}

/** The place of a period in its schedule (0 for the first), or null when the schedule has no such period. */
export function periodIndex(rule: ScheduleRule, fiscalStartMonth: number, periodStart: string): number | null {
  const starts = periodStarts(rule, fiscalStartMonth, periodStart);
  return starts[starts.length - 1] === periodStart ? starts.length - 1 : null;
}

/** Why a plan of one turn asks every question in every wave (a said message: the page says it in its language). */
function unrotatedWords(cadence: Cadence, minutes: number): string {
  if (cadence === "once") return said("program.rotation.unrotatedOnce");
  if (cadence === "quarterly") return said("program.rotation.unrotatedQuarterly");
  return minutes <= MAX_RECOMMENDED_MINUTES ? said("program.rotation.unrotatedWithin", { minutes, max: MAX_RECOMMENDED_MINUTES }) : said("program.rotation.unrotatedFew");
}

/**
 * A rotation as the program form, preview and page show it: the plan's slots by code and the next `count`
 * waves from `from` on.
 */
export function describeRotation(items: readonly RotationItem[], plan: RotationPlan, rule: ScheduleRule, fiscalStartMonth: number, from: string, count: number): RotationPreview {
  const codeOf = new Map(items.map((i) => [i.id, i.code]));
  const codes = (ids: readonly string[]) => ids.map((id) => codeOf.get(id) ?? id);
  return {
    cycle: plan.cycle,
    unrotated: plan.cycle === 1 ? unrotatedWords(rule.cadence, plan.fullMinutes) : null,
    fixedCodes: codes(plan.fixedItemIds),
    slots: plan.slots.map((slot, j) => ({ codes: codes(slot), minutes: plan.minutes[j]! })),
    upcoming: upcomingWaves(plan, rule, fiscalStartMonth, from, count).map((w) => ({ periodStart: w.periodStart, slot: w.slot, questions: w.itemIds.length, minutes: w.minutes })),
  };
}
