import { sql, type Kysely } from "kysely";
import type { DB, MailPurpose } from "../schema";

/** How many times the scheduler sends a failed email before leaving it to an admin. */
export const MAIL_ATTEMPTS = 3;

/**
 * Queues a pulse invitation for every person asked in the wave, in the transaction that opens it. Rows that
 * exist already are left alone, so queueing twice sends once.
 */
export async function queuePulseInvitations(db: Kysely<DB>, waveId: string, at: Date): Promise<void> {
  await sql`
    insert into mail_delivery (organisation_id, wave_id, purpose, person_id, team_id, day, status, created_at, updated_at)
    select w.organisation_id, a.wave_id, 'pulse-invitation', a.person_id, a.team_id, 0, 'pending', ${at}, ${at}
    from wave_audience a join wave w on w.id = a.wave_id
    where a.wave_id = ${waveId}
    on conflict do nothing`.execute(db);
}

/**
 * Queues a self-assessment mail for each manager of the wave who has not answered yet: the invitation when
 * the wave opens (day 0), a reminder on a reminder day. Managers' answers are identified, so who is
 * reminded may be recorded.
 */
export async function queueSelfAssessmentMails(
  db: Kysely<DB>,
  waveId: string,
  purpose: "self-assessment-invitation" | "self-assessment-reminder",
  day: number,
  at: Date,
): Promise<number> {
  const result = await sql`
    insert into mail_delivery (organisation_id, wave_id, purpose, person_id, team_id, day, status, created_at, updated_at)
    select s.organisation_id, s.wave_id, ${purpose}, s.manager_id, s.team_id, ${day}, 'pending', ${at}, ${at}
    from self_assessment s join person m on m.id = s.manager_id
    where s.wave_id = ${waveId} and s.submitted_at is null and m.active
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface DueDelivery {
  id: string;
  waveId: string;
  purpose: MailPurpose;
  personId: string;
  teamId: string;
}

/**
 * Emails to send now, of open waves only: queued ones, and failed ones whose next attempt is due (10 minutes
 * after the first failure, 20 after the second). `waveId` narrows it to one wave. At most `limit` rows.
 */
export async function listDueDeliveries(db: Kysely<DB>, now: Date, options: { waveId?: string; limit: number }): Promise<DueDelivery[]> {
  let query = db
    .selectFrom("mailDelivery as d")
    .innerJoin("wave", "wave.id", "d.waveId")
    .select(["d.id", "d.waveId", "d.purpose", "d.personId", "d.teamId"])
    .where("wave.status", "=", "open")
    .where("d.personId", "is not", null)
    .where((eb) =>
      eb.or([
        eb("d.status", "=", "pending"),
        eb.and([
          eb("d.status", "=", "failed"),
          eb("d.attempts", "<", MAIL_ATTEMPTS),
          eb("d.updatedAt", "<=", sql<Date>`${now}::timestamptz - make_interval(mins => 10 * d.attempts)`),
        ]),
      ]),
    );
  if (options.waveId) query = query.where("d.waveId", "=", options.waveId);
  const rows = await query.orderBy("d.createdAt").orderBy("d.id").limit(options.limit).execute();
  return rows.map((r) => ({ ...r, personId: r.personId!, teamId: r.teamId! }));
}

/**
 * Takes one email to send: true for exactly one caller, however many workers try at once. A queued or failed
 * row becomes 'sending' with one more attempt; `retry` also takes a failed row that used up its attempts
 * (an admin's "send again").
 */
export async function claimDelivery(db: Kysely<DB>, id: string, now: Date, retry = false): Promise<boolean> {
  const row = await db
    .updateTable("mailDelivery")
    .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), updatedAt: now }))
    .where("id", "=", id)
    .where((eb) =>
      retry ? eb("status", "in", ["pending", "failed"]) : eb.or([eb("status", "=", "pending"), eb.and([eb("status", "=", "failed"), eb("attempts", "<", MAIL_ATTEMPTS)])]),
    )
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishDelivery(db: Kysely<DB>, id: string, now: Date, error: string | null): Promise<void> {
  await db
    .updateTable("mailDelivery")
    .set({ status: error === null ? "sent" : "failed", lastError: error, updatedAt: now })
    .where("id", "=", id)
    .execute();
}

/**
 * Rows left 'sending' for over 10 minutes: the server stopped while sending them, and whether the mail left
 * is unknown. They become failed with their attempts used up, so no worker sends them again on its own (a
 * rep would rather miss one mail than get two); an admin sees them and can send them again.
 */
export async function failStaleDeliveries(db: Kysely<DB>, now: Date): Promise<number> {
  const rows = await db
    .updateTable("mailDelivery")
    .set({ status: "failed", attempts: MAIL_ATTEMPTS, lastError: "The server stopped while sending this email: it may not have gone out.", updatedAt: now })
    .where("status", "=", "sending")
    .where("updatedAt", "<", new Date(now.getTime() - 10 * 60_000))
    .returning("id")
    .execute();
  return rows.length;
}

/**
 * The outcome of each pulse reminder of one reminder day, recorded without its recipient (see migration
 * 0023): an error for one that failed, null for one that went out. Failed ones are not retried: the record
 * cannot say to whom they were.
 */
export async function recordPulseReminders(
  db: Kysely<DB>,
  values: { organisationId: string; waveId: string; day: number; outcomes: Array<string | null>; at: Date },
): Promise<void> {
  if (values.outcomes.length === 0) return;
  await db
    .insertInto("mailDelivery")
    .values(
      values.outcomes.map((lastError) => ({
        organisationId: values.organisationId,
        waveId: values.waveId,
        purpose: "pulse-reminder" as const,
        personId: null,
        teamId: null,
        day: values.day,
        status: lastError === null ? ("sent" as const) : ("failed" as const),
        attempts: 1,
        lastError,
        createdAt: values.at,
        updatedAt: values.at,
      })),
    )
    .execute();
}

/** Who an email is for and what it needs to say: the person, their team, the wave and its organisation. */
export async function findDeliveryRecipient(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("mailDelivery as d")
    .innerJoin("person", "person.id", "d.personId")
    .innerJoin("team", "team.id", "d.teamId")
    .innerJoin("wave", "wave.id", "d.waveId")
    .innerJoin("organisation as o", "o.id", "d.organisationId")
    .select([
      "d.purpose",
      "d.waveId",
      "d.teamId",
      "d.personId",
      "person.email",
      "person.active",
      "team.name as teamName",
      "wave.status as waveStatus",
      "wave.closesAt",
      "wave.minGroupSize",
      "wave.minCommentGroupSize",
      "o.timezone",
    ])
    .where("d.id", "=", id)
    .executeTakeFirst();
}

/** One delivery of an organisation, for an admin's "send again" (404 for another organisation's). */
export async function findDelivery(db: Kysely<DB>, organisationId: string, id: string) {
  return db
    .selectFrom("mailDelivery")
    .select(["id", "waveId", "purpose", "personId", "teamId", "status", "attempts"])
    .where("organisationId", "=", organisationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Emails of an organisation that did not go out, changed since `since`, newest first, at most `limit`:
 * failed ones the scheduler gave up on or will retry, with whom they were for, the wave and its state.
 */
export async function listFailedDeliveries(db: Kysely<DB>, organisationId: string, since: Date, limit: number) {
  return db
    .selectFrom("mailDelivery as d")
    .innerJoin("wave", "wave.id", "d.waveId")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .leftJoin("person", "person.id", "d.personId")
    .leftJoin("team", "team.id", "d.teamId")
    .select([
      "d.id",
      "d.purpose",
      "d.day",
      "d.attempts",
      "d.lastError",
      "d.updatedAt",
      "d.waveId",
      "wave.status as waveStatus",
      "wave.periodStart",
      "p.name as programName",
      "person.name as personName",
      "person.email as personEmail",
      "team.name as teamName",
    ])
    .where("d.organisationId", "=", organisationId)
    .where("d.status", "=", "failed")
    .where("d.updatedAt", ">=", since)
    .orderBy("d.updatedAt", "desc")
    .orderBy("d.id")
    .limit(limit)
    .execute();
}

/** Emails of an organisation since `since`: how many went out and how many did not (failed, for now or for good). */
export async function countDeliveries(db: Kysely<DB>, organisationId: string, since: Date): Promise<{ sent: number; failed: number }> {
  const row = await db
    .selectFrom("mailDelivery")
    .select((eb) => [eb.fn.count<string>("id").filterWhere("status", "=", "sent").as("sent"), eb.fn.count<string>("id").filterWhere("status", "=", "failed").as("failed")])
    .where("organisationId", "=", organisationId)
    .where("updatedAt", ">=", since)
    .executeTakeFirst();
  return { sent: Number(row?.sent ?? 0), failed: Number(row?.failed ?? 0) };
}
