import type { Kysely } from "kysely";
import type { DB } from "../schema";

/**
 * Puts a person in a team from `today`, closing their current membership. Membership history lets
 * results and CRM deals follow the team a rep was in at the time. A change on the day a membership
 * started replaces it rather than leaving a zero-length period.
 */
export async function moveToTeam(
  db: Kysely<DB>,
  organisationId: string,
  personId: string,
  teamId: string | null,
  today: string,
): Promise<void> {
  const current = await db
    .selectFrom("teamMembership")
    .select(["id", "teamId", "validFrom"])
    .where("personId", "=", personId)
    .where("validTo", "is", null)
    .executeTakeFirst();
  if (current?.teamId === teamId) return;
  if (current) {
    if (current.validFrom >= today) {
      await db.deleteFrom("teamMembership").where("id", "=", current.id).execute();
    } else {
      await db.updateTable("teamMembership").set({ validTo: today }).where("id", "=", current.id).execute();
    }
  }
  if (teamId) {
    await db.insertInto("teamMembership").values({ organisationId, personId, teamId, validFrom: today, validTo: null }).execute();
  }
}

/** A person's membership history, newest first. */
export async function listMemberships(
  db: Kysely<DB>,
  personId: string,
): Promise<Array<{ teamId: string; teamName: string; validFrom: string; validTo: string | null }>> {
  return db
    .selectFrom("teamMembership as m")
    .innerJoin("team", "team.id", "m.teamId")
    .select(["m.teamId", "team.name as teamName", "m.validFrom", "m.validTo"])
    .where("m.personId", "=", personId)
    .orderBy("m.validFrom", "desc")
    .execute();
}
