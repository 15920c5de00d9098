import { sql, type Kysely } from "kysely";
import type { DB, SsoConnectionRow } from "../schema";

/** Every SSO connection of an organisation (a handful), oldest first. */
export async function listSsoConnections(db: Kysely<DB>, organisationId: string): Promise<SsoConnectionRow[]> {
  return db.selectFrom("ssoConnection").selectAll().where("organisationId", "=", organisationId).orderBy("createdAt").limit(100).execute();
}

/** One connection of an organisation, or undefined (also for another organisation's). */
export async function findSsoConnection(db: Kysely<DB>, organisationId: string, id: string): Promise<SsoConnectionRow | undefined> {
  return db.selectFrom("ssoConnection").selectAll().where("organisationId", "=", organisationId).where("id", "=", id).executeTakeFirst();
}

/** A connection by its id alone, for the sign-in flow (which starts signed out), with its organisation's name. */
export async function findSsoConnectionForSignIn(db: Kysely<DB>, id: string): Promise<(SsoConnectionRow & { organisationName: string }) | undefined> {
  return db
    .selectFrom("ssoConnection")
    .innerJoin("organisation", "organisation.id", "ssoConnection.organisationId")
    .selectAll("ssoConnection")
    .select("organisation.name as organisationName")
    .where("ssoConnection.id", "=", id)
    .executeTakeFirst();
}

/** Switched-on connections covering an email domain, in every organisation, for the login page. */
export async function findEnabledConnectionsForDomain(
  db: Kysely<DB>,
  domain: string,
): Promise<Array<{ id: string; kind: "oidc" | "saml"; name: string; organisationId: string; organisationName: string }>> {
  return db
    .selectFrom("ssoConnection")
    .innerJoin("organisation", "organisation.id", "ssoConnection.organisationId")
    .select(["ssoConnection.id", "ssoConnection.kind", "ssoConnection.name", "ssoConnection.organisationId", "organisation.name as organisationName"])
    .where("ssoConnection.enabled", "=", true)
    .where(sql<boolean>`${domain}::text = any(sso_connection.email_domains)`)
    .orderBy("organisation.name")
    .orderBy("ssoConnection.name")
    .limit(20)
    .execute();
}

/** Domains already claimed by another organisation's connections (a domain belongs to one organisation). */
export async function findDomainsClaimedElsewhere(db: Kysely<DB>, organisationId: string, domains: readonly string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .selectFrom("ssoConnection")
    .select(sql<string>`unnest(email_domains)`.as("domain"))
    .where("organisationId", "<>", organisationId)
    .execute();
  const claimed = new Set(rows.map((r) => r.domain));
  return domains.filter((d) => claimed.has(d));
}

export interface SsoConnectionValues {
  kind: "oidc" | "saml";
  name: string;
  emailDomains: string[];
  enabled: boolean;
  oidcIssuer?: string | null;
  oidcClientId?: string | null;
  oidcClientSecretSealed?: Uint8Array | null;
  samlIdpEntityId?: string | null;
  samlIdpSsoUrl?: string | null;
  samlIdpCertificates?: string | null;
}

export async function insertSsoConnection(db: Kysely<DB>, organisationId: string, values: SsoConnectionValues & { id?: string }, at: Date): Promise<SsoConnectionRow> {
  return db
    .insertInto("ssoConnection")
    .values({ ...values, organisationId, createdAt: at, updatedAt: at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSsoConnection(db: Kysely<DB>, organisationId: string, id: string, values: Partial<SsoConnectionValues>, at: Date): Promise<void> {
  await db
    .updateTable("ssoConnection")
    .set({ ...values, updatedAt: at })
    .where("organisationId", "=", organisationId)
    .where("id", "=", id)
    .execute();
}

export async function markSsoConnectionTested(db: Kysely<DB>, organisationId: string, id: string, at: Date): Promise<void> {
  await db.updateTable("ssoConnection").set({ lastTestedAt: at }).where("organisationId", "=", organisationId).where("id", "=", id).execute();
}

export async function deleteSsoConnection(db: Kysely<DB>, organisationId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("ssoConnection").where("organisationId", "=", organisationId).where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The person tied to a provider account on this connection, with what sign-in needs to know of them. */
export async function findPersonBySsoSubject(db: Kysely<DB>, connectionId: string, subject: string) {
  return db
    .selectFrom("ssoIdentity")
    .innerJoin("person", "person.id", "ssoIdentity.personId")
    .select(["ssoIdentity.id as identityId", "person.id", "person.organisationId", "person.email", "person.name", "person.active", "person.erasedAt"])
    .where("ssoIdentity.connectionId", "=", connectionId)
    .where("ssoIdentity.subject", "=", subject)
    .executeTakeFirst();
}

/** The provider subject a person is tied to on a connection, if any. */
export async function findSsoSubjectOfPerson(db: Kysely<DB>, connectionId: string, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom("ssoIdentity").select("subject").where("connectionId", "=", connectionId).where("personId", "=", personId).executeTakeFirst();
  return row?.subject;
}

export async function insertSsoIdentity(db: Kysely<DB>, values: { organisationId: string; connectionId: string; personId: string; subject: string }, at: Date): Promise<void> {
  await db
    .insertInto("ssoIdentity")
    .values({ ...values, createdAt: at, lastSignInAt: at })
    .execute();
}

export async function touchSsoIdentity(db: Kysely<DB>, identityId: string, at: Date): Promise<void> {
  await db.updateTable("ssoIdentity").set({ lastSignInAt: at }).where("id", "=", identityId).execute();
}

/** How many people are tied to each connection of an organisation. */
export async function countSsoIdentities(db: Kysely<DB>, organisationId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("ssoIdentity")
    .select(["connectionId", sql<string>`count(*)`.as("people")])
    .where("organisationId", "=", organisationId)
    .groupBy("connectionId")
    .execute();
  return new Map(rows.map((r) => [r.connectionId, Number(r.people)]));
}

export interface SsoPolicy {
  ssoRequired: boolean;
  ssoCreateAccounts: boolean;
  ssoBreakGlassPersonId: string | null;
}

export async function findSsoPolicy(db: Kysely<DB>, organisationId: string): Promise<SsoPolicy | undefined> {
  return db.selectFrom("organisation").select(["ssoRequired", "ssoCreateAccounts", "ssoBreakGlassPersonId"]).where("id", "=", organisationId).executeTakeFirst();
}

export async function updateSsoPolicy(db: Kysely<DB>, organisationId: string, policy: SsoPolicy): Promise<void> {
  await db.updateTable("organisation").set(policy).where("id", "=", organisationId).execute();
}

/** Active admins of an organisation (the break-glass choice), by name. */
export async function listActiveAdmins(db: Kysely<DB>, organisationId: string): Promise<Array<{ id: string; name: string; email: string }>> {
  return db
    .selectFrom("person")
    .select(["id", "name", "email"])
    .where("organisationId", "=", organisationId)
    .where("role", "=", "admin")
    .where("active", "=", true)
    .where("erasedAt", "is", null)
    .orderBy("name")
    .limit(500)
    .execute();
}
