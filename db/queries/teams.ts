import { sql, type Kysely } from "kysely";
import type { DB, TeamRow } from "../schema";

export interface TeamWithManager {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  managerName: string | null;
  managerEmail: string | null;
  memberCount: number;
}

/** Every team of an organisation with its manager and current member count. */
export async function listTeams(db: Kysely<DB>, organisationId: string): Promise<TeamWithManager[]> {
  return db
    .selectFrom("team")
    .leftJoin("person as manager", "manager.id", "team.managerId")
    .select((eb) => [
      "team.id",
      "team.name",
      "team.parentId",
      "team.managerId",
      "manager.name as managerName",
      "manager.email as managerEmail",
      eb
        .selectFrom("teamMembership as m")
        .innerJoin("person as p", "p.id", "m.personId")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("m.teamId", "=", "team.id")
        .where("m.validTo", "is", null)
        .where("p.active", "=", true)
        .as("memberCount"),
    ])
    .where("team.organisationId", "=", organisationId)
    .orderBy("team.name")
    .execute() as Promise<TeamWithManager[]>;
}

export async function findTeam(db: Kysely<DB>, organisationId: string, teamId: string): Promise<TeamRow | undefined> {
  return db.selectFrom("team").selectAll().where("organisationId", "=", organisationId).where("id", "=", teamId).executeTakeFirst();
}

export async function findTeamByName(db: Kysely<DB>, organisationId: string, name: string): Promise<TeamRow | undefined> {
  return db
    .selectFrom("team")
    .selectAll()
    .where("organisationId", "=", organisationId)
    .where(sql`lower(name)`, "=", name.trim().toLowerCase())
    .executeTakeFirst();
}

export async function insertTeam(db: Kysely<DB>, values: { organisationId: string; name: string; parentId: string | null; managerId: string | null }): Promise<TeamRow> {
  return db.insertInto("team").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateTeam(
  db: Kysely<DB>,
  organisationId: string,
  teamId: string,
  values: Partial<{ name: string; parentId: string | null; managerId: string | null }>,
): Promise<void> {
  await db.updateTable("team").set(values).where("organisationId", "=", organisationId).where("id", "=", teamId).execute();
}

/** The tree shape of an organisation's teams: enough to compute subtrees. */
export async function listTeamNodes(db: Kysely<DB>, organisationId: string): Promise<Array<{ id: string; name: string; parentId: string | null; managerId: string | null }>> {
  return db.selectFrom("team").select(["id", "name", "parentId", "managerId"]).where("organisationId", "=", organisationId).execute();
}
