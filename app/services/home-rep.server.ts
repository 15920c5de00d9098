// The rep's home: what their team's results led to (the other roles' homes are in home-dashboards.server.ts
// and home-admin.server.ts).
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { listActionPlans } from "#db/queries/action-plans";
import { listDimensions } from "#db/queries/instrument";
import type { TeamResults } from "./results.server";

const DAY_MS = 86_400_000;

export interface RepTeamPlan {
  id: string;
  dimensionName: string;
  action: string;
  reviewOn: string;
  status: "open" | "done" | "dropped";
  /** The pulse whose results led to it. */
  wave: { periodStart: string; programName: string };
}

/** Done or dropped plans a rep still sees, for this many days after their last change (as the guide). */
const RECENT_DAYS = 90;

/**
 * What a rep's team's results led to: the action plans of the rep's own team (`myTeam`, from
 * getMyTeamResults: the team they are in today; open plans, and those done
 * or dropped in the last 90 days), with what the plan is about, the action and its review date. Not who
 * wrote it or the outcome note: those are the manager's working notes.
 */
export async function getRepTeamPlans(app: AppContext, user: SessionUser, myTeam: TeamResults | null): Promise<RepTeamPlan[]> {
  if (!myTeam) return [];
  const [plans, dimensions] = await Promise.all([
    listActionPlans(app.db, user.organisationId, myTeam.team.id, new Date(app.now().getTime() - RECENT_DAYS * DAY_MS)),
    listDimensions(app.db, user.organisationId),
  ]);
  const names = new Map(dimensions.map((d) => [d.key, d.name]));
  return plans.map((p) => ({
    id: p.id,
    dimensionName: names.get(p.dimensionKey) ?? p.dimensionKey,
    action: p.action,
    reviewOn: p.reviewOn,
    status: p.status,
    wave: { periodStart: p.wave.periodStart, programName: p.wave.programName },
  }));
}
