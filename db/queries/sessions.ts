import { CompiledQuery, type Kysely } from "kysely";
import { namedStatement } from "../client";
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
  /** The person's own language, and their organisation's default (migration 0038). */
  language: string | null;
  defaultLanguage: string;
}

export async function insertSession(db: Kysely<DB>, session: { id: string; secretHash: Uint8Array; personId: string; organisationId: string; expiresAt: Date }): Promise<void> {
  await db.insertInto("session").values(session).execute();
}

/**
 * A session joined with its person and organisation, in one query (it runs on every request, and on every
 * ballot signature request): written out, and a named prepared statement on PostgreSQL (ADR 045).
 */
export async function findSessionWithPerson(db: Kysely<DB>, id: string): Promise<SessionWithPerson | undefined> {
  const result = await db.executeQuery<SessionWithPerson>(CompiledQuery.raw(FIND_SESSION, [id]));
  return result.rows[0];
}

const FIND_SESSION = namedStatement(
  "find_session",
  `select s.id, s.secret_hash as "secretHash", s.expires_at as "expiresAt", s.person_id as "personId", s.organisation_id as "organisationId",
    o.slug as "organisationSlug", o.name as "organisationName", p.email, p.name, p.role, p.active,
    p.language, o.default_language as "defaultLanguage"
  from session s join person p on p.id = s.person_id join organisation o on o.id = s.organisation_id
  where s.id = $1`,
);

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
