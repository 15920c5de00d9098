import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

export interface WaveRow {
  id: string;
  organisationId: string;
  programId: string;
  periodStart: string;
  opensAt: Date;
  closesAt: Date;
  status: "open" | "closed";
  minGroupSize: number;
  minCommentGroupSize: number;
  sealed: boolean;
}

const waveColumns = ["id", "organisationId", "programId", "periodStart", "opensAt", "closesAt", "status", "minGroupSize", "minCommentGroupSize", "sealed"] as const;

/** Creates a wave unless one exists for the program and period: returns null when another worker won. */
export async function insertWaveIfAbsent(
  db: Kysely<DB>,
  values: {
    organisationId: string;
    programId: string;
    periodStart: string;
    opensAt: Date;
    closesAt: Date;
    status: "open" | "closed";
    minGroupSize: number;
    minCommentGroupSize: number;
    closedAt?: Date | null;
    rotationSlot?: number | null;
  },
): Promise<string | null> {
  const row = await db
    .insertInto("wave")
    .values(values)
    .onConflict((oc) => oc.columns(["programId", "periodStart"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Copies the program's current (not retired) items onto the wave: all of them, or only `onlyItemIds` (the
 * wave's slot of a rotation, ADR 052).
 */
export async function snapshotWaveItems(db: Kysely<DB>, waveId: string, programId: string, onlyItemIds: readonly string[] | null = null): Promise<number> {
  const only = onlyItemIds === null ? sql`true` : onlyItemIds.length === 0 ? sql`false` : sql`pi.item_id = any(${[...onlyItemIds]}::uuid[])`;
  const result = await sql`
    insert into wave_item (wave_id, item_id, position)
    select ${waveId}, pi.item_id, pi.position
    from pulse_program_item pi join item i on i.id = pi.item_id
    where pi.program_id = ${programId} and i.retired_at is null and ${only}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Snapshots who is asked: active reps whose current team is one of the program's teams (or below one,
 * where the program includes sub-teams). Each counts for the team they are in. Everyone asked gets a
 * participation row, not answered, inserted in random order.
 */
export async function snapshotAudience(db: Kysely<DB>, waveId: string, programId: string): Promise<number> {
  const result = await sql`
    with recursive tree (id, descend) as (
      select pt.team_id, pt.include_subteams from pulse_program_team pt where pt.program_id = ${programId}
      union
      select t.id, true from team t join tree on t.parent_id = tree.id where tree.descend
    )
    insert into wave_audience (wave_id, person_id, team_id)
    select ${waveId}, m.person_id, m.team_id
    from team_membership m join person p on p.id = m.person_id
    where m.valid_to is null and p.active and p.role = 'rep' and m.team_id in (select id from tree)`.execute(db);
  await sql`
    insert into participation (wave_id, person_id)
    select wave_id, person_id from wave_audience where wave_id = ${waveId} order by random()`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function findWave(db: Kysely<DB>, waveId: string): Promise<WaveRow | undefined> {
  return db.selectFrom("wave").select(waveColumns).where("id", "=", waveId).executeTakeFirst();
}

/** Whether the wave belongs to the person's organisation. */
export async function isWaveInPersonsOrganisation(db: Kysely<DB>, waveId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom("wave")
    .innerJoin("person", "person.organisationId", "wave.organisationId")
    .select("wave.id")
    .where("wave.id", "=", waveId)
    .where("person.id", "=", personId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listWaveItems(db: Kysely<DB>, waveId: string) {
  return db
    .selectFrom("waveItem as wi")
    .innerJoin("item", "item.id", "wi.itemId")
    .leftJoin("dimension as d", (join) => join.onRef("d.key", "=", "item.dimensionKey").onRef("d.organisationId", "=", "item.organisationId"))
    .select(["item.id", "item.code", "item.text", "item.scale", "item.dimensionKey", "d.name as dimensionName", "wi.position", "item.source", "item.translations"])
    .where("wi.waveId", "=", waveId)
    .orderBy("wi.position")
    .execute();
}

/** The codes of the items each wave asked, in the form's order (a rotated wave asks a subset, ADR 052). */
export async function listAskedItemCodes(db: Kysely<DB>, waveIds: readonly string[]): Promise<Array<{ waveId: string; code: string }>> {
  if (waveIds.length === 0) return [];
  return db
    .selectFrom("waveItem as wi")
    .innerJoin("item", "item.id", "wi.itemId")
    .select(["wi.waveId", "item.code"])
    .where("wi.waveId", "in", [...waveIds])
    .orderBy("wi.waveId")
    .orderBy("wi.position")
    .execute();
}

export async function findAudienceMember(db: Kysely<DB>, waveId: string, personId: string) {
  return db
    .selectFrom("waveAudience as a")
    .innerJoin("team", "team.id", "a.teamId")
    .select(["a.teamId", "team.name as teamName"])
    .where("a.waveId", "=", waveId)
    .where("a.personId", "=", personId)
    .executeTakeFirst();
}

/** Open waves whose closing time has come. */
export async function listWavesToClose(db: Kysely<DB>, now: Date): Promise<string[]> {
  const rows = await db.selectFrom("wave").select("id").where("status", "=", "open").where("closesAt", "<=", now).execute();
  return rows.map((r) => r.id);
}

/** Marks a wave closed if it is still open; false when someone else closed it first. */
export async function markWaveClosed(db: Kysely<DB>, waveId: string, at: Date): Promise<boolean> {
  const result = await db.updateTable("wave").set({ status: "closed", closedAt: at }).where("id", "=", waveId).where("status", "=", "open").executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Seals a closed wave: rewrites its responses (with fresh random ids, without the edit hashes) and its participation rows in random order, in this one transaction. Afterwards, neither row
 * order nor transaction ids can tie a participation row to a response, and no cookie can reopen one.
 */
export async function sealWave(db: Kysely<DB>, waveId: string, holders: ReadonlyArray<{ personId: string; holder: Uint8Array }>): Promise<void> {
  // Ballots and signature requests take their locks on `response` and `ballot_issuance` before their
  // snapshot (store_ballot, issue_ballot). These locks wait for the ones in flight (they are sealed with
  // the rest) and hold new ones until the close commits (they then see it closed).
  await sql`lock table response in share row exclusive mode`.execute(db);
  await sql`lock table ballot_issuance in share row exclusive mode`.execute(db);
  // Who took part: the people whose holder (computed by the server, ADR 021) has a signature. No day.
  if (holders.length > 0) {
    await sql`update participation p set answered = true
      from unnest(${holders.map((h) => h.personId)}::uuid[], ${holders.map((h) => h.holder)}::bytea[]) as x(person_id, holder)
      where p.wave_id = ${waveId} and p.person_id = x.person_id
        and exists (select 1 from ballot_issuance i where i.wave_id = ${waveId} and i.holder = x.holder)`.execute(db);
  }
  // The languages the signatures were asked in, counted for the whole wave (ADR 058): no team, no day.
  await sql`insert into wave_language_count (wave_id, language, responses)
    select ${waveId}, coalesce(i.language, 'und'), count(*) from ballot_issuance i where i.wave_id = ${waveId} group by 2
    on conflict (wave_id, language) do update set responses = wave_language_count.responses + excluded.responses`.execute(db);
  await db.deleteFrom("ballotIssuance").where("waveId", "=", waveId).execute();
  // Fresh ids in random order, without the ballot hashes: nothing of a token remains (ADR 021).
  // A response with a comment keeps its thread key (ADR 054): only the token, in the author's browser, leads
  // to it. One sent without JavaScript (no key) gets a random one nobody holds, so that no comment shows
  // which way it was sent. Responses without a comment need none.
  await sql`create temp table sealing_response on commit drop as
    select r.id as old_id, gen_random_uuid() as new_id, r.team_id,
      case when exists (select 1 from response_answer a where a.response_id = r.id and a.comment is not null)
        then coalesce(r.thread_key, sha256(convert_to(gen_random_uuid()::text, 'UTF8'))) end as thread_key
    from response r where r.wave_id = ${waveId}`.execute(db);
  // A key is unique in its wave: the old rows give theirs up before the new ones take them.
  await sql`update response set thread_key = null where wave_id = ${waveId} and thread_key is not null`.execute(db);
  await sql`insert into response (id, wave_id, team_id, thread_key)
    select new_id, ${waveId}, team_id, thread_key from sealing_response order by random()`.execute(db);
  // The answers become rows under the new ids, from the open responses' arrays (ADR 016) or from answer
  // rows (responses stored before migration 0014).
  await sql`insert into answer (response_id, item_id, value, comment)
    select m.new_id, a.item_id, a.value, a.comment from response_answer a join sealing_response m on m.old_id = a.response_id order by random()`.execute(db);
  await sql`delete from response where id in (select old_id from sealing_response)`.execute(db);
  await sql`create temp table sealing_participation on commit drop as select * from participation where wave_id = ${waveId}`.execute(db);
  await sql`delete from participation where wave_id = ${waveId}`.execute(db);
  await sql`insert into participation (wave_id, person_id, answered)
    select wave_id, person_id, answered from sealing_participation order by random()`.execute(db);
  await sql`drop table sealing_response`.execute(db);
  await sql`drop table sealing_participation`.execute(db);
  await db.deleteFrom("waveLink").where("waveId", "=", waveId).execute();
  // Nothing can be signed for a closed wave.
  await db.updateTable("ballotKey").set({ privateKey: null }).where("waveId", "=", waveId).execute();
  await db.updateTable("wave").set({ sealed: true }).where("id", "=", waveId).execute();
}

export async function insertWaveLink(db: Kysely<DB>, link: { id: string; secretHash: Uint8Array; waveId: string; personId: string }): Promise<void> {
  await db.insertInto("waveLink").values(link).execute();
}

export async function findWaveLink(db: Kysely<DB>, id: string) {
  return db.selectFrom("waveLink").select(["id", "secretHash", "waveId", "personId"]).where("id", "=", id).executeTakeFirst();
}

/** Records that a reminder day's mails are going out; false when another worker already took it. */
export async function claimReminder(db: Kysely<DB>, waveId: string, day: number): Promise<boolean> {
  const row = await db
    .insertInto("waveReminder")
    .values({ waveId, day })
    .onConflict((oc) => oc.columns(["waveId", "day"]).doNothing())
    .returning("day")
    .executeTakeFirst();
  return row !== undefined;
}

export async function setReminderCount(db: Kysely<DB>, waveId: string, day: number, sentCount: number, managerSentCount: number): Promise<void> {
  await db.updateTable("waveReminder").set({ sentCount, managerSentCount }).where("waveId", "=", waveId).where("day", "=", day).execute();
}

/** Open waves with their program's reminder days, for the reminder run. */
export async function listOpenWavesWithReminders(db: Kysely<DB>) {
  return db
    .selectFrom("wave")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .select(["wave.id", "wave.opensAt", "wave.closesAt", "p.reminderDays"])
    .where("wave.status", "=", "open")
    .execute();
}

/**
 * People asked in a wave who had not answered when it was sealed (or before ballots), with what a message
 * to them needs. While a wave is open, who has a ballot is known only to the server (ballots.server.ts).
 */
export async function listNonRespondents(db: Kysely<DB>, waveId: string) {
  return db
    .selectFrom("participation as p")
    .innerJoin("person", "person.id", "p.personId")
    .innerJoin("waveAudience as a", (join) => join.onRef("a.waveId", "=", "p.waveId").onRef("a.personId", "=", "p.personId"))
    .innerJoin("team", "team.id", "a.teamId")
    .select(["person.id", "person.email", "person.name", "team.name as teamName", "person.language"])
    .where("p.waveId", "=", waveId)
    .where("p.answered", "=", false)
    .where("person.active", "=", true)
    .orderBy("person.email")
    .execute();
}

/** Everyone asked in a wave, for the invitation run. */
export async function listAudience(db: Kysely<DB>, waveId: string) {
  return db
    .selectFrom("waveAudience as a")
    .innerJoin("person", "person.id", "a.personId")
    .innerJoin("team", "team.id", "a.teamId")
    .select(["person.id", "person.email", "person.name", "team.name as teamName"])
    .where("a.waveId", "=", waveId)
    .orderBy("person.email")
    .execute();
}

/** The waves a person is asked to answer, newest first, with whether they have answered. */
export async function listWavesForPerson(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom("participation as p")
    .innerJoin("wave", "wave.id", "p.waveId")
    .innerJoin("pulseProgram as prog", "prog.id", "wave.programId")
    .innerJoin("waveAudience as a", (join) => join.onRef("a.waveId", "=", "p.waveId").onRef("a.personId", "=", "p.personId"))
    .innerJoin("team", "team.id", "a.teamId")
    .select(["wave.id", "wave.status", "wave.periodStart", "wave.closesAt", "prog.name as programName", "team.name as teamName", "p.answered"])
    .where("p.personId", "=", personId)
    .orderBy("wave.periodStart", "desc")
    .limit(24)
    .execute();
}
