// The manager's and enablement's home dashboards (the admin's is in home-admin.server.ts, the rep's in
// home-rep.server.ts; home.server.ts puts a person's home together).
import { said, saidDate } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { gapCase, inSentence, type GapAudience, type GapRowToRead } from "~/domain/reading";
import { ORG } from "~/domain/results";
import { listOpenWavesAskingTeams } from "#db/queries/open-waves";
import { listResultWaves } from "#db/queries/results";
import { findWave } from "#db/queries/waves";
import { getConversationGuide, type ReviewDue } from "./action-plans.server";
import { getCoachingPriorities, loadCoachingInputs } from "./coaching.server";
import { getProgramDetail } from "./programs.server";
import type { Change, Score, TeamResults } from "./results.server";
import { getGapView } from "./self-assessment.server";
import { getTeamPage } from "./team-page.server";
import { listCohorts, WAVES_EACH_SIDE } from "./training.server";

/** Which way a dimension moved since the previous wave, read with its direction (forecast pressure: higher is worse). */
export interface Movement {
  /** "better" or "worse" for the team, "same" when it did not move (under 0.005 either way). */
  direction: "better" | "worse" | "same";
  /** Whether the 95% interval of the change leaves out zero: a change that is more than noise. */
  clear: boolean;
}

function movementOf(change: Change | null, higherIsBetter: boolean): Movement | null {
  if (!change) return null;
  if (Math.abs(change.diff) < 0.005) return { direction: "same", clear: false };
  const up = change.diff > 0;
  return { direction: up === higherIsBetter ? "better" : "worse", clear: change.ciLow > 0 || change.ciHigh < 0 };
}

/** A dimension's score as a dashboard shows it: the engine's cell (null numbers when hidden), its change and which way that is. */
export interface DimensionScore {
  key: string;
  name: string;
  higherIsBetter: boolean;
  score: Score;
  change: Change | null;
  movement: Movement | null;
}

const dimensionScores = (dimensions: TeamResults["dimensions"]): DimensionScore[] => dimensions.map((d) => ({ ...d, movement: movementOf(d.change, d.higherIsBetter) }));

// ---------------------------------------------------------------------------------------------------
// Manager

export interface ManagerTeamSummary {
  team: { id: string; name: string };
  wave: TeamResults["wave"];
  previousWave: TeamResults["previousWave"];
  responses: TeamResults["responses"];
  enps: TeamResults["enps"];
  dimensions: DimensionScore[];
  /** Why no score shows when the anonymity rules hid every dimension (plain words), else null. */
  hiddenReason: string | null;
}

export interface BlindSpot {
  team: { id: string; name: string };
  key: string;
  name: string;
  higherIsBetter: boolean;
  managerScore: number;
  teamMean: number;
  gap: number;
  /** Whether the manager's score lies outside the team's 95% interval (a blind spot or a hidden strength). */
  clear: boolean;
  /** Whether it reads as a blind spot (else a hidden strength or no clear gap). */
  blindSpot: boolean;
  /** "Blind spot", "Hidden strength" or "No clear gap", and what differs in words ("You see less … than your team feels"), said (ADR 057). */
  category: string;
  sentence: string;
}

export interface GapStatus {
  team: { id: string; name: string };
  /** Why this team has no gap to show, in plain words; null when it has one. */
  note: string | null;
}

export interface PlanDue {
  id: string;
  team: { id: string; name: string };
  dimensionKey: string;
  dimensionName: string;
  action: string;
  owner: string;
  reviewOn: string;
  /** Why it is due, said (ADR 057). */
  reasons: string[];
}

export interface OpenPulseCount {
  waveId: string;
  programName: string;
  closesAt: Date;
  /** Everyone asked in the wave (every team, not only yours). */
  invited: number;
  /** Answers before `countedBefore`, in steps of the minimum group; null while under it (openWaveCount). */
  answeredAtLeast: number | null;
  countedBefore: string;
  minGroupSize: number;
}

export interface NextStep {
  text: string;
  href: string;
  label: string;
  /** The dimension the sentence (or the reason inside it) names (its `dimension` value, in English), for the page to name it in its language. */
  dimensionKey?: string;
}

export interface ManagerHome {
  teams: ManagerTeamSummary[];
  /** How many teams the manager leads directly beyond those shown. */
  moreTeams: number;
  openPulses: OpenPulseCount[];
  blindSpots: BlindSpot[];
  gapNotes: GapStatus[];
  plansDue: PlanDue[];
  openPlans: number;
  nextStep: NextStep | null;
}

/** Teams shown in full on a manager's home; the rest are one click away on the team list. */
const MAX_TEAMS = 3;
const MAX_BLIND_SPOTS = 3;

/**
 * A manager's home: for each team they lead (the teams whose manager they are, not the ones below),
 * the latest closed wave's scores with their change and its direction, the open pulses' answer counts
 * as the program page shows it (as of the start of the day, in steps of the minimum group, for the
 * whole wave), where their self-assessment differs most from the team (the gap page's computation),
 * the action plans due for review (the conversation guide's) and one next step. Every part goes
 * through the service that guards it, so a manager sees only their teams and no hidden number.
 */
export async function getManagerHome(
  app: AppContext,
  user: SessionUser,
  visibleTeams: ReadonlyArray<{ id: string; name: string; managerId: string | null }>,
  selfAssessments: ReadonlyArray<{ waveId: string; teamId: string; teamName: string; programName: string; closesAt: Date; open: boolean; answered: boolean }>,
): Promise<ManagerHome> {
  const led = visibleTeams.filter((t) => t.managerId === user.personId);
  const shown = led.slice(0, MAX_TEAMS);
  const perTeam = await Promise.all(
    shown.map(async ({ id, name }) => {
      const team = { id, name };
      const [page, gap, guide] = await Promise.all([getTeamPage(app, user, team.id), getGapView(app, user, team.id), getConversationGuide(app, user, team.id)]);
      return { team, page, gap, guide };
    }),
  );

  const teams: ManagerTeamSummary[] = perTeam.map(({ page: { results } }) => {
    const dimensions = dimensionScores(results.dimensions);
    const allHidden = results.wave !== null && dimensions.length > 0 && dimensions.every((d) => d.score.mean === null);
    return {
      team: results.team,
      wave: results.wave,
      previousWave: results.previousWave,
      responses: results.responses,
      enps: results.enps,
      dimensions,
      hiddenReason: allHidden ? hiddenInWords(dimensions[0]!.score.hidden) : null,
    };
  });

  const blindSpots: BlindSpot[] = [];
  const gapNotes: GapStatus[] = [];
  for (const { team, gap: view } of perTeam) {
    const audience = { viewerIsManager: view.viewerIsManager, managerName: view.managerName };
    if (!view.wave || !view.gap) {
      gapNotes.push({ team, note: said("home.gapNote.noPulse") });
      continue;
    }
    if (view.gap.status === "hidden") {
      gapNotes.push({ team, note: view.gap.reason });
      continue;
    }
    if (!view.answeredByManager) {
      // No self-assessment row at all: the pulse asked none of this team (such as a region whose people are all in its teams).
      const note = view.managerName === null ? said("home.gapNote.notAsked") : said("home.gapNote.notAnswered");
      gapNotes.push({ team, note });
      continue;
    }
    gapNotes.push({ team, note: null });
    for (const row of view.gap.dimensions) {
      if (row.gap === null || row.managerScore === null) continue;
      const words = gapInWords(
        { kind: "dimension", name: row.label, higherIsBetter: row.higherIsBetter, reading: row.reading, managerScore: row.managerScore, teamMean: row.teamMean },
        audience,
      );
      blindSpots.push({
        team,
        key: row.key,
        name: row.label,
        higherIsBetter: row.higherIsBetter,
        managerScore: row.managerScore,
        teamMean: row.teamMean,
        gap: row.gap,
        clear: row.reading === "blind-spot" || row.reading === "hidden-strength",
        blindSpot: row.reading === "blind-spot",
        category: words.category,
        sentence: words.sentence,
      });
    }
  }
  // Clear differences first, then the largest.
  blindSpots.sort((a, b) => Number(b.clear) - Number(a.clear) || Math.abs(b.gap) - Math.abs(a.gap) || a.team.name.localeCompare(b.team.name) || a.name.localeCompare(b.name));

  const plansDue: PlanDue[] = perTeam.flatMap(({ team, guide }) =>
    guide.reviewDue.map((d) => ({
      id: d.plan.id,
      team,
      dimensionKey: d.plan.dimensionKey,
      dimensionName: d.plan.dimensionName,
      action: d.plan.action,
      owner: d.plan.owner,
      reviewOn: d.plan.reviewOn,
      reasons: dueReasons(d),
    })),
  );
  const openPlans = perTeam.reduce((n, { guide }) => n + guide.plans.filter((p) => p.status === "open").length, 0);

  // The open waves that asked anyone of the teams the manager may see (a region's director leads no team
  // with reps of its own), and any they were asked to self-assess.
  const asking = await listOpenWavesAskingTeams(
    app.db,
    user.organisationId,
    visibleTeams.map((t) => t.id),
  );
  const openPulses = await openPulseCounts(app, user, [...asking, ...selfAssessments.filter((s) => s.open).map((s) => s.waveId)]);

  return {
    teams,
    moreTeams: led.length - shown.length,
    openPulses,
    blindSpots: blindSpots.slice(0, MAX_BLIND_SPOTS),
    gapNotes,
    plansDue,
    openPlans,
    nextStep: chooseNextStep(selfAssessments, plansDue, perTeam),
  };
}

/**
 * Why a plan is due, said (ADR 057) as the home page puts it, each reason a clause that stands on its own
 * (the guide's reasons follow its "Due because …"); dates go as ICU dates, written for the reader.
 */
function dueReasons(due: ReviewDue): string[] {
  const reasons: string[] = [];
  if (due.reviewDate === "today") reasons.push(said("home.planDue.today"));
  if (due.reviewDate === "passed") reasons.push(said("home.planDue.passed", { date: saidDate(due.plan.reviewOn) }));
  if (due.laterWave) reasons.push(said("home.planDue.newWave", { program: due.laterWave.programName, date: saidDate(due.laterWave.periodStart) }));
  return reasons;
}

/**
 * A gap row's category and sentence, said (ADR 057) with the gap page's keys: in English word for word
 * describeGap's (app/domain/reading.ts), the same case by gapCase. The dimension's name is the `name`
 * value, in English inside a sentence; the page puts it in its language.
 */
function gapInWords(row: GapRowToRead, audience: GapAudience): { category: string; sentence: string } {
  const category =
    row.reading === "blind-spot"
      ? said("gap.category.blindSpot")
      : row.reading === "hidden-strength"
        ? said("gap.category.hiddenStrength")
        : row.reading === "no-clear-gap"
          ? said("gap.category.noClearGap")
          : said("gap.category.notRated");
  const who = audience.viewerIsManager ? "you" : "other";
  const manager = audience.managerName ?? said("gap.theManager");
  const gap = gapCase(row);
  const sentence =
    gap.case === "not-rated"
      ? said("gap.sentence.notRated", { who, manager })
      : gap.case === "inside"
        ? said("gap.sentence.inside", { who, manager })
        : gap.case === "rates-higher"
          ? said(gap.managerHigher ? "gap.sentence.managerRatesHigher" : "gap.sentence.teamRatesHigher", { who, manager, name: inSentence(gap.name) })
          : gap.case === "sees-more"
            ? said(gap.managerHigher ? "gap.sentence.seesMore" : "gap.sentence.seesLess", { who, manager, name: inSentence(gap.name) })
            : said(gap.managerAgreesMore ? "gap.sentence.managerAgreesMore" : "gap.sentence.teamAgreesMore", { who, manager, agreeing: gap.agreeing });
  return { category, sentence };
}

function hiddenInWords(hidden: string | null): string {
  if (hidden === said("results.hidden.belowThreshold")) return said("home.teamHidden.belowThreshold");
  if (hidden === said("results.hidden.protectsAnotherGroup")) return said("home.teamHidden.protectsAnotherGroup");
  return said("home.teamHidden.other");
}

/**
 * The open waves' counts exactly as the program page gives them (getProgramDetail: answers before today in
 * the organisation's time zone, rounded down to a multiple of the wave's minimum group, null below it).
 */
async function openPulseCounts(app: AppContext, user: SessionUser, waveIds: readonly string[]): Promise<OpenPulseCount[]> {
  const counts: OpenPulseCount[] = [];
  for (const waveId of [...new Set(waveIds)]) {
    const wave = await findWave(app.db, waveId);
    if (!wave || wave.organisationId !== user.organisationId) continue;
    const detail = await getProgramDetail(app, user, wave.programId);
    const row = detail?.waves.find((w) => w.id === waveId);
    if (!detail || !row || row.status !== "open" || row.countedBefore === null) continue;
    counts.push({
      waveId,
      programName: detail.program.name,
      closesAt: row.closesAt,
      invited: row.invited,
      answeredAtLeast: row.answeredAtLeast,
      countedBefore: row.countedBefore,
      minGroupSize: row.minGroupSize,
    });
  }
  return counts;
}

function chooseNextStep(
  selfAssessments: ReadonlyArray<{ waveId: string; teamId: string; teamName: string; closesAt: Date; open: boolean; answered: boolean }>,
  plansDue: PlanDue[],
  perTeam: ReadonlyArray<{ team: { id: string; name: string }; page: Awaited<ReturnType<typeof getTeamPage>>; guide: Awaited<ReturnType<typeof getConversationGuide>> }>,
): NextStep | null {
  const unanswered = selfAssessments.find((s) => s.open && !s.answered);
  if (unanswered) {
    return {
      text: said("home.nextStep.answerSelfAssessment", { team: unanswered.teamName }),
      href: `/self-assessments/${unanswered.waveId}/${unanswered.teamId}`,
      label: said("home.nextStep.answerSelfAssessmentLabel"),
    };
  }
  const due = plansDue[0];
  if (due) {
    return {
      text: said("home.nextStep.reviewPlan", { team: due.team.name, dimension: inSentence(due.dimensionName), reason: due.reasons[0] ?? "" }),
      href: `/teams/${due.team.id}/guide`,
      label: said("home.nextStep.reviewPlanLabel"),
      dimensionKey: due.dimensionKey,
    };
  }
  for (const { team, page } of perTeam) {
    const play = page.plays?.recommendations[0];
    if (play)
      return {
        // The play's title and the reason said (Candor's title by key), the reason's dimension named in the page's language by the page.
        text: said("home.nextStep.tryPlay", { play: play.titleSaid, team: team.name, reason: play.said }),
        href: `/playbook/${play.playId}`,
        label: said("home.nextStep.tryPlayLabel"),
        ...(play.dimension ? { dimensionKey: play.dimension } : {}),
      };
  }
  for (const { team, guide } of perTeam) {
    const focus = guide.focus[0];
    if (focus)
      return {
        // The reason's parts said and joined as the guide joins them ("…, and …").
        text: said("home.nextStep.talk", {
          team: team.name,
          dimension: inSentence(focus.dimension.name),
          reason: focus.reasonSaid.length > 0 ? focus.reasonSaid.reduce((first, second) => said("guide.and", { first, second })) : focus.reason,
        }),
        href: `/teams/${team.id}/guide`,
        label: said("home.nextStep.talkLabel"),
        dimensionKey: focus.dimension.key,
      };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Enablement

export interface EnablementHome {
  wave: { id: string; programName: string; periodStart: string } | null;
  previousWave: { id: string; periodStart: string } | null;
  /** The whole organisation's score per dimension in the latest closed wave, with the change since the same program's previous wave. */
  organisation: DimensionScore[];
  /** The first teams of the coaching page, each reason said (ADR 057) with the dimension it is about (the page names it in its language). */
  coaching: { teamsConsidered: number; total: number; top: Array<{ teamId: string; teamName: string; reasons: Array<{ said: string; dimension: string | null }> }> };
  training: Array<{ id: string; name: string; heldOn: string; managers: number; wavesSince: number; wavesNeeded: number; inFlight: boolean }>;
}

const MAX_COACHING = 3;
const MAX_COHORTS = 3;

/**
 * Sales enablement's home: the organisation's movement (the heatmap's organisation row of the latest
 * closed wave: score and change per dimension), the teams the coaching page puts first, and the manager
 * trainings still being measured (fewer closed waves since the training than its impact view compares).
 */
export async function getEnablementHome(app: AppContext, user: SessionUser): Promise<EnablementHome> {
  const inputs = await loadCoachingInputs(app, user);
  const [coaching, cohorts, waves] = await Promise.all([getCoachingPriorities(app, user, inputs), listCohorts(app, user), listResultWaves(app.db, user.organisationId)]);
  const { heatmap } = inputs;
  const org = heatmap.rows.find((r) => r.id === ORG);
  const organisation: DimensionScore[] = org
    ? heatmap.dimensions.map((d) => {
        const cell = org.cells[d.key]!;
        return { key: d.key, name: d.name, higherIsBetter: d.higherIsBetter, score: cell.score, change: cell.change, movement: movementOf(cell.change, d.higherIsBetter) };
      })
    : [];
  const periods = [...new Set(waves.map((w) => w.periodStart))];
  return {
    wave: heatmap.wave,
    previousWave: heatmap.previousWave,
    organisation,
    coaching: {
      teamsConsidered: coaching.teamsConsidered,
      total: coaching.priorities.length,
      top: coaching.priorities
        .slice(0, MAX_COACHING)
        .map((p) => ({ teamId: p.teamId, teamName: p.teamName, reasons: p.reasons.map((r) => ({ said: r.said, dimension: r.dimension })) })),
    },
    training: cohorts.slice(0, MAX_COHORTS).map((c) => {
      const wavesSince = periods.filter((p) => p > c.heldOn).length;
      return { id: c.id, name: c.name, heldOn: c.heldOn, managers: Number(c.managers), wavesSince, wavesNeeded: WAVES_EACH_SIDE, inFlight: wavesSince < WAVES_EACH_SIDE };
    }),
  };
}
