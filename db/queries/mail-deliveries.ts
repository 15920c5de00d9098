import { sql, type Kysely } from "kysely";
import { DELIVERY_ATTEMPTS } from "../../app/domain/chat";
import type { DB, DeliveryChannel, MailPurpose, MailStatus } from "../schema";

/** How many times the scheduler sends a failed message before leaving it to an admin (any channel). */
export const MAIL_ATTEMPTS = DELIVERY_ATTEMPTS;

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
  organisationId: string;
  purpose: MailPurpose;
  channel: DeliveryChannel;
  /** Null for a post to a team's Teams channel. */
  personId: string | null;
  teamId: string;
}

/** A failed row whose next try has come: when the provider said (next_attempt_at), else 10 minutes a try. */
const retryDue = (now: Date) => sql<boolean>`coalesce(d.next_attempt_at, d.updated_at + make_interval(mins => 10 * d.attempts)) <= ${now}::timestamptz`;

/**
 * Messages to send now, of any channel: queued ones (not before a rate limit's Retry-After), and failed ones
 * whose next try has come (at most MAIL_ATTEMPTS tries). Of open waves only, but for the managers' "results
 * are published" notices of closed ones. `waveId` narrows it to one wave. At most `limit` rows.
 */
export async function listDueDeliveries(db: Kysely<DB>, now: Date, options: { waveId?: string; limit: number }): Promise<DueDelivery[]> {
  let query = db
    .selectFrom("mailDelivery as d")
    .innerJoin("wave", "wave.id", "d.waveId")
    .select(["d.id", "d.waveId", "d.organisationId", "d.purpose", "d.channel", "d.personId", "d.teamId"])
    .where((eb) => eb.or([eb("wave.status", "=", "open"), eb("d.purpose", "=", "results-published")]))
    .where((eb) => eb.or([eb("d.personId", "is not", null), eb("d.channel", "=", "teams")]))
    .where((eb) =>
      eb.or([
        eb.and([eb("d.status", "=", "pending"), eb.or([eb("d.nextAttemptAt", "is", null), eb("d.nextAttemptAt", "<=", now)])]),
        eb.and([eb("d.status", "=", "failed"), eb("d.attempts", "<", MAIL_ATTEMPTS), retryDue(now)]),
      ]),
    );
  if (options.waveId) query = query.where("d.waveId", "=", options.waveId);
  const rows = await query.orderBy("d.createdAt").orderBy("d.id").limit(options.limit).execute();
  return rows.map((r) => ({ ...r, teamId: r.teamId! }));
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
      retry
        ? eb("status", "in", ["pending", "failed", "unmatched"])
        : eb.or([eb("status", "=", "pending"), eb.and([eb("status", "=", "failed"), eb("attempts", "<", MAIL_ATTEMPTS)])]),
    )
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** How a claimed message ended: sent; failed (tried again at `retryAt`, or never: null); unmatched; or put back untried (a rate limit). */
export type DeliveryOutcome =
  | { status: "sent" }
  | { status: "failed"; error: string; retryAt: Date | null }
  | { status: "unmatched"; error: string }
  | { status: "pending"; error: string; retryAt: Date };

/** Records a claimed message's outcome. A failure that will not be tried again uses up its tries; a rate limit gives its try back. */
export async function finishDelivery(db: Kysely<DB>, id: string, now: Date, outcome: DeliveryOutcome): Promise<void> {
  const status: MailStatus = outcome.status;
  await db
    .updateTable("mailDelivery")
    .set((eb) => ({
      status,
      lastError: outcome.status === "sent" ? null : outcome.error,
      nextAttemptAt: outcome.status === "failed" || outcome.status === "pending" ? outcome.retryAt : null,
      attempts:
        outcome.status === "pending"
          ? eb("attempts", "-", 1)
          : (outcome.status === "failed" && outcome.retryAt === null) || outcome.status === "unmatched"
            ? eb.fn("greatest", [eb.ref("attempts"), eb.val(MAIL_ATTEMPTS)])
            : eb.ref("attempts"),
      updatedAt: now,
    }))
    .where("id", "=", id)
    .execute();
}

/**
 * Rows left 'sending' for over 10 minutes: the server stopped while sending them, and whether the mail left
 * is unknown. They become failed with their attempts used up, so no worker sends them again on its own (a
 * rep would rather miss one mail than get two); an admin sees them and can send them again. `why` is what the
 * delivery log says of such an email, or of another channel's message.
 */
export async function failStaleDeliveries(db: Kysely<DB>, now: Date, why: { email: string; other: string }): Promise<number> {
  const rows = await db
    .updateTable("mailDelivery")
    .set({
      status: "failed",
      attempts: MAIL_ATTEMPTS,
      lastError: sql<string>`case when channel = 'email' then ${why.email}::text else ${why.other}::text end`,
      nextAttemptAt: null,
      updatedAt: now,
    })
    .where("status", "=", "sending")
    .where("updatedAt", "<", new Date(now.getTime() - 10 * 60_000))
    .returning("id")
    .execute();
  return rows.length;
}

/** One pulse reminder's outcome, without its recipient: the channel, and an error unless it went out. */
export interface ReminderOutcome {
  channel: "email" | "slack";
  status: "sent" | "failed" | "unmatched";
  error: string | null;
}

/**
 * The outcome of each pulse reminder of one reminder day, recorded without its recipient (see migration
 * 0023): an error for one that failed, null for one that went out. Failed ones are not retried: the record
 * cannot say to whom they were.
 */
export async function recordPulseReminders(db: Kysely<DB>, values: { organisationId: string; waveId: string; day: number; outcomes: ReminderOutcome[]; at: Date }): Promise<void> {
  if (values.outcomes.length === 0) return;
  await db
    .insertInto("mailDelivery")
    .values(
      values.outcomes.map((o) => ({
        organisationId: values.organisationId,
        waveId: values.waveId,
        purpose: "pulse-reminder" as const,
        channel: o.channel,
        personId: null,
        teamId: null,
        day: values.day,
        status: o.status,
        attempts: 1,
        lastError: o.error,
        createdAt: values.at,
        updatedAt: values.at,
      })),
    )
    .execute();
}

/** Who a message is for and what it needs to say: the person (none for a Teams post), their team, the wave and its organisation. */
export async function findDeliveryRecipient(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("mailDelivery as d")
    .leftJoin("person", "person.id", "d.personId")
    .innerJoin("team", "team.id", "d.teamId")
    .innerJoin("wave", "wave.id", "d.waveId")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .innerJoin("organisation as o", "o.id", "d.organisationId")
    .select([
      "d.purpose",
      "d.channel",
      "d.attempts",
      "d.organisationId",
      "d.waveId",
      "team.id as teamId",
      "d.personId",
      "person.email",
      "person.active",
      "team.name as teamName",
      "p.name as programName",
      "wave.status as waveStatus",
      "wave.closesAt",
      "wave.minGroupSize",
      "wave.minCommentGroupSize",
      "o.timezone",
      "person.language",
      "o.defaultLanguage",
    ])
    .where("d.id", "=", id)
    .executeTakeFirst();
}

/** One delivery of an organisation, for an admin's "send again" (404 for another organisation's). */
export async function findDelivery(db: Kysely<DB>, organisationId: string, id: string) {
  return db
    .selectFrom("mailDelivery")
    .select(["id", "waveId", "purpose", "channel", "personId", "teamId", "status", "attempts"])
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
      "d.channel",
      "d.status",
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
    .where("d.status", "in", ["failed", "unmatched"])
    .where("d.updatedAt", ">=", since)
    .orderBy("d.updatedAt", "desc")
    .orderBy("d.id")
    .limit(limit)
    .execute();
}

/** Messages of an organisation on one channel since `since`: how many went out and how many did not (failed, for now or for good, or unmatched). */
export async function countDeliveries(db: Kysely<DB>, organisationId: string, since: Date, channel: DeliveryChannel = "email"): Promise<{ sent: number; failed: number }> {
  const row = await db
    .selectFrom("mailDelivery")
    .select((eb) => [
      eb.fn.count<string>("id").filterWhere("status", "=", "sent").as("sent"),
      eb.fn.count<string>("id").filterWhere("status", "in", ["failed", "unmatched"]).as("failed"),
    ])
    .where("organisationId", "=", organisationId)
    .where("channel", "=", channel)
    .where("updatedAt", ">=", since)
    .executeTakeFirst();
  return { sent: Number(row?.sent ?? 0), failed: Number(row?.failed ?? 0) };
}
