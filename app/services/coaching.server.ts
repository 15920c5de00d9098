import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError } from "~/domain/errors";
import { coachingPriorities, type CoachingPriority } from "~/domain/coaching";
import type { TeamPeriodMetrics } from "~/domain/crm";
import { ORG } from "~/domain/results";
import { getCrmMetrics } from "./crm-metrics.server";
import { getOrgHeatmap } from "./results.server";
import { listGapRows } from "./self-assessment.server";

export interface CoachingView {
  wave: { id: string; programName: string; periodStart: string } | null;
  crmPeriod: string | null;
  priorities: Array<CoachingPriority & { depth: number }>;
  teamsConsidered: number;
}

/**
 * What coaching priorities and play recommendations are both computed from: the org heatmap of the latest
 * closed wave, the self-assessment gaps and the quarterly CRM metrics. A page showing both reads them once.
 */
export interface CoachingInputs {
  heatmap: Awaited<ReturnType<typeof getOrgHeatmap>>;
  gaps: Awaited<ReturnType<typeof listGapRows>>;
  crm: { rows: TeamPeriodMetrics[] };
}

export async function loadCoachingInputs(app: AppContext, user: SessionUser): Promise<CoachingInputs> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("staffOnly.coaching"));
  const heatmap = await getOrgHeatmap(app, user);
  if (!heatmap.wave) return { heatmap, gaps: [], crm: { rows: [] } };
  const [gaps, crm] = await Promise.all([listGapRows(app, user.organisationId), getCrmMetrics(app, user.organisationId, "quarter")]);
  return { heatmap, gaps, crm };
}

/**
 * Which managers to coach first: teams with low or falling dimensions in the latest closed wave, a large
 * self-vs-team gap, or low culture together with a poor CRM signal in the latest quarter with deals.
 * Built only from what the results engine shows (hidden cells give no reasons). For enablement and admins.
 */
export async function getCoachingPriorities(app: AppContext, user: SessionUser, inputs?: CoachingInputs): Promise<CoachingView> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("staffOnly.coachingPriorities"));
  const { heatmap, gaps, crm } = inputs ?? (await loadCoachingInputs(app, user));
  if (!heatmap.wave) return { wave: null, crmPeriod: null, priorities: [], teamsConsidered: 0 };
  const today = app.now().toISOString().slice(0, 10);
  const crmPeriod = [...new Set(crm.rows.filter((r) => r.period <= today && (r.wonCount + r.lostCount > 0 || r.staleShare !== null)).map((r) => r.period))].sort().pop() ?? null;
  const teams = heatmap.rows.filter((r) => r.id !== ORG);
  const priorities = coachingPriorities({
    dimensions: heatmap.dimensions,
    teams: teams.map((r) => ({
      id: r.id,
      name: r.label,
      scores: Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, { mean: c.score.mean, change: c.change }])),
    })),
    gaps: gaps.filter((g) => g.waveId === heatmap.wave!.id),
    crm: crm.rows.filter((r) => r.period === crmPeriod).map((r) => ({ teamId: r.team, winRate: r.winRate, staleShare: r.staleShare })),
  });
  const depth = new Map(teams.map((t) => [t.id, t.depth]));
  return {
    wave: heatmap.wave,
    crmPeriod,
    priorities: priorities.map((p) => ({ ...p, depth: depth.get(p.teamId) ?? 1 })),
    teamsConsidered: teams.filter((t) => Object.values(t.cells).some((c) => c.score.mean !== null)).length,
  };
}
