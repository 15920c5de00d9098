import type { AppContext } from "~/context.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError } from "~/domain/errors";
import { listOrganisationActionPlans } from "#db/queries/action-plans";
import { listDimensions } from "#db/queries/instrument";
import { listResultWaves, readGroupResults } from "#db/queries/results";
import { listTeamNodes } from "#db/queries/teams";
import { said } from "~/i18n/said";

export interface RolledUpPlan {
  id: string;
  team: { id: string; name: string };
  dimensionKey: string;
  dimension: string;
  action: string;
  owner: string;
  reviewOn: string;
  status: string;
  madeAfter: string;
  /** The team's shown score on the plan's dimension in the wave that prompted it, and in the waves since. */
  scoreThen: number | null;
  scoresSince: Array<{ periodStart: string; mean: number | null }>;
  /** Latest shown score since − score then; null when either is hidden or there is no later wave yet. */
  moved: number | null;
}

/**
 * Every team's action plans in one list for enablement: what each team committed to, and whether the
 * targeted score moved in the waves after (from the results engine's shown cells only).
 */
export async function getActionPlanRollup(app: AppContext, user: SessionUser): Promise<{ plans: RolledUpPlan[]; committedTeams: number }> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("actionPlan.error.rollupForbidden"));
  const [plans, waves, nodes, dimensions] = await Promise.all([
    listOrganisationActionPlans(app.db, user.organisationId),
    listResultWaves(app.db, user.organisationId),
    listTeamNodes(app.db, user.organisationId),
    listDimensions(app.db, user.organisationId),
  ]);
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const dimensionName = new Map(dimensions.map((d) => [d.key, d.name]));
  const cells = await readGroupResults(app.db, { waveIds: waves.map((w) => w.id), groupIds: [...new Set(plans.map((p) => p.teamId))], kinds: ["dimension"] });
  const score = (waveId: string, teamId: string, key: string) => {
    const cell = cells.find((c) => c.waveId === waveId && c.groupId === teamId && c.key === key);
    return cell?.shown ? cell.mean : null;
  };
  const rolled = plans.map((p): RolledUpPlan => {
    const since = waves.filter((w) => w.periodStart > p.wave.periodStart && w.programId === waves.find((x) => x.id === p.wave.id)?.programId);
    const scoresSince = since.map((w) => ({ periodStart: w.periodStart, mean: score(w.id, p.teamId, p.dimensionKey) }));
    const then = score(p.wave.id, p.teamId, p.dimensionKey);
    const last = scoresSince[scoresSince.length - 1]?.mean ?? null;
    return {
      id: p.id,
      team: { id: p.teamId, name: names.get(p.teamId) ?? "" },
      dimensionKey: p.dimensionKey,
      dimension: dimensionName.get(p.dimensionKey) ?? p.dimensionKey,
      action: p.action,
      owner: p.owner,
      reviewOn: p.reviewOn,
      status: p.status,
      madeAfter: p.wave.periodStart,
      scoreThen: then,
      scoresSince,
      moved: then !== null && last !== null ? last - then : null,
    };
  });
  return { plans: rolled, committedTeams: new Set(plans.map((p) => p.teamId)).size };
}
