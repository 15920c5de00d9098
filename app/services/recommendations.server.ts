import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { ForbiddenError } from "~/domain/errors";
import { ORG } from "~/domain/results";
import { recommendPlays, type Recommendation, type RecommendationTeam, type TeamSignal } from "~/domain/recommendations";
import { getTeamCrmMetrics } from "./crm-metrics.server";
import { loadCoachingInputs, type CoachingInputs } from "./coaching.server";
import { listPlays, type PlayView } from "./playbook.server";
import { playTitleSaid } from "./playbook-language.server";
import { getTeamResults } from "./results.server";
import { getGapView } from "./self-assessment.server";

/**
 * A recommendation as the pages show it: with its play's title said (playTitleSaid), so that Candor's own
 * title reads in each reader's language. `reason` and `playTitle` stay the English words and the title as stored.
 */
export type RecommendationView = Recommendation & { titleSaid: string };

export interface TeamRecommendationsView {
  team: { id: string; name: string };
  wave: { id: string; programName: string; periodStart: string } | null;
  signals: TeamSignal[];
  recommendations: RecommendationView[];
}

function withTitlesSaid(recommendations: readonly Recommendation[], plays: readonly PlayView[]): RecommendationView[] {
  const byId = new Map(plays.map((p) => [p.id, p]));
  return recommendations.map((r) => {
    const play = byId.get(r.playId);
    return { ...r, titleSaid: play ? playTitleSaid(play) : r.playTitle };
  });
}

/** The CRM numbers the rules read, quarter by quarter. */
const crmOf = (rows: ReadonlyArray<{ period: string; winRate: number | null; staleShare: number | null; knownUpsideShare: number | null }>) =>
  rows.map((r) => ({ period: r.period, winRate: r.winRate, staleShare: r.staleShare, knownUpsideShare: r.knownUpsideShare }));

/**
 * Plays to try for one team, each with the signal behind it in one sentence with the numbers. Built only
 * from what the results engine and the CRM metrics already show the viewer: the latest closed wave's
 * scores and changes (getTeamResults: hidden scores give no signal), the shown self-vs-team gap
 * (getGapView; only for those who may see it, so a manager above the team gets no blind-spot signal),
 * the team's quarterly CRM metrics and the playbook. On its own a team has no peers, so the
 * lowest-quarter rules (and with them a low win rate) apply only in getOrgRecommendations. Same access
 * as the team page: its managers, enablement and admins; reps 403, another organisation's team 404.
 */
export async function getTeamRecommendations(app: AppContext, user: SessionUser, teamId: string): Promise<TeamRecommendationsView> {
  const team = await requireTeamAccess(app, user, teamId);
  const [results, crm] = await Promise.all([getTeamResults(app, user, team.id), getTeamCrmMetrics(app, user, team.id)]);
  return recommendForTeam(app, user, team, results, crm);
}

/**
 * getTeamRecommendations for a page that already holds the team's results and CRM metrics (the team page):
 * the same rules, without computing either again. `team` must have passed requireTeamAccess for `user`.
 */
export async function recommendForTeam(
  app: AppContext,
  user: SessionUser,
  team: { id: string; name: string },
  results: Awaited<ReturnType<typeof getTeamResults>>,
  crm: Awaited<ReturnType<typeof getTeamCrmMetrics>>,
): Promise<TeamRecommendationsView> {
  const [plays, gapView] = await Promise.all([
    listPlays(app, user),
    getGapView(app, user, team.id).catch((error: unknown) => {
      // The gap is for the team's own manager, enablement and admins: others simply get no gap signal.
      if (error instanceof ForbiddenError) return null;
      throw error;
    }),
  ]);
  if (!results.wave) return { team, wave: null, signals: [], recommendations: [] };
  const gapShown = gapView?.gap?.status === "shown" && gapView.wave?.id === results.wave.id ? gapView.gap : null;
  const input: RecommendationTeam = {
    id: team.id,
    name: team.name,
    scores: Object.fromEntries(results.dimensions.map((d) => [d.key, { mean: d.score.mean, change: d.change }])),
    gaps: gapShown ? gapShown.dimensions.map((g) => ({ dimension: g.key, gap: g.gap, reading: g.reading })) : [],
    crm: crmOf(crm.rows),
  };
  const [result] = recommendPlays({ dimensions: results.dimensions, teams: [input], plays });
  return { team, wave: results.wave, signals: result!.signals, recommendations: withTitlesSaid(result!.recommendations, plays) };
}

export interface OrgRecommendationsView {
  wave: { id: string; programName: string; periodStart: string } | null;
  teams: Array<{ teamId: string; teamName: string; recommendations: RecommendationView[] }>;
}

/**
 * Plays to try for every team with signals, for enablement and admins: the same rules as for one team,
 * over the organisation's heatmap of the latest closed wave (so that the lowest-quarter rules can
 * compare teams), the shown gaps of that wave and every team's quarterly CRM metrics up to today.
 */
export async function getOrgRecommendations(app: AppContext, user: SessionUser, inputs?: CoachingInputs): Promise<OrgRecommendationsView> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("staffOnly.recommendations"));
  const { heatmap, gaps, crm } = inputs ?? (await loadCoachingInputs(app, user));
  if (!heatmap.wave) return { wave: null, teams: [] };
  const plays = await listPlays(app, user);
  const today = app.now().toISOString().slice(0, 10);
  const crmRows = crm.rows.filter((r) => r.period <= today);
  const teams: RecommendationTeam[] = heatmap.rows
    .filter((r) => r.id !== ORG)
    .map((r) => ({
      id: r.id,
      name: r.label,
      scores: Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, { mean: c.score.mean, change: c.change }])),
      gaps: gaps.filter((g) => g.waveId === heatmap.wave!.id && g.teamId === r.id).map((g) => ({ dimension: g.dimension, gap: g.gap, reading: g.reading })),
      crm: crmOf(crmRows.filter((c) => c.team === r.id)),
    }));
  const results = recommendPlays({ dimensions: heatmap.dimensions, teams, plays });
  return {
    wave: heatmap.wave,
    teams: results.filter((t) => t.recommendations.length > 0).map((t) => ({ teamId: t.teamId, teamName: t.teamName, recommendations: withTitlesSaid(t.recommendations, plays) })),
  };
}
