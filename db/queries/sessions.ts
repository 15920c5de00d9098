import type { Kysely } from "kysely";
import type { DB, Role } from "../schema";

export interface SessionWithPerson {
  id: string;
  secretHash: Uint8Array;
  expiresAt: Date;
  personId: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
}

export async function insertSession(db: Kysely<DB>, session: { id: string; secretHash: Uint8Array; personId: string; organisationId: string; expiresAt: Date }): Promise<void> {
  await db.insertInto("session").values(session).execute();
}

/** A session joined with its person and organisation, in one query (it runs on every request). */
export async function findSessionWithPerson(db: Kysely<DB>, id: string): Promise<SessionWithPerson | undefined> {
  return db
    .selectFrom("session")
    .innerJoin("person", "person.id", "session.personId")
    .innerJoin("organisation", "organisation.id", "session.organisationId")
    .select([
      "session.id",
      "session.secretHash",
      "session.expiresAt",
      "session.personId",
      "session.organisationId",
      "organisation.slug as organisationSlug",
      "organisation.name as organisationName",
      "person.email",
      "person.name",
      "person.role",
      "person.active",
    ])
    .where("session.id", "=", id)
    .executeTakeFirst();
}

export async function extendSession(db: Kysely<DB>, id: string, expiresAt: Date): Promise<void> {
  await db.updateTable("session").set({ expiresAt }).where("id", "=", id).execute();
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("session").where("id", "=", id).execute();
}

/** Deletes every session of a person (but `except`, when given); returns how many ended. */
export async function deleteSessionsOfPerson(db: Kysely<DB>, personId: string, except?: string): Promise<number> {
  let query = db.deleteFrom("session").where("personId", "=", personId);
  if (except) query = query.where("id", "<>", except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
