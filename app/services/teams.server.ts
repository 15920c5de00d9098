import type { Kysely } from "kysely";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import { accessibleTeamIds, requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { sortAsTree, wouldCreateCycle } from "~/domain/team-tree";
import { findPerson, listPeople } from "#db/queries/people";
import type { DB } from "#db/schema";
import { findTeam, findTeamByName, insertTeam, listTeamNodes, listTeams, updateTeam, type TeamWithManager } from "#db/queries/teams";
import { InputError } from "~/domain/errors";
import { createOnce, earlierSubmission } from "~/services/form-submissions.server";
import type { AuditValues } from "~/domain/audit";
import { recordAuditByUser } from "./audit.server";
import { adminAuthor, recordAuditAs, type PeopleChangeAuthor } from "./people.server";

export type TeamTreeRow = TeamWithManager & { depth: number };

/** The organisation's teams in tree order, for the admin screen. */
export async function getTeamTree(app: AppContext, user: SessionUser): Promise<TeamTreeRow[]> {
  return sortAsTree(await listTeams(app.db, user.organisationId));
}

/** The teams this person may open (managers: their subtree; enablement/admin: all), in tree order. */
export async function getVisibleTeams(app: AppContext, user: SessionUser): Promise<TeamTreeRow[]> {
  const allowed = await accessibleTeamIds(app, user);
  if (allowed.size === 0) return [];
  const teams = (await listTeams(app.db, user.organisationId)).filter((t) => allowed.has(t.id));
  return sortAsTree(teams);
}

/** Managers an admin can pick: active people with the manager role. */
export async function listManagerChoices(app: AppContext, user: SessionUser): Promise<Array<{ id: string; name: string; email: string }>> {
  const people = await listPeople(app.db, user.organisationId, { limit: 5000 });
  return people.filter((p) => p.active && p.role === "manager").map((p) => ({ id: p.id, name: p.name, email: p.email }));
}

/** A team's name, trimmed, when no other team of the organisation has it (in any case). */
export async function checkTeamName(db: Kysely<DB>, organisationId: string, name: string, exceptId?: string): Promise<string> {
  const trimmed = name.trim();
  const existing = await findTeamByName(db, organisationId, trimmed);
  if (existing && existing.id !== exceptId) throw new InputError(said("adminTeams.nameTaken", { name: existing.name }), { name: said("adminTeams.alreadyUsed") });
  return trimmed;
}

async function checkParent(app: AppContext, organisationId: string, parentId: string | null): Promise<string | null> {
  if (!parentId) return null;
  if (!(await findTeam(app.db, organisationId, parentId))) throw new InputError(said("adminTeams.noParent"), { parentId: said("adminTeams.pickTeam") });
  return parentId;
}

async function checkManager(app: AppContext, organisationId: string, managerId: string | null): Promise<string | null> {
  if (!managerId) return null;
  const person = await findPerson(app.db, organisationId, managerId);
  if (!person?.active || person.role !== "manager") {
    throw new InputError(said("adminTeams.managerRole"), { managerId: said("adminTeams.pickManager") });
  }
  return managerId;
}

/** Records a change to a team made on the admin pages, in the transaction that made it. */
async function auditTeam(app: AppContext, trx: Kysely<DB>, user: SessionUser, action: string, teamId: string, before: AuditValues | undefined, after: AuditValues) {
  await recordAuditByUser(trx, app, user, { action, target: { type: "team", id: teamId }, before, after });
}

const teamNameOf = async (db: Kysely<DB>, organisationId: string, teamId: string | null) => (teamId ? ((await findTeam(db, organisationId, teamId))?.name ?? null) : null);

/**
 * Adds a team. The same form sent twice (`submissionKey`) adds one team: the repeat gets the first one's id
 * with `repeated: true` instead of a "name taken" error for the team it just made.
 */
export async function createTeam(
  app: AppContext,
  user: SessionUser,
  input: { name: string; parentId: string | null; managerId: string | null; submissionKey?: string },
): Promise<{ id: string; repeated: boolean }> {
  const repeat = await earlierSubmission(app, user, "team", input.submissionKey);
  if (repeat) return { id: repeat, repeated: true };
  const name = await checkTeamName(app.db, user.organisationId, input.name);
  const parentId = await checkParent(app, user.organisationId, input.parentId);
  const managerId = await checkManager(app, user.organisationId, input.managerId);
  return createOnce(app, user, "team", input.submissionKey, async (trx) => {
    const team = await insertTeam(trx, { organisationId: user.organisationId, name, parentId, managerId });
    await auditTeam(app, trx, user, "team.create", team.id, undefined, { name, parentId, parent: await teamNameOf(trx, user.organisationId, parentId), managerId });
    return team.id;
  });
}

async function requireTeam(app: AppContext, user: SessionUser, teamId: string) {
  const team = await findTeam(app.db, user.organisationId, teamId);
  if (!team) throw new InputError(said("adminTeams.noTeam"));
  return team;
}

export async function renameTeam(app: AppContext, user: SessionUser, teamId: string, name: string): Promise<void> {
  const team = await requireTeam(app, user, teamId);
  const newName = await checkTeamName(app.db, user.organisationId, name, team.id);
  if (newName === team.name) return;
  await app.db.transaction().execute((trx) => renameTeamAs(trx, app, adminAuthor(app, user), team, newName));
}

/** Renames a team in the caller's transaction, audited as its author made it (the admin pages, SCIM). The name is checked already. */
export async function renameTeamAs(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, team: { id: string; name: string }, name: string): Promise<void> {
  await updateTeam(trx, author.organisationId, team.id, { name });
  await recordAuditAs(trx, app, author, { action: "team.rename", target: { type: "team", id: team.id }, before: { name: team.name }, after: { name } });
}

/** Adds a top-level team without a manager in the caller's transaction (SCIM's groups), audited as its author made it. The name is checked already. */
export async function createTeamAs(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, name: string): Promise<string> {
  const team = await insertTeam(trx, { organisationId: author.organisationId, name, parentId: null, managerId: null });
  await recordAuditAs(trx, app, author, { action: "team.create", target: { type: "team", id: team.id }, after: { name, parentId: null, parent: null, managerId: null } });
  return team.id;
}

/** Moves a team under another (or to the top); refuses to put a team inside itself. */
export async function moveTeam(app: AppContext, user: SessionUser, teamId: string, parentId: string | null): Promise<void> {
  const team = await requireTeam(app, user, teamId);
  const parent = await checkParent(app, user.organisationId, parentId);
  if (wouldCreateCycle(await listTeamNodes(app.db, user.organisationId), team.id, parent)) {
    throw new InputError(said("adminTeams.underItself", { team: team.name }), { parentId: said("adminTeams.pickOutside") });
  }
  if (parent === team.parentId) return;
  await app.db.transaction().execute(async (trx) => {
    await updateTeam(trx, user.organisationId, team.id, { parentId: parent });
    await auditTeam(
      app,
      trx,
      user,
      "team.move",
      team.id,
      { name: team.name, parentId: team.parentId, parent: await teamNameOf(trx, user.organisationId, team.parentId) },
      { name: team.name, parentId: parent, parent: await teamNameOf(trx, user.organisationId, parent) },
    );
  });
}

export async function setTeamManager(app: AppContext, user: SessionUser, teamId: string, managerId: string | null): Promise<void> {
  const team = await requireTeam(app, user, teamId);
  const manager = await checkManager(app, user.organisationId, managerId);
  if (manager === team.managerId) return;
  await app.db.transaction().execute(async (trx) => {
    await updateTeam(trx, user.organisationId, team.id, { managerId: manager });
    await auditTeam(app, trx, user, "team.manager-change", team.id, { name: team.name, managerId: team.managerId }, { name: team.name, managerId: manager });
  });
}

export interface TeamOverview {
  team: { id: string; name: string; parentName: string | null; managerName: string | null };
  subTeams: Array<{ id: string; name: string; memberCount: number }>;
  members: Array<{ id: string; name: string; role: string }>;
}

/** One team as its manager (or enablement/admin) sees it: who is in it and what is below it. */
export async function getTeamOverview(app: AppContext, user: SessionUser, teamId: string): Promise<TeamOverview> {
  await requireTeamAccess(app, user, teamId);
  const teams = await listTeams(app.db, user.organisationId);
  const team = teams.find((t) => t.id === teamId)!;
  const members = await listPeople(app.db, user.organisationId, { teamId });
  return {
    team: {
      id: team.id,
      name: team.name,
      parentName: teams.find((t) => t.id === team.parentId)?.name ?? null,
      managerName: team.managerName,
    },
    subTeams: teams.filter((t) => t.parentId === team.id).map((t) => ({ id: t.id, name: t.name, memberCount: t.memberCount })),
    members: members.filter((m) => m.active).map((m) => ({ id: m.id, name: m.name, role: m.role })),
  };
}
