// What a pulse program will ask and of whom, before it is created or changed: the teams its waves reach, and
// the warnings the person creating it should read first (issue 22). Pure: the program form draws these live
// as boxes are ticked, and the service gives the same for the preview and the program page.

import type { Scale } from "./instrument";
import { said } from "../i18n/said";

/** What reps will be asked, and what to know first: shown before a program is created. */
export interface ProgramPreview {
  /** With the language of each question's words when a page put them in its reader's (and whether that is a fallback). */
  questions: Array<{ code: string; text: string; scale: Scale; dimensionName: string | null; lang?: string; fallback?: boolean }>;
  minutes: number;
  maxMinutes: number;
  reps: number;
  groups: Array<{ id: string; name: string; reps: number }>;
  /** The schedule in words ("Every month, from 2026-12-06; each wave is open 7 days, reminders on days 3 and 5 after opening"). */
  schedule: string;
  /** The day the next wave opens, or null when none will. */
  nextWaveOn: string | null;
  /** Whether a wave opens at once (today is inside a period's window). */
  opensToday: boolean;
  warnings: string[];
  /** With rotation on (ADR 052): the waves of one round, and the next waves with what each asks; null when off. */
  rotation: RotationPreview | null;
}

/** A rotation as the program form, preview and page show it. */
export interface RotationPreview {
  /** Waves in one round of the rotation (1: every wave asks every question). */
  cycle: number;
  /** With a cycle of 1, why rotation changes nothing (in words, starting lower case); null otherwise. */
  unrotated: string | null;
  /** The questions every wave asks (each dimension's anchors, eNPS, the comment), by code. */
  fixedCodes: string[];
  /** Per wave of one round: the codes it asks and its minutes. */
  slots: Array<{ codes: string[]; minutes: number }>;
  /** The next waves: when each opens, which wave of the round it is, its question count and minutes. */
  upcoming: Array<{ periodStart: string; slot: number; questions: number; minutes: number }>;
}

export interface PlanTeam {
  id: string;
  name: string;
  parentId: string | null;
  /** Active reps whose current team this is (not counting its sub-teams). */
  reps: number;
}

export interface TeamChoice {
  teamId: string;
  includeSubteams: boolean;
}

export interface OtherProgram {
  name: string;
  teams: TeamChoice[];
}

/** The teams a wave asks: the chosen ones, and everything under those chosen with their sub-teams. */
function audienceTeamIds(tree: readonly PlanTeam[], chosen: readonly TeamChoice[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const t of tree) if (t.parentId) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t.id]);
  const known = new Set(tree.map((t) => t.id));
  const result = new Set<string>();
  const descended = new Set<string>();
  const visit = (id: string, descend: boolean) => {
    if (!known.has(id)) return;
    result.add(id);
    if (!descend || descended.has(id)) return;
    descended.add(id);
    for (const child of children.get(id) ?? []) visit(child, true);
  };
  for (const c of chosen) visit(c.teamId, c.includeSubteams);
  return result;
}

/**
 * Each asked team with the reps its results would count: its own and those of the asked teams below it (a
 * team's results take in its sub-teams). Ordered as the tree is given.
 */
function askedGroups(tree: readonly PlanTeam[], audience: ReadonlySet<string>): Array<{ id: string; name: string; reps: number }> {
  const byParent = new Map<string, PlanTeam[]>();
  for (const t of tree) if (t.parentId) byParent.set(t.parentId, [...(byParent.get(t.parentId) ?? []), t]);
  const total = (team: PlanTeam): number => (audience.has(team.id) ? team.reps : 0) + (byParent.get(team.id) ?? []).reduce((sum, c) => sum + total(c), 0);
  return tree.filter((t) => audience.has(t.id)).map((t) => ({ id: t.id, name: t.name, reps: total(t) }));
}

interface PlanSummary {
  /** Reps asked in each wave, as of today. */
  reps: number;
  groups: Array<{ id: string; name: string; reps: number }>;
  /** Plain-words warnings: teams below the minimum group, reps already asked by another running program. */
  warnings: string[];
}

/** The reps a program would ask and what to know before creating it. */
export function summarisePlan(input: { tree: readonly PlanTeam[]; chosen: readonly TeamChoice[]; minGroupSize: number; otherPrograms: readonly OtherProgram[] }): PlanSummary {
  const audience = audienceTeamIds(input.tree, input.chosen);
  const groups = askedGroups(input.tree, audience);
  const repsIn = (ids: ReadonlySet<string>) => input.tree.reduce((sum, t) => sum + (ids.has(t.id) ? t.reps : 0), 0);
  const reps = repsIn(audience);
  const warnings: string[] = [];
  const small = groups.filter((g) => g.reps < input.minGroupSize);
  if (small.length > 0) {
    // One team, or a list of them joined as the reader's language joins a list, each entry said in it too.
    if (small.length === 1) warnings.push(said("program.warning.smallTeam", { team: small[0]!.name, teamReps: small[0]!.reps, min: input.minGroupSize }));
    else
      warnings.push(
        said("program.warning.smallTeams", { min: input.minGroupSize, list: small.map((g) => said("program.warning.smallTeamEntry", { team: g.name, reps: g.reps })) }),
      );
  }
  if (reps > 0) {
    for (const other of input.otherPrograms) {
      const overlap = repsIn(new Set([...audienceTeamIds(input.tree, other.teams)].filter((id) => audience.has(id))));
      if (overlap > 0) {
        warnings.push(said("program.warning.overlap", { overlap, reps, all: overlap < reps ? "no" : "yes", program: other.name }));
      }
    }
  }
  return { reps, groups, warnings };
}
