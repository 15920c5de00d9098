import { isUuid } from "~/domain/ids";
import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { NotFoundError } from "~/domain/errors";
import { recentJoiners, recentJoinWindowStart, type RecentJoins } from "~/domain/audience-changes";
import { listAudienceMembershipEvents } from "#db/queries/memberships";
import { countAudience } from "#db/queries/results";
import { subtreeAtClose } from "./results.server";

export type { RecentJoins };

/**
 * How many people of a team's audience in a wave joined the team within the wave's recent join window
 * (the organisation's setting when the wave opened, default 14 days) before the wave opened, out of
 * how many it asked there. The team counts with the teams below it, as its results do (the tree as it
 * was when the wave closed; today's for an open wave). Joins come from the membership events, so people
 * who were members before events were recorded never count. No access check: callers decide who sees it
 * (a rep in the audience, the team's results). Throws for a wave that does not exist.
 */
export async function recentJoins(app: AppContext, waveId: string, teamId: string): Promise<RecentJoins> {
  const wave = await app.db.selectFrom("wave").select(["organisationId", "opensAt", "recentJoinDays"]).where("id", "=", waveId).executeTakeFirst();
  if (!wave) throw new Error(`recentJoins: no wave ${waveId}`);
  const group = await subtreeAtClose(app, wave.organisationId, waveId, teamId);
  const [audience, events] = await Promise.all([
    countAudience(app.db, [waveId]),
    listAudienceMembershipEvents(app.db, wave.organisationId, waveId, group, {
      from: recentJoinWindowStart(wave.opensAt, wave.recentJoinDays),
      to: wave.opensAt,
    }),
  ]);
  const teamIds = new Set(group);
  return {
    joined: recentJoiners(events, { teamIds, opensAt: wave.opensAt, days: wave.recentJoinDays }).size,
    audience: audience.filter((a) => teamIds.has(a.teamId)).reduce((sum, a) => sum + a.n, 0),
    days: wave.recentJoinDays,
  };
}

/** recentJoins for a team's results page: the viewer must reach the team, and the wave be their organisation's. */
export async function getTeamAudienceChanges(app: AppContext, user: SessionUser, teamId: string, waveId: string): Promise<RecentJoins> {
  await requireTeamAccess(app, user, teamId);
  if (!isUuid(waveId)) throw new NotFoundError("There is no such wave.");
  const wave = await app.db.selectFrom("wave").select("id").where("id", "=", waveId).where("organisationId", "=", user.organisationId).executeTakeFirst();
  if (!wave) throw new NotFoundError("There is no such wave.");
  return recentJoins(app, waveId, teamId);
}
