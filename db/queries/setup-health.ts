import { sql, type Kysely } from "kysely";
import type { DB, MembershipSource } from "../schema";

/**
 * When the roster last changed a team, by source: the latest membership event of the organisation
 * recorded by a roster import (the page or the CLI), and the latest of any source. An import that
 * changed nobody's team leaves no event, so this is the last import that changed something.
 */
export async function lastRosterChanges(db: Kysely<DB>, organisationId: string): Promise<{ lastImport: Date | null; lastChange: Date | null }> {
  const imports: MembershipSource[] = ["roster-import", "cli"];
  const row = await db
    .selectFrom("teamMembershipEvent as e")
    .select((eb) => [eb.fn.max(eb.case().when("e.source", "in", imports).then(eb.ref("e.occurredAt")).end()).as("lastImport"), eb.fn.max("e.occurredAt").as("lastChange")])
    .where("e.organisationId", "=", organisationId)
    .executeTakeFirst();
  const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
  return { lastImport: toDate(row?.lastImport), lastChange: toDate(row?.lastChange) };
}

/**
 * Active reps and managers of an organisation who are in no team and lead none: they are asked no pulse
 * and their deals count for no team. Enablement and admins need no team. By name.
 */
export async function listPeopleWithoutTeam(db: Kysely<DB>, organisationId: string): Promise<Array<{ id: string; name: string; role: "rep" | "manager" }>> {
  const rows = await db
    .selectFrom("person")
    .select(["person.id", "person.name", "person.role"])
    .where("person.organisationId", "=", organisationId)
    .where("person.active", "=", true)
    .where("person.role", "in", ["rep", "manager"])
    .where((eb) =>
      eb.not(
        eb.or([
          eb.exists(eb.selectFrom("teamMembership as m").select("m.id").whereRef("m.personId", "=", "person.id").where("m.validTo", "is", null)),
          eb.exists(eb.selectFrom("team").select("team.id").whereRef("team.managerId", "=", "person.id")),
        ]),
      ),
    )
    .orderBy("person.name")
    .execute();
  return rows as Array<{ id: string; name: string; role: "rep" | "manager" }>;
}

/**
 * Jobs of the job queue (Candor's scheduler: opening and closing waves, sending invitations and reminders)
 * recorded as failed since `since`, across the installation, archived ones included. pg-boss keeps them in
 * its own schema, which exists only once the queue has started: null when it has not.
 */
export async function countFailedJobs(db: Kysely<DB>, since: Date): Promise<number | null> {
  const exists = await sql<{ present: boolean }>`select to_regclass('pgboss.job') is not null and to_regclass('pgboss.archive') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return null;
  const failed = await sql<{ n: number }>`
    select count(*)::int as n from (
      select created_on from pgboss.job where state = 'failed'
      union all
      select created_on from pgboss.archive where state = 'failed'
    ) f where f.created_on >= ${since}`.execute(db);
  return failed.rows[0]?.n ?? 0;
}
