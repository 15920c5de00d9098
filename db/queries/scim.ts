import { sql, type Kysely, type RawBuilder } from "kysely";
import type { ScimCondition, ScimGroupField, ScimUserField } from "../../app/domain/scim";
import type { DB, Role } from "../schema";

// SCIM provisioning (ADR 044): its tokens, what it keeps beside people and teams, its request log, and the
// filtered, paged lists of people and teams it answers with.

// --- Tokens -------------------------------------------------------------------------------------------------

export async function insertScimToken(db: Kysely<DB>, token: { id: string; organisationId: string; name: string; secretHash: Uint8Array; createdBy: string }): Promise<void> {
  await db.insertInto("scimToken").values(token).execute();
}

export async function listScimTokens(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("scimToken")
    .leftJoin("person", "person.id", "scimToken.createdBy")
    .select(["scimToken.id", "scimToken.name", "scimToken.createdAt", "scimToken.lastUsedAt", "scimToken.revokedAt", "person.name as createdByName"])
    .where("scimToken.organisationId", "=", organisationId)
    .orderBy("scimToken.createdAt", "desc")
    .execute();
}

export async function findScimToken(db: Kysely<DB>, id: string) {
  return db.selectFrom("scimToken").select(["id", "organisationId", "secretHash", "revokedAt", "lastUsedAt"]).where("id", "=", id).executeTakeFirst();
}

export async function revokeScimToken(db: Kysely<DB>, organisationId: string, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("scimToken")
    .set({ revokedAt: at })
    .where("id", "=", id)
    .where("organisationId", "=", organisationId)
    .where("revokedAt", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Counts a request in the token's fixed window (one statement, safe under concurrency), and notes its last
 * use: a window older than `windowMs` starts again at 1. Returns the count and when the window started.
 */
export async function countScimRequest(db: Kysely<DB>, tokenId: string, now: Date, windowMs: number): Promise<{ requests: number; windowStart: Date }> {
  const expired = new Date(now.getTime() - windowMs);
  const row = await db
    .updateTable("scimToken")
    .set({
      windowRequests: sql<number>`case when window_start is null or window_start <= ${expired} then 1 else window_requests + 1 end`,
      windowStart: sql<Date>`case when window_start is null or window_start <= ${expired} then ${now} else window_start end`,
      lastUsedAt: now,
    })
    .where("id", "=", tokenId)
    .returning(["windowRequests", "windowStart"])
    .executeTakeFirstOrThrow();
  return { requests: row.windowRequests, windowStart: new Date(row.windowStart!) };
}

// --- Conditions -------------------------------------------------------------------------------------------

/** A resolved SCIM filter as SQL over the given columns; `exact` columns compare case-sensitively (ids, externalId). */
function conditionSql<F extends string>(c: ScimCondition<F>, column: (f: F) => RawBuilder<unknown>, exact: (f: F) => boolean): RawBuilder<boolean> {
  switch (c.kind) {
    case "const":
      return c.value ? sql<boolean>`true` : sql<boolean>`false`;
    case "and":
      return sql<boolean>`(${conditionSql(c.left, column, exact)} and ${conditionSql(c.right, column, exact)})`;
    case "or":
      return sql<boolean>`(${conditionSql(c.left, column, exact)} or ${conditionSql(c.right, column, exact)})`;
    case "not":
      return sql<boolean>`((${conditionSql(c.inner, column, exact)}) is not true)`;
    case "present":
      return sql<boolean>`(${column(c.field)} is not null and ${column(c.field)}::text <> '')`;
    case "field": {
      const col = column(c.field);
      if (typeof c.value === "boolean") return c.op === "eq" ? sql<boolean>`${col} = ${c.value}` : sql<boolean>`${col} is distinct from ${c.value}`;
      const left = exact(c.field) ? sql`${col}::text` : sql`lower(${col}::text)`;
      const value = exact(c.field) ? c.value : c.value.toLowerCase();
      switch (c.op) {
        case "eq":
          return sql<boolean>`${left} = ${value}`;
        case "ne":
          return sql<boolean>`(${left} = ${value}) is not true`;
        case "co":
          return sql<boolean>`strpos(${left}, ${value}) > 0`;
        case "sw":
          return sql<boolean>`left(${left}, ${value.length}) = ${value}`;
        case "ew":
          return sql<boolean>`right(${left}, ${value.length}) = ${value}`;
      }
    }
  }
}

// --- Users ---------------------------------------------------------------------------------------------------

export interface ScimPersonRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: Date;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  updatedAt: Date | null;
  /** Their current team, when it is a SCIM group. */
  teamId: string | null;
  teamName: string | null;
}

const USER_COLUMNS: Record<ScimUserField, RawBuilder<unknown>> = {
  id: sql`p.id`,
  userName: sql`p.email`,
  externalId: sql`s.external_id`,
  name: sql`p.name`,
  givenName: sql`s.given_name`,
  familyName: sql`s.family_name`,
  active: sql`p.active`,
};

function scimPeople(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("person as p")
    .leftJoin("scimUser as s", "s.personId", "p.id")
    .leftJoin("teamMembership as m", (join) => join.onRef("m.personId", "=", "p.id").on("m.validTo", "is", null))
    .leftJoin("team as t", "t.id", "m.teamId")
    .leftJoin("scimGroup as g", "g.teamId", "t.id")
    .where("p.organisationId", "=", organisationId)
    .where("p.erasedAt", "is", null)
    .where("s.deletedAt", "is", null);
}

const personColumns = [
  "p.id",
  "p.email",
  "p.name",
  "p.role",
  "p.active",
  "p.createdAt",
  "s.externalId",
  "s.givenName",
  "s.familyName",
  "s.updatedAt",
  sql<string | null>`case when g.deleted_at is null then t.id end`.as("teamId"),
  sql<string | null>`case when g.deleted_at is null then t.name end`.as("teamName"),
] as const;

/** One page of the organisation's people (erased ones are no longer people) that match, oldest first, and how many match in all. */
export async function listScimPeople(
  db: Kysely<DB>,
  organisationId: string,
  condition: ScimCondition<ScimUserField> | null,
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: ScimPersonRow[] }> {
  const where = condition
    ? conditionSql(
        condition,
        (f) => USER_COLUMNS[f],
        (f) => f === "id" || f === "externalId",
      )
    : sql<boolean>`true`;
  const base = scimPeople(db, organisationId).where(where);
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = page.limit === 0 ? [] : await base.select(personColumns).orderBy("p.createdAt").orderBy("p.id").offset(page.offset).limit(page.limit).execute();
  return { total: Number(total.n), rows: rows as ScimPersonRow[] };
}

export async function findScimPerson(db: Kysely<DB>, organisationId: string, personId: string): Promise<ScimPersonRow | undefined> {
  return (await scimPeople(db, organisationId).select(personColumns).where("p.id", "=", personId).executeTakeFirst()) as ScimPersonRow | undefined;
}

/** The person (other than `exceptPersonId`) whose externalId this is, if any. */
export async function findPersonByExternalId(db: Kysely<DB>, organisationId: string, externalId: string, exceptPersonId: string | null): Promise<string | undefined> {
  let query = db.selectFrom("scimUser").select("personId").where("organisationId", "=", organisationId).where("externalId", "=", externalId);
  if (exceptPersonId) query = query.where("personId", "<>", exceptPersonId);
  return (await query.executeTakeFirst())?.personId;
}

export async function upsertScimUser(
  db: Kysely<DB>,
  row: { personId: string; organisationId: string; externalId: string | null; givenName: string | null; familyName: string | null; updatedAt: Date; deletedAt: Date | null },
): Promise<void> {
  await db
    .insertInto("scimUser")
    .values(row)
    .onConflict((oc) =>
      oc.column("personId").doUpdateSet({ externalId: row.externalId, givenName: row.givenName, familyName: row.familyName, updatedAt: row.updatedAt, deletedAt: row.deletedAt }),
    )
    .execute();
}

/** The person with this address, and whether a provider deleted them over SCIM (creating them again brings them back). */
export async function findPersonForScim(db: Kysely<DB>, organisationId: string, email: string) {
  return db
    .selectFrom("person as p")
    .leftJoin("scimUser as s", "s.personId", "p.id")
    .select(["p.id", "p.active", "p.erasedAt", "s.deletedAt"])
    .where("p.organisationId", "=", organisationId)
    .where(sql`lower(p.email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

/** How many active admins the organisation has besides `personId`: SCIM never deactivates the last one. */
export async function countOtherActiveAdmins(db: Kysely<DB>, organisationId: string, personId: string): Promise<number> {
  const row = await db
    .selectFrom("person")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organisationId", "=", organisationId)
    .where("role", "=", "admin")
    .where("active", "=", true)
    .where("id", "<>", personId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What SCIM keeps of one person, for their own data download. */
export async function findScimUser(db: Kysely<DB>, organisationId: string, personId: string) {
  return db
    .selectFrom("scimUser")
    .select(["externalId", "givenName", "familyName", "updatedAt", "deletedAt"])
    .where("organisationId", "=", organisationId)
    .where("personId", "=", personId)
    .executeTakeFirst();
}

// --- Groups ------------------------------------------------------------------------------------------------

export interface ScimTeamRow {
  id: string;
  name: string;
  createdAt: Date;
  externalId: string | null;
}

const GROUP_COLUMNS: Record<Exclude<ScimGroupField, "member">, RawBuilder<unknown>> = {
  id: sql`t.id`,
  displayName: sql`t.name`,
  externalId: sql`g.external_id`,
};

/** A condition on teams, where a comparison on a member asks whether the team has a current member (not erased) whose id compares so. */
function groupCondition(condition: ScimCondition<ScimGroupField>): RawBuilder<boolean> {
  const member = (inner: ScimCondition<"memberId">) =>
    sql<boolean>`exists (select 1 from team_membership mm join person mp on mp.id = mm.person_id
      where mm.team_id = t.id and mm.valid_to is null and mp.erased_at is null and ${conditionSql(
        inner,
        () => sql`mm.person_id`,
        () => false,
      )})`;
  return rewriteMember(condition, member);
}

/** The condition with each comparison on a member made an `exists` over the team's current members. */
function rewriteMember(c: ScimCondition<ScimGroupField>, member: (inner: ScimCondition<"memberId">) => RawBuilder<boolean>): RawBuilder<boolean> {
  const plain = (x: ScimCondition<ScimGroupField>) =>
    conditionSql(
      x,
      (f) => GROUP_COLUMNS[f as Exclude<ScimGroupField, "member">],
      (f) => f === "id" || f === "externalId",
    );
  switch (c.kind) {
    case "and":
      return sql<boolean>`(${rewriteMember(c.left, member)} and ${rewriteMember(c.right, member)})`;
    case "or":
      return sql<boolean>`(${rewriteMember(c.left, member)} or ${rewriteMember(c.right, member)})`;
    case "not":
      return sql<boolean>`((${rewriteMember(c.inner, member)}) is not true)`;
    case "field":
      return c.field === "member" ? member({ ...c, field: "memberId" }) : plain(c);
    case "present":
      return c.field === "member" ? member({ kind: "const", value: true }) : plain(c);
    case "const":
      return plain(c);
  }
}

function scimTeams(db: Kysely<DB>, organisationId: string) {
  return db.selectFrom("team as t").leftJoin("scimGroup as g", "g.teamId", "t.id").where("t.organisationId", "=", organisationId).where("g.deletedAt", "is", null);
}

/** One page of the organisation's teams that are SCIM groups (every team but those a provider deleted), oldest first. */
export async function listScimTeams(
  db: Kysely<DB>,
  organisationId: string,
  condition: ScimCondition<ScimGroupField> | null,
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: ScimTeamRow[] }> {
  const base = scimTeams(db, organisationId).where(condition ? groupCondition(condition) : sql<boolean>`true`);
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows =
    page.limit === 0
      ? []
      : await base.select(["t.id", "t.name", "t.createdAt", "g.externalId"]).orderBy("t.createdAt").orderBy("t.id").offset(page.offset).limit(page.limit).execute();
  return { total: Number(total.n), rows };
}

export async function findScimTeam(db: Kysely<DB>, organisationId: string, teamId: string): Promise<ScimTeamRow | undefined> {
  return scimTeams(db, organisationId).select(["t.id", "t.name", "t.createdAt", "g.externalId"]).where("t.id", "=", teamId).executeTakeFirst();
}

/** A team a provider deleted, by name (creating a group of that name again brings it back). */
export async function findDeletedScimTeamByName(db: Kysely<DB>, organisationId: string, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("team as t")
    .innerJoin("scimGroup as g", "g.teamId", "t.id")
    .select("t.id")
    .where("t.organisationId", "=", organisationId)
    .where("g.deletedAt", "is not", null)
    .where(sql`lower(t.name)`, "=", name.trim().toLowerCase())
    .executeTakeFirst();
  return row?.id;
}

/** The current members (not erased) of some teams, by team, as SCIM lists them. */
export async function listScimMembers(db: Kysely<DB>, organisationId: string, teamIds: readonly string[]): Promise<Map<string, Array<{ id: string; email: string }>>> {
  const byTeam = new Map<string, Array<{ id: string; email: string }>>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .selectFrom("teamMembership as m")
    .innerJoin("person as p", "p.id", "m.personId")
    .select(["m.teamId", "p.id", "p.email"])
    .where("m.organisationId", "=", organisationId)
    .where("m.teamId", "in", [...teamIds])
    .where("m.validTo", "is", null)
    .where("p.erasedAt", "is", null)
    .orderBy("p.createdAt")
    .execute();
  for (const row of rows) byTeam.get(row.teamId)?.push({ id: row.id, email: row.email });
  return byTeam;
}

/** Which of these ids are people of the organisation (not erased). */
export async function existingPeople(db: Kysely<DB>, organisationId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("person")
    .select("id")
    .where("organisationId", "=", organisationId)
    .where("erasedAt", "is", null)
    .where("id", "in", [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function upsertScimGroup(db: Kysely<DB>, row: { teamId: string; organisationId: string; externalId: string | null; deletedAt: Date | null }): Promise<void> {
  await db
    .insertInto("scimGroup")
    .values(row)
    .onConflict((oc) => oc.column("teamId").doUpdateSet({ externalId: row.externalId, deletedAt: row.deletedAt }))
    .execute();
}

// --- Request log -------------------------------------------------------------------------------------------

/** How many requests the log keeps per organisation, and for how long. */
export const SCIM_LOG_KEEP = 100;
export const SCIM_LOG_DAYS = 30;

/** Logs one request and trims the organisation's log to its newest SCIM_LOG_KEEP rows within SCIM_LOG_DAYS. */
export async function insertScimRequest(
  db: Kysely<DB>,
  row: { organisationId: string; tokenId: string; occurredAt: Date; method: string; path: string; status: number; personId: string | null; received: unknown; outcome: string },
): Promise<void> {
  await db
    .insertInto("scimRequest")
    .values({ ...row, received: row.received === undefined ? null : JSON.stringify(row.received) })
    .execute();
  const cutoff = new Date(row.occurredAt.getTime() - SCIM_LOG_DAYS * 86_400_000);
  await sql`delete from scim_request where organisation_id = ${row.organisationId} and (occurred_at < ${cutoff} or id <= (
      select id from scim_request where organisation_id = ${row.organisationId} order by id desc offset ${SCIM_LOG_KEEP} limit 1))`.execute(db);
}

export async function listScimRequests(db: Kysely<DB>, organisationId: string, limit: number) {
  return db
    .selectFrom("scimRequest")
    .select(["id", "occurredAt", "method", "path", "status", "received", "outcome"])
    .where("organisationId", "=", organisationId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/**
 * Erasure (ADR 037, ADR 044): what SCIM kept that names the person: their scim_user row, and the logged
 * requests about them or that quote their address, name or externalId.
 */
export async function eraseScimSubject(db: Kysely<DB>, target: { organisationId: string; personId: string; needles: readonly string[] }): Promise<number> {
  const kept = await db
    .selectFrom("scimUser")
    .select(["externalId", "givenName", "familyName"])
    .where("organisationId", "=", target.organisationId)
    .where("personId", "=", target.personId)
    .executeTakeFirst();
  const needles = [...target.needles, ...[kept?.externalId, kept?.givenName, kept?.familyName].filter((s): s is string => Boolean(s))]
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length >= 3);
  await db.deleteFrom("scimUser").where("organisationId", "=", target.organisationId).where("personId", "=", target.personId).execute();
  const quoted = needles.map((n) => sql<boolean>`strpos(lower(coalesce(received::text, '') || ' ' || outcome || ' ' || path), ${n}) > 0`);
  const result = await db
    .deleteFrom("scimRequest")
    .where("organisationId", "=", target.organisationId)
    .where((eb) => eb.or([eb("personId", "=", target.personId), ...quoted]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
