import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/schema";
import { beforeAll, expect, it } from "vitest";
import { getPulseForm, newIdempotencyKey } from "../../app/services/answering.server";
import { ballotHash } from "../../app/services/ballots.server";
import { storeBallot } from "../../db/queries/ballots";
import { answeredPeople } from "../factories/ballots";
import { listWaveTeamNodes } from "../../db/queries/results";
import { closeWave, runScheduledWork } from "../../app/services/waves.server";
import { updateSettings } from "../../app/services/organisations.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave, createPulseProgram, userOf } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";
import { sayInEnglish } from "../../app/i18n/catalogues.server";

const count = async (t: { app: { db: Kysely<DB> } }, table: "response" | "answer", waveId: string) => {
  const query =
    table === "response"
      ? sql<{ n: number }>`select count(*) as n from response where wave_id = ${waveId}`
      : sql<{ n: number }>`select count(*) as n from response_answer a join response r on r.id = a.response_id where r.wave_id = ${waveId}`;
  return (await query.execute(t.app.db)).rows[0]!.n;
};

describeWithDb("pulse waves and anonymous responses", (t) => {
  let org: TestOrganisation;
  let waveId: string;

  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 3 });
    ({ waveId } = await createOpenWave(t.app, org));
  });

  it("stores no identity on responses and answers, and shares nothing with participation but the wave", async () => {
    const columns = async (table: string) =>
      (
        await sql<{
          columnName: string;
        }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(t.app.db)
      ).rows.map((r) => r.columnName);
    // While the wave is open, a response holds its answers as arrays; sealing moves them into answer rows.
    // thread_key: the comment's conversation (ADR 054), a hash of the ballot's token under its own tag.
    expect(await columns("response")).toEqual(["id", "wave_id", "team_id", "ballot_hash", "pending_item_ids", "pending_values", "pending_comments", "thread_key"]);
    expect(await columns("answer")).toEqual(["response_id", "item_id", "value", "comment"]);
    expect(await columns("participation")).toEqual(["wave_id", "person_id", "answered"]);
    expect(await columns("ballot_issuance")).toEqual(["wave_id", "holder", "request_hash", "issued_on", "language"]);
    for (const column of [...(await columns("response")), ...(await columns("answer"))]) {
      expect(column).not.toMatch(/person|user|session|ip|agent|email|created|updated|_at$|time/);
    }
    // The only column name the tables share is the wave; no foreign key links them.
    const responseColumns = [...(await columns("response")), ...(await columns("answer"))];
    const shared = (await columns("participation")).filter((c) => responseColumns.includes(c));
    expect(shared).toEqual(["wave_id"]);
    const links = await sql<{ n: number }>`
      select count(*) as n from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
      where tc.constraint_type = 'FOREIGN KEY' and ((tc.table_name in ('response', 'answer') and ccu.table_name = 'participation')
        or (tc.table_name = 'participation' and ccu.table_name in ('response', 'answer')))`.execute(t.app.db);
    expect(links.rows[0]!.n).toBe(0);
  });

  it("snapshots the audience (reps only, with their team) and locks the thresholds", async () => {
    const wave = await t.app.db.selectFrom("wave").selectAll().where("id", "=", waveId).executeTakeFirstOrThrow();
    expect(wave).toMatchObject({ status: "open", minGroupSize: 5, minCommentGroupSize: 5, periodStart: "2026-03-02" });
    const audience = await t.app.db.selectFrom("waveAudience").select(["personId", "teamId"]).where("waveId", "=", waveId).execute();
    expect(audience).toHaveLength(9);
    expect(audience.find((a) => a.personId === org.people.repA!.id)!.teamId).toBe(org.teams.a);
    const participation = await t.app.db.selectFrom("participation").select("answered").where("waveId", "=", waveId).execute();
    expect(participation).toHaveLength(9);
    expect(participation.every((p) => !p.answered)).toBe(true);
    expect(await answeredPeople(t.app, waveId)).toEqual([]);
    // Invitations went out to the audience, each with a personal link.
    const mail = await t.mailbox.waitFor(org.people.repA!.email);
    expect(mail.subject).toBe("Your team pulse is open: Team A");
    expect(mail.text).toMatch(/http:\/\/candor\.test\/pulse\/[a-z2-7]{24}\.[a-z2-7]{32}/);

    await expect(t.app.db.updateTable("wave").set({ minGroupSize: 3 }).where("id", "=", waveId).execute()).rejects.toThrow(/locked when it opens/);
    const admin = await userOf(t.app, org.people.admin!);
    await updateSettings(t.app, admin, { name: "Renamed", minGroupSize: 3, minCommentGroupSize: 3, fiscalYearStartMonth: 1, timezone: "UTC" });
    const after = await t.app.db.selectFrom("wave").select(["minGroupSize", "minCommentGroupSize"]).where("id", "=", waveId).executeTakeFirstOrThrow();
    expect(after).toEqual({ minGroupSize: 5, minCommentGroupSize: 5 });
    await updateSettings(t.app, admin, { name: "Renamed", minGroupSize: 5, minCommentGroupSize: 5, fiscalYearStartMonth: 1, timezone: "UTC" });
  });

  it("tells the rep on the form how many of the team joined it shortly before the pulse (here: everyone, by the roster import)", async () => {
    const form = await getPulseForm(t.app, { waveId, personId: org.people.repA!.id }, null);
    expect(form.kind === "form" && form.audienceChanges).toEqual({ joined: 6, audience: 6, days: 14 }); // Team A with its sub-team A1
    expect(form.kind === "form" && form.ballot?.teamId).toBe(org.teams.a);
  });

  it("stores a double submit once, lets the same browser change its answers, and refuses a second browser", async () => {
    const rep = org.people.repA!.id;
    const key = newIdempotencyKey();
    const first = await answer(t.app, waveId, rep, { "a.PS1": "2", "a.PS2": "6", "a.ENPS": "9" }, { idempotencyKey: key });
    expect(first).toMatchObject({ status: "saved", changed: false, editSecret: key });
    // The same form sent again (double click, retry) returns the same result and stores nothing more.
    const again = await answer(t.app, waveId, rep, { "a.PS1": "2", "a.PS2": "6", "a.ENPS": "9" }, { idempotencyKey: key });
    expect(again).toMatchObject({ status: "saved", changed: false });
    expect(await count(t, "response", waveId)).toBe(1);
    expect(await count(t, "answer", waveId)).toBe(3);

    // The browser that answered (its cookie holds the secret) changes the answers.
    const changed = await answer(t.app, waveId, rep, { "a.PS1": "3", "a.COMMENT": "More pipeline reviews" }, { editSecret: key });
    expect(changed).toMatchObject({ status: "saved", changed: true });
    expect(await count(t, "response", waveId)).toBe(1);
    const stored = await sql<{ value: number | null; comment: string | null }>`
      select a.value, a.comment from response_answer a join response r on r.id = a.response_id where r.wave_id = ${waveId} order by a.comment nulls first`.execute(t.app.db);
    expect(stored.rows).toEqual([
      { value: 3, comment: null },
      { value: null, comment: "More pipeline reviews" },
    ]);

    // Another browser (no cookie, a new form) cannot add a second response.
    expect(await answer(t.app, waveId, rep, { "a.PS1": "7" })).toEqual({ status: "already-answered" });
    // Someone else's secret does not open this rep's response: the hash includes the person.
    expect(await answer(t.app, waveId, org.people.repB!.id, { "a.PS1": "7" }, { editSecret: key })).toMatchObject({ status: "saved", changed: false });
    expect(await count(t, "response", waveId)).toBe(2);
    expect(await answeredPeople(t.app, waveId)).toEqual([org.people.repA!.id, org.people.repB!.id].sort());
    // While the wave is open, who answered is kept only as holders, HMACs the database cannot reverse.
    const issued = await t.app.db.selectFrom("ballotIssuance").select(["holder", "issuedOn"]).where("waveId", "=", waveId).execute();
    expect(issued.map((i) => i.issuedOn)).toEqual(["2026-03-02", "2026-03-02"]);
    expect(await t.app.db.selectFrom("participation").select("personId").where("waveId", "=", waveId).where("answered", "=", true).execute()).toEqual([]);
  });

  it("a ballot that meets a wave's close waits for it instead of deadlocking with it (PostgreSQL)", async () => {
    if (t.app.dbKind !== "postgres") return; // PGlite has one connection: nothing runs concurrently.
    const person = (await t.app.db.selectFrom("person").select("id").where("email", "like", "rep-a11%").executeTakeFirstOrThrow()).id;
    const item = await t.app.db
      .selectFrom("waveItem")
      .innerJoin("item", "item.id", "waveItem.itemId")
      .select("item.id")
      .where("waveId", "=", waveId)
      .where("item.code", "=", "PS1")
      .executeTakeFirstOrThrow();
    let submit: Promise<{ closesAt: Date } | null> | undefined;
    const team = (await t.app.db.selectFrom("waveAudience").select("teamId").where("waveId", "=", waveId).where("personId", "=", person).executeTakeFirstOrThrow()).teamId;
    // The close's lock order (closeWave → sealWave), rolled back at the end so the wave stays open.
    await expect(
      t.app.db.transaction().execute(async (trx) => {
        await trx.updateTable("wave").set({ status: "closed" }).where("id", "=", waveId).execute();
        await sql`lock table response in share row exclusive mode`.execute(trx);
        submit = storeBallot(t.app.db, {
          waveId,
          teamId: team,
          ballotHash: ballotHash("ballot", new TextEncoder().encode(newIdempotencyKey())),
          now: t.app.now(),
          existingOnly: false,
          answers: [{ itemId: item.id, value: 5, comment: null }],
        });
        await new Promise((r) => setTimeout(r, 300));
        await sql`update participation set answered = answered where wave_id = ${waveId}`.execute(trx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    // The close rolled back, so the submit that waited for it finds the wave open and stores its answer.
    expect((await submit)?.closesAt).toBeInstanceOf(Date);
  });

  it("never stores two responses for concurrent submits by one person", async () => {
    const person = await t.app.db
      .selectFrom("waveAudience")
      .innerJoin("person", "person.id", "waveAudience.personId")
      .select("person.id")
      .where("waveId", "=", waveId)
      .where("person.email", "like", "rep-a12%")
      .executeTakeFirstOrThrow();
    const before = await count(t, "response", waveId);
    const key = newIdempotencyKey();
    const results = await Promise.all([
      answer(t.app, waveId, person.id, { "a.PS1": "4" }, { idempotencyKey: key }),
      answer(t.app, waveId, person.id, { "a.PS1": "4" }, { idempotencyKey: key }),
      answer(t.app, waveId, person.id, { "a.PS1": "5" }),
    ]);
    expect(results.filter((r) => r.status === "saved").length).toBeGreaterThanOrEqual(1);
    expect(await count(t, "response", waveId)).toBe(before + 1);
  });

  it("refuses bad answers with a clear message and stores nothing", async () => {
    const rep = org.people.repA!.id;
    const person = (await t.app.db.selectFrom("person").select("id").where("email", "like", "rep-b2%").executeTakeFirstOrThrow()).id;
    const before = await count(t, "response", waveId);
    // Said messages (ADR 057), read here in English as the ballot endpoint and the API say them.
    const inEnglish = (result: Awaited<ReturnType<typeof answer>>) =>
      result.status === "invalid"
        ? { ...result, formError: sayInEnglish(result.formError), fieldErrors: Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, sayInEnglish(v)])) }
        : result;
    expect(inEnglish(await answer(t.app, waveId, person, { "a.PS1": "8" }))).toEqual({
      status: "invalid",
      formError: "Nothing was saved: 1 answer needs fixing.",
      fieldErrors: { "a.PS1": "Choose a whole number from 1 to 7." },
    });
    expect(inEnglish(await answer(t.app, waveId, person, { "a.CO1": "4" }))).toMatchObject({
      status: "invalid",
      fieldErrors: { "a.CO1": '"CO1" is not a question of this pulse.' },
    });
    expect(await answer(t.app, waveId, person, { "a.COMMENT": "x".repeat(2001) })).toMatchObject({ status: "invalid" });
    expect(await answer(t.app, waveId, person, { "a.PS1": "4" }, { idempotencyKey: "not-a-key" })).toMatchObject({ status: "invalid" });
    expect(await answer(t.app, "00000000-0000-0000-0000-000000000000", rep, { "a.PS1": "4" })).toEqual({ status: "unknown" });
    expect(await answer(t.app, waveId, org.people.managerA!.id, { "a.PS1": "4" })).toEqual({ status: "not-invited" });
    expect(await count(t, "response", waveId)).toBe(before);
    expect(await answeredPeople(t.app, waveId)).not.toContain(person);
  });

  it("sends each reminder once, only to people who have not answered", async () => {
    const answeredEmails = (
      await t.app.db
        .selectFrom("person")
        .select("email")
        .where("id", "in", await answeredPeople(t.app, waveId))
        .execute()
    ).map((r) => r.email);
    expect(answeredEmails.length).toBeGreaterThanOrEqual(3);
    const before = t.mailbox.messages.length;
    t.setNow("2026-03-04T10:00:00Z");
    const report = await runScheduledWork(t.app);
    expect(report.reminded).toEqual([{ waveId, day: 2, sent: 9 - answeredEmails.length }]);
    const repReminders = () => t.mailbox.messages.slice(before).filter((m) => m.subject.startsWith("Reminder: the"));
    const sentTo = repReminders().flatMap((m) => m.to);
    expect(sentTo).toHaveLength(9 - answeredEmails.length);
    for (const email of answeredEmails) expect(sentTo).not.toContain(email);
    const reminder = repReminders()[0]!;
    expect(reminder.subject).toMatch(/^Reminder: the Team (A|A1|B) pulse closes on 2026-03-08$/);
    expect(reminder.text).not.toMatch(/manager (sees|noticed|knows)|who answered/i);
    expect(reminder.text).toContain("Nobody — not your manager, not the administrators — can see what you answered.");
    // The same day again: nothing more goes out.
    expect((await runScheduledWork(t.app)).reminded).toEqual([]);
  });

  it("closes the wave on time and seals it: new ids, no ballot hashes or request hashes, no private keys, shuffled rows", async () => {
    const idsBefore = (await t.app.db.selectFrom("response").select("id").where("waveId", "=", waveId).execute()).map((r) => r.id).sort();
    const answersBefore = await count(t, "answer", waveId);
    t.setNow("2026-03-09T00:00:01Z");
    const report = await runScheduledWork(t.app);
    expect(report.closed).toEqual([waveId]);
    const rows = await t.app.db.selectFrom("response").selectAll().where("waveId", "=", waveId).execute();
    expect(rows).toHaveLength(idsBefore.length);
    expect(rows.map((r) => r.id).sort()).not.toEqual(idsBefore);
    expect(rows.every((r) => r.ballotHash === null)).toBe(true);
    expect(await t.app.db.selectFrom("ballotIssuance").select("holder").where("waveId", "=", waveId).execute()).toEqual([]);
    expect((await t.app.db.selectFrom("participation").select("personId").where("waveId", "=", waveId).where("answered", "=", true).execute()).length).toBeGreaterThanOrEqual(3);
    const keys = await t.app.db.selectFrom("ballotKey").select(["privateKey"]).where("waveId", "=", waveId).execute();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.privateKey === null)).toBe(true);
    expect(await count(t, "answer", waveId)).toBe(answersBefore);
    // The answers the open responses held as arrays are answer rows now, under the new ids.
    expect(rows.every((r) => r.pendingItemIds === null && r.pendingValues === null && r.pendingComments === null)).toBe(true);
    const rowsOnly = await sql<{ n: number }>`select count(*)::int as n from answer a join response r on r.id = a.response_id where r.wave_id = ${waveId}`.execute(t.app.db);
    expect(answersBefore).toBeGreaterThan(0);
    expect(rowsOnly.rows[0]!.n).toBe(answersBefore);
    expect(await t.app.db.selectFrom("waveLink").select("id").where("waveId", "=", waveId).execute()).toEqual([]);
    const wave = await t.app.db.selectFrom("wave").select(["status", "sealed"]).where("id", "=", waveId).executeTakeFirstOrThrow();
    expect(wave).toEqual({ status: "closed", sealed: true });
    // After close, nothing can be sent or changed.
    expect(await answer(t.app, waveId, org.people.repA!.id, { "a.PS1": "1" })).toEqual({ status: "closed" });
    expect(await closeWave(t.app, waveId)).toBe(false);
  });

  it("records the team tree at close, readable only with the wave's own organisation", async () => {
    const nodes = await listWaveTeamNodes(t.app.db, org.id, waveId);
    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining([org.teams.region, org.teams.a, org.teams.a1, org.teams.b]));
    expect(nodes.find((n) => n.id === org.teams.a1)!.parentId).toBe(org.teams.a);
    const other = await createTestOrganisation(t.app, { reps: 1 });
    expect(await listWaveTeamNodes(t.app.db, other.id, waveId)).toEqual([]);
  });

  it("opens a due wave exactly once when several workers run the schedule at the same moment", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 2 });
    const { programId } = await createPulseProgram(t.app, fresh, { startsOn: "2026-04-01", cadence: "weekly", openDays: 3 });
    expect(await t.app.db.selectFrom("wave").select("id").where("programId", "=", programId).execute()).toEqual([]);
    t.setNow("2026-04-08T08:00:00Z");
    const before = t.mailbox.messages.length;
    const reports = await Promise.all([runScheduledWork(t.app), runScheduledWork(t.app), runScheduledWork(t.app)]);
    const opened = reports.flatMap((r) => r.opened).filter((o) => o !== null);
    const waves = await t.app.db.selectFrom("wave").select(["id", "periodStart"]).where("programId", "=", programId).execute();
    expect(waves).toEqual([{ id: expect.any(String), periodStart: "2026-04-08" }]);
    expect(opened.filter((o) => o.waveId === waves[0]!.id)).toHaveLength(1);
    // One invitation per person asked, not one per worker.
    await new Promise((r) => setTimeout(r, 300));
    const invitations = t.mailbox.messages.slice(before).filter((m) => m.to[0]!.endsWith(`${fresh.slug}.example`));
    expect(invitations.filter((m) => m.subject.startsWith("Your team pulse is open"))).toHaveLength(6);
    expect(invitations.filter((m) => m.subject.startsWith("Your self-assessment"))).toHaveLength(3);
  });
});
