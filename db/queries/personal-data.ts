import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";
import { organisationDeals } from "./crm";

// What Candor holds about one person, for their own download (ADR 037). Every read names the person and
// their organisation, and is bounded: a list stops at `limit` rows and the service says so.

export async function personalProfile(db: Kysely<DB>, organisationId: string, personId: string) {
  return db
    .selectFrom("person")
    .innerJoin("organisation as o", "o.id", "person.organisationId")
    .select([
      "person.id",
      "person.name",
      "person.email",
      "person.role",
      "person.active",
      "person.createdAt",
      "person.passwordChangedAt",
      "person.deactivatedAt",
      sql<boolean>`person.password_hash is not null`.as("hasPassword"),
      "o.name as organisationName",
      "o.slug as organisationSlug",
    ])
    .where("person.organisationId", "=", organisationId)
    .where("person.id", "=", personId)
    .executeTakeFirst();
}

export async function personalMemberships(db: Kysely<DB>, personId: string, limit: number) {
  return db
    .selectFrom("teamMembership as m")
    .innerJoin("team", "team.id", "m.teamId")
    .select(["team.name as team", "m.validFrom", "m.validTo"])
    .where("m.personId", "=", personId)
    .orderBy("m.validFrom")
    .limit(limit)
    .execute();
}

export async function personalMembershipEvents(db: Kysely<DB>, organisationId: string, personId: string, limit: number) {
  return db
    .selectFrom("teamMembershipEvent as e")
    .innerJoin("team", "team.id", "e.teamId")
    .select(["team.name as team", "e.kind", "e.source", "e.occurredAt"])
    .where("e.organisationId", "=", organisationId)
    .where("e.personId", "=", personId)
    .orderBy("e.id")
    .limit(limit)
    .execute();
}

/** The pulses that asked the person, with their team then and whether they took part (known once a pulse closes). */
export async function personalPulses(db: Kysely<DB>, personId: string, limit: number) {
  return db
    .selectFrom("waveAudience as a")
    .innerJoin("wave", "wave.id", "a.waveId")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .innerJoin("team", "team.id", "a.teamId")
    .leftJoin("participation as part", (j) => j.onRef("part.waveId", "=", "a.waveId").onRef("part.personId", "=", "a.personId"))
    .select((eb) => [
      "wave.id as waveId",
      "p.name as program",
      "wave.periodStart",
      "wave.status",
      "team.name as team",
      "part.answered",
      eb.selectFrom("waveLink as l").select(eb.fn.countAll<number>().as("n")).whereRef("l.waveId", "=", "a.waveId").whereRef("l.personId", "=", "a.personId").as("personalLinks"),
    ])
    .where("a.personId", "=", personId)
    .orderBy("wave.periodStart")
    .limit(limit)
    .execute();
}

export async function personalSessions(db: Kysely<DB>, personId: string, limit: number) {
  return db.selectFrom("session").select(["createdAt", "expiresAt"]).where("personId", "=", personId).orderBy("createdAt").limit(limit).execute();
}

export async function personalAccountLinks(db: Kysely<DB>, personId: string, limit: number) {
  return db.selectFrom("authToken").select(["purpose", "createdAt", "expiresAt", "usedAt"]).where("personId", "=", personId).orderBy("createdAt").limit(limit).execute();
}

/** The person's own self-assessments as a team's manager (identified by design), with their answers. */
export async function personalSelfAssessments(db: Kysely<DB>, personId: string, limit: number) {
  const assessments = await db
    .selectFrom("selfAssessment as s")
    .innerJoin("wave", "wave.id", "s.waveId")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .innerJoin("team", "team.id", "s.teamId")
    .select(["s.waveId", "s.teamId", "p.name as program", "wave.periodStart", "team.name as team", "s.submittedAt", "s.updatedAt"])
    .where("s.managerId", "=", personId)
    .orderBy("wave.periodStart")
    .limit(limit)
    .execute();
  if (assessments.length === 0) return [];
  const answers = await db
    .selectFrom("selfAssessmentAnswer as a")
    .innerJoin("selfAssessment as s", (j) => j.onRef("s.waveId", "=", "a.waveId").onRef("s.teamId", "=", "a.teamId"))
    .innerJoin("item", "item.id", "a.itemId")
    .select(["a.waveId", "a.teamId", "item.code", "item.managerText", "item.text", "a.value"])
    .where("s.managerId", "=", personId)
    .orderBy("item.position")
    .execute();
  return assessments.map((s) => ({
    ...s,
    answers: answers.filter((a) => a.waveId === s.waveId && a.teamId === s.teamId).map((a) => ({ code: a.code, question: a.managerText ?? a.text, value: a.value })),
  }));
}

/** Action plans the person wrote, or whose owner field is their name or email address. */
export async function personalActionPlans(db: Kysely<DB>, person: { organisationId: string; id: string; name: string; email: string }, limit: number) {
  return db
    .selectFrom("actionPlan as ap")
    .innerJoin("team", "team.id", "ap.teamId")
    .select([
      "team.name as team",
      "ap.dimensionKey",
      "ap.action",
      "ap.owner",
      "ap.reviewOn",
      "ap.status",
      "ap.outcomeNote",
      "ap.createdAt",
      "ap.updatedAt",
      sql<boolean>`ap.created_by is not distinct from ${person.id}::uuid`.as("wroteIt"),
    ])
    .where("ap.organisationId", "=", person.organisationId)
    .where((eb) => eb.or([eb("ap.createdBy", "=", person.id), eb(sql`lower(trim(ap.owner))`, "in", [person.name.trim().toLowerCase(), person.email.trim().toLowerCase()])]))
    .orderBy("ap.createdAt")
    .limit(limit)
    .execute();
}

export async function personalTrainings(db: Kysely<DB>, personId: string, limit: number) {
  return db
    .selectFrom("trainingParticipant as tp")
    .innerJoin("trainingCohort as c", "c.id", "tp.cohortId")
    .select(["c.name", "c.heldOn"])
    .where("tp.personId", "=", personId)
    .orderBy("c.heldOn")
    .limit(limit)
    .execute();
}

export async function personalApiTokens(db: Kysely<DB>, organisationId: string, personId: string, limit: number) {
  return db
    .selectFrom("apiToken")
    .select(["name", "createdAt", "lastUsedAt", "revokedAt"])
    .where("organisationId", "=", organisationId)
    .where("createdBy", "=", personId)
    .orderBy("createdAt")
    .limit(limit)
    .execute();
}

export async function personalCrmImports(db: Kysely<DB>, organisationId: string, personId: string, limit: number) {
  return db
    .selectFrom("crmSnapshot")
    .select(["fileName", "asOf", "importedAt", "rowCount"])
    .where("organisationId", "=", organisationId)
    .where("importedBy", "=", personId)
    .orderBy("importedAt")
    .limit(limit)
    .execute();
}

/** How many CRM deals of each snapshot have an owner text that counts for the person. */
export async function personalCrmDeals(db: Kysely<DB>, organisationId: string, ownerTexts: readonly string[]) {
  if (ownerTexts.length === 0) return [];
  // Counted on the organisation's partitions only (ADR 017), then named.
  const result = await sql<{ asOf: string; fileName: string; deals: number }>`
    select s.as_of, s.file_name, d.deals
    from (
      select o.snapshot_id, count(*)::int as deals from crm_opportunity o
      where ${await organisationDeals(db, organisationId)} and o.owner in (${sql.join([...ownerTexts])})
      group by o.snapshot_id
    ) d join crm_snapshot s on s.id = d.snapshot_id
    order by s.as_of, s.file_name`.execute(db);
  return result.rows;
}

/** Audit log entries the person made (ADR 036): what they did, by id, without other people's details. */
export async function personalAuditEntries(db: Kysely<DB>, organisationId: string, personId: string, limit: number) {
  return db
    .selectFrom("auditEntry")
    .select(["seq", "occurredAt", "action", "targetType", "targetId", "source", "before", "after"])
    .where("organisationId", "=", organisationId)
    .where("actorKind", "=", "person")
    .where("actorId", "=", personId)
    .orderBy("seq")
    .limit(limit)
    .execute();
}

/** The person's own details kept beside audit entries (their name or address before and after a change). */
export async function personalAuditDetails(db: Kysely<DB>, organisationId: string, personId: string, limit: number) {
  return db
    .selectFrom("auditPersonalDetail as d")
    .innerJoin("auditEntry as e", (j) => j.onRef("e.organisationId", "=", "d.organisationId").onRef("e.seq", "=", "d.seq"))
    .select(["e.seq", "e.occurredAt", "e.action", "d.data"])
    .where("d.organisationId", "=", organisationId)
    .where("d.personId", "=", personId)
    .orderBy("e.seq")
    .limit(limit)
    .execute();
}
