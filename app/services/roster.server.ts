import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import { invalidateAllSessions } from "~/auth/session.server";
import { planIsEmpty, planRoster, readRoster, type RosterPlan, type RosterProblem } from "~/domain/roster";
import { moveToTeam, recordActivation, type MembershipChange } from "#db/queries/memberships";
import { insertPerson, listPeopleForRoster, setPersonLanguage, updatePerson } from "#db/queries/people";
import { insertTeam, listTeamNodes, updateTeam } from "#db/queries/teams";
import type { DB, MembershipSource } from "#db/schema";
import { organisationToday, sendInvitation } from "./people.server";
import { auditByMembershipChange, recordAudits, type AuditRecord } from "./audit.server";

export type RosterOutcome = { ok: false; problems: RosterProblem[] } | { ok: true; plan: RosterPlan; applied: boolean; invited: number };

export interface RosterOptions {
  deactivateMissing: boolean;
  /** The admin running the import: never deactivated by it. */
  actorEmail?: string;
  /** Email an invitation to each added person after the import commits. */
  invite?: boolean;
  /**
   * Who imports, recorded with every membership change the file makes: the admin on Admin → Roster
   * (source "roster-import"), nobody for the CLI ("cli") and the demo seed ("demo"). Default: nobody, "roster-import".
   */
  recordAs?: { actorId: string | null; source: MembershipSource };
}

const key = (value: string) => value.trim().toLowerCase();

async function plan(db: Kysely<DB>, organisationId: string, text: string, options: RosterOptions) {
  const { entries, problems } = readRoster(text);
  if (problems.length > 0) return { problems };
  const [people, teams] = await Promise.all([listPeopleForRoster(db, organisationId), listTeamNodes(db, organisationId)]);
  return planRoster(entries, { people, teams }, { deactivateMissing: options.deactivateMissing, actorEmail: options.actorEmail });
}

/** Checks a roster file and says what it would change, changing nothing. */
export async function previewRoster(app: AppContext, organisationId: string, text: string, options: RosterOptions): Promise<RosterOutcome> {
  const result = await plan(app.db, organisationId, text, options);
  if ("problems" in result) return { ok: false, problems: result.problems };
  return { ok: true, plan: result.plan, applied: false, invited: 0 };
}

/**
 * Validates the whole file, then applies it in one transaction: all of it or, if any row is bad,
 * nothing. The plan is made again inside the transaction, so it matches the data it changes.
 */
export async function applyRoster(app: AppContext, organisationId: string, text: string, options: RosterOptions): Promise<RosterOutcome> {
  const today = await organisationToday(app, organisationId);
  const outcome = await app.db.transaction().execute(async (trx) => {
    // Serialise roster imports per organisation: two at once would plan against the same old state.
    await trx.selectFrom("organisation").select("id").where("id", "=", organisationId).forUpdate().execute();
    const result = await plan(trx, organisationId, text, options);
    if ("problems" in result) return { ok: false as const, problems: result.problems };
    const change: MembershipChange = { actorId: null, source: "roster-import", ...options.recordAs, at: app.now() };
    const before = await listPeopleForRoster(trx, organisationId);
    await applyPlan(app, trx, organisationId, result.plan, today, change);
    if (!planIsEmpty(result.plan)) await auditRoster(trx, organisationId, result.plan, before, change);
    return { ok: true as const, plan: result.plan, applied: !planIsEmpty(result.plan), invited: 0 };
  });
  if (outcome.ok && options.invite) {
    const people = await listPeopleForRoster(app.db, organisationId);
    const byEmail = new Map(people.map((p) => [key(p.email), p]));
    for (const added of outcome.plan.added) {
      const person = byEmail.get(key(added.email));
      if (!person) continue;
      await sendInvitation(app, { id: person.id, organisationId, email: person.email }, null, person.role);
      outcome.invited++;
    }
  }
  return outcome;
}

async function applyPlan(app: AppContext, trx: Kysely<DB>, organisationId: string, plan: RosterPlan, today: string, change: MembershipChange): Promise<void> {
  // Teams first (all new ones at the top level, then every stated parent), so that parents exist.
  const teamId = new Map((await listTeamNodes(trx, organisationId)).map((t) => [key(t.name), t.id]));
  for (const team of plan.newTeams) {
    const row = await insertTeam(trx, { organisationId, name: team.name, parentId: null, managerId: null });
    teamId.set(key(team.name), row.id);
  }
  const parents = [...plan.newTeams.filter((t) => t.parent).map((t) => ({ team: t.name, parent: t.parent })), ...plan.teamMoves.map((m) => ({ team: m.team, parent: m.toParent }))];
  for (const { team, parent } of parents) {
    await updateTeam(trx, organisationId, teamId.get(key(team))!, { parentId: parent ? teamId.get(key(parent))! : null });
  }

  // People: new ones, then changes to existing ones.
  const people = new Map((await listPeopleForRoster(trx, organisationId)).map((p) => [key(p.email), p.id]));
  for (const person of plan.added) {
    const row = await insertPerson(trx, { organisationId, email: person.email, name: person.name, role: person.role, language: person.language ?? null });
    people.set(key(person.email), row.id);
    if (person.team) await moveToTeam(trx, organisationId, row.id, teamId.get(key(person.team))!, today, change);
  }
  for (const change of plan.languageChanges) await setPersonLanguage(trx, people.get(key(change.email))!, change.to);
  for (const rename of plan.renamed) await updatePerson(trx, organisationId, people.get(key(rename.email))!, { name: rename.to });
  for (const role of plan.roleChanges) {
    const id = people.get(key(role.email))!;
    await updatePerson(trx, organisationId, id, { role: role.to });
    // Only reps are asked: becoming one joins the team's audience, ceasing to leaves it (recorded like a move).
    if ((role.from === "rep") !== (role.to === "rep")) await recordActivation(trx, organisationId, id, role.to === "rep" ? "joined" : "left", change);
  }
  // Reactivations before moves: a reactivated person joins their old team again, then moves on from it.
  for (const person of plan.reactivated) {
    const id = people.get(key(person.email))!;
    await updatePerson(trx, organisationId, id, { active: true, deactivatedAt: null });
    await recordActivation(trx, organisationId, id, "joined", change);
  }
  for (const move of plan.moved) {
    await moveToTeam(trx, organisationId, people.get(key(move.email))!, move.to ? teamId.get(key(move.to))! : null, today, change);
  }
  for (const manager of plan.managerChanges) {
    await updateTeam(trx, organisationId, teamId.get(key(manager.team))!, { managerId: people.get(key(manager.to))! });
  }
  for (const person of plan.deactivated) {
    const id = people.get(key(person.email))!;
    await updatePerson(trx, organisationId, id, { active: false, deactivatedAt: app.now() });
    await invalidateAllSessions({ ...app, db: trx }, id);
    await recordActivation(trx, organisationId, id, "left", change);
  }
}

/**
 * The audit entries of an applied roster (ADR 036): one for the import with its counts, then one per person
 * or team it changed, all with who imported and through what. Names and emails go to the personal details.
 */
async function auditRoster(trx: Kysely<DB>, organisationId: string, plan: RosterPlan, before: Awaited<ReturnType<typeof listPeopleForRoster>>, change: MembershipChange) {
  const people = new Map((await listPeopleForRoster(trx, organisationId)).map((p) => [key(p.email), p]));
  const earlier = new Map(before.map((p) => [key(p.email), p]));
  const teams = new Map((await listTeamNodes(trx, organisationId)).map((t) => [key(t.name), t]));
  const teamId = (name: string | null) => (name ? (teams.get(key(name))?.id ?? null) : null);
  const base = { organisationId, ...auditByMembershipChange(change), at: change.at };
  const person = (email: string) => people.get(key(email))!.id;
  const records: AuditRecord[] = [
    {
      ...base,
      action: "roster.import",
      after: {
        added: plan.added.length,
        renamed: plan.renamed.length,
        roleChanges: plan.roleChanges.length,
        moved: plan.moved.length,
        reactivated: plan.reactivated.length,
        deactivated: plan.deactivated.length,
        newTeams: plan.newTeams.length,
        teamMoves: plan.teamMoves.length,
        managerChanges: plan.managerChanges.length,
        languageChanges: plan.languageChanges.length,
        unchanged: plan.unchanged,
      },
    },
  ];
  for (const team of plan.newTeams)
    records.push({ ...base, action: "team.create", target: { type: "team", id: teamId(team.name)! }, after: { name: team.name, parent: team.parent } });
  for (const move of plan.teamMoves) {
    records.push({
      ...base,
      action: "team.move",
      target: { type: "team", id: teamId(move.team)! },
      before: { name: move.team, parent: move.fromParent },
      after: { name: move.team, parent: move.toParent },
    });
  }
  for (const added of plan.added) {
    const id = person(added.email);
    records.push({
      ...base,
      action: "person.add",
      target: { type: "person", id },
      after: { role: added.role, teamId: teamId(added.team), team: added.team, ...(added.language ? { language: added.language } : {}) },
      personal: [{ personId: id, after: { name: added.name, email: people.get(key(added.email))!.email } }],
    });
  }
  for (const rename of plan.renamed) {
    const id = person(rename.email);
    records.push({ ...base, action: "person.rename", target: { type: "person", id }, personal: [{ personId: id, before: { name: rename.from }, after: { name: rename.to } }] });
  }
  for (const role of plan.roleChanges)
    records.push({ ...base, action: "person.role-change", target: { type: "person", id: person(role.email) }, before: { role: role.from }, after: { role: role.to } });
  for (const p of plan.reactivated) records.push({ ...base, action: "person.reactivate", target: { type: "person", id: person(p.email) } });
  for (const move of plan.moved) {
    const was = earlier.get(key(move.email));
    records.push({
      ...base,
      action: "person.team-change",
      target: { type: "person", id: person(move.email) },
      before: { teamId: was?.teamId ?? null, team: move.from },
      after: { teamId: teamId(move.to), team: move.to },
    });
  }
  for (const manager of plan.managerChanges) {
    records.push({
      ...base,
      action: "team.manager-change",
      target: { type: "team", id: teamId(manager.team)! },
      before: { name: manager.team, managerId: manager.from ? (earlier.get(key(manager.from))?.id ?? null) : null },
      after: { name: manager.team, managerId: person(manager.to) },
    });
  }
  for (const p of plan.deactivated) records.push({ ...base, action: "person.deactivate", target: { type: "person", id: person(p.email) } });
  for (const change of plan.languageChanges) {
    records.push({
      ...base,
      action: "person.language-change",
      target: { type: "person", id: person(change.email) },
      before: { language: change.from },
      after: { language: change.to },
    });
  }
  await recordAudits(trx, records);
}
