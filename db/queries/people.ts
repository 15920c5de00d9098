import { sql, type Kysely } from "kysely";
import type { DB, PersonRow, Role } from "../schema";

/** A person with their current team (if any). */
export interface PersonWithTeam {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  hasPassword: boolean;
  /** Erased (ADR 037): the row is a tombstone that keeps references whole. */
  erased: boolean;
  teamId: string | null;
  teamName: string | null;
}

function personWithTeam(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("person")
    .leftJoin("teamMembership as m", (join) => join.onRef("m.personId", "=", "person.id").on("m.validTo", "is", null))
    .leftJoin("team", "team.id", "m.teamId")
    .select([
      "person.id",
      "person.email",
      "person.name",
      "person.role",
      "person.active",
      sql<boolean>`person.password_hash is not null`.as("hasPassword"),
      sql<boolean>`person.erased_at is not null`.as("erased"),
      "team.id as teamId",
      "team.name as teamName",
    ])
    .where("person.organisationId", "=", organisationId);
}

/** People of an organisation (erased ones are no longer people), optionally filtered by a search over name and email, active first then by name. */
export async function listPeople(db: Kysely<DB>, organisationId: string, filter: { search?: string; teamId?: string; limit?: number } = {}): Promise<PersonWithTeam[]> {
  let query = personWithTeam(db, organisationId).where("person.erasedAt", "is", null);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("person.name", "ilike", pattern), eb("person.email", "ilike", pattern)]));
  }
  if (filter.teamId) query = query.where("team.id", "=", filter.teamId);
  return query
    .orderBy("person.active", "desc")
    .orderBy("person.name")
    .limit(filter.limit ?? 500)
    .execute();
}

export async function findPersonWithTeam(db: Kysely<DB>, organisationId: string, personId: string): Promise<PersonWithTeam | undefined> {
  return personWithTeam(db, organisationId).where("person.id", "=", personId).executeTakeFirst();
}

export async function findPersonByEmail(db: Kysely<DB>, organisationId: string, email: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom("person")
    .selectAll()
    .where("organisationId", "=", organisationId)
    .where(sql`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

/** Active people with this email in any organisation, with their password hash, for sign-in. */
export async function findSignInCandidates(
  db: Kysely<DB>,
  email: string,
): Promise<Array<{ id: string; organisationId: string; organisationName: string; passwordHash: string | null; language: string | null; defaultLanguage: string }>> {
  return db
    .selectFrom("person")
    .innerJoin("organisation", "organisation.id", "person.organisationId")
    .select(["person.id", "person.organisationId", "organisation.name as organisationName", "person.passwordHash", "person.language", "organisation.defaultLanguage"])
    .where(sql`lower(person.email)`, "=", email.trim().toLowerCase())
    .where("person.active", "=", true)
    .orderBy("organisation.name")
    .execute();
}

export async function findPerson(db: Kysely<DB>, organisationId: string, personId: string): Promise<PersonRow | undefined> {
  return db.selectFrom("person").selectAll().where("organisationId", "=", organisationId).where("id", "=", personId).executeTakeFirst();
}

export async function insertPerson(
  db: Kysely<DB>,
  values: { organisationId: string; email: string; name: string; role: Role; passwordHash?: string | null; language?: string | null },
): Promise<PersonRow> {
  return db.insertInto("person").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updatePerson(
  db: Kysely<DB>,
  organisationId: string,
  personId: string,
  values: Partial<{ name: string; role: Role; active: boolean; deactivatedAt: Date | null; passwordHash: string; passwordChangedAt: Date }>,
): Promise<void> {
  await db.updateTable("person").set(values).where("organisationId", "=", organisationId).where("id", "=", personId).execute();
}

/** Changes a person's email address (their sign-in name); the unique index refuses one another person has. */
export async function updatePersonEmail(db: Kysely<DB>, organisationId: string, personId: string, email: string): Promise<void> {
  await db.updateTable("person").set({ email }).where("organisationId", "=", organisationId).where("id", "=", personId).execute();
}

/** Every person of an organisation (erased ones aside) with their current team id, for roster planning. */
export async function listPeopleForRoster(
  db: Kysely<DB>,
  organisationId: string,
): Promise<Array<{ id: string; email: string; name: string; role: Role; active: boolean; teamId: string | null; language: string | null }>> {
  return db
    .selectFrom("person")
    .leftJoin("teamMembership as m", (join) => join.onRef("m.personId", "=", "person.id").on("m.validTo", "is", null))
    .select(["person.id", "person.email", "person.name", "person.role", "person.active", "m.teamId", "person.language"])
    .where("person.organisationId", "=", organisationId)
    .where("person.erasedAt", "is", null)
    .execute();
}

/** A person's own language and their organisation's default (ADR 055); undefined for no such person. */
export async function findPersonLanguage(db: Kysely<DB>, personId: string): Promise<{ language: string | null; defaultLanguage: string } | undefined> {
  return db
    .selectFrom("person")
    .innerJoin("organisation", "organisation.id", "person.organisationId")
    .select(["person.language", "organisation.defaultLanguage"])
    .where("person.id", "=", personId)
    .executeTakeFirst();
}

/** Sets (or, with null, clears) a person's own language. */
export async function setPersonLanguage(db: Kysely<DB>, personId: string, language: string | null): Promise<void> {
  await db.updateTable("person").set({ language }).where("id", "=", personId).execute();
}
