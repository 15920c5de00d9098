import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeWave } from "../../app/services/waves.server";
import { getTeamConversations, replyToComment } from "../../app/services/conversations.server";
import type { AuthorThread } from "../../app/services/conversations.server";
import { ballotFor, sendBallot, type TestBallot } from "../factories/ballots";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { createOpenWave, userOf } from "../factories/pulse";
import { changedTables, fingerprint } from "../support/db-fingerprint";
import { startHttpLayer } from "../support/http-layer";
import { describeWithDb } from "../support/test-db";

// Issue 28, part 3 (ADR 054): attacks by someone who reads the whole database, on conversations. The
// author's messages must not be tied to a person by any stored value, by the transaction that wrote them,
// or by what a reply sets off (notifications). Team B's five reps answer with comments; the manager
// replies to two; both authors answer, each right after a signed-in page view that renews their session
// (the write nearest in time that names them), and one closes.

/** What the conversation endpoints answer: the thread, or the error (a test reads whichever it expects). */
type ThreadAnswer = { thread: AuthorThread; error: { status: number; message: string; fields?: Record<string, string> } };

describeWithDb("anonymity: attacks on conversations", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  let close: () => Promise<void>;
  let base: string;
  const ballots: TestBallot[] = [];
  const reps: Array<{ id: string; email: string; organisationId: string }> = [];
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as ThreadAnswer };
  };
  const commentId = async (i: number) =>
    (
      await t.app.db
        .selectFrom("answer")
        .innerJoin("response", "response.id", "answer.responseId")
        .select("response.id")
        .where("answer.comment", "=", `comment ${i}`)
        .where("response.waveId", "=", waveId)
        .executeTakeFirstOrThrow()
    ).id;

  /** Every base table outside PostgreSQL's own schemas (the job queue's included). */
  const allTables = async () =>
    (
      await sql<{ schema: string; table: string }>`select table_schema as schema, table_name as table from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE' order by 1, 2`.execute(t.app.db)
    ).rows;

  beforeAll(async () => {
    t.setNow("2026-06-01T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    ({ waveId } = await createOpenWave(t.app, org, { itemCodes: ["ENPS", "COMMENT"], openDays: 7 }));
    reps.push(
      ...(await t.app.db
        .selectFrom("waveAudience")
        .innerJoin("person", "person.id", "waveAudience.personId")
        .select(["person.id", "person.email", "person.organisationId"])
        .where("waveId", "=", waveId)
        .where("waveAudience.teamId", "=", org.teams.b!)
        .orderBy("person.email")
        .execute()),
    );
    for (const [i, rep] of reps.entries()) {
      const ballot = await ballotFor(t.app, waveId, rep.id);
      expect(await sendBallot(t.app, ballot, { "a.ENPS": String(i + 5), "a.COMMENT": `comment ${i}` })).toMatchObject({ status: "saved" });
      ballots.push(ballot);
    }
    t.setNow("2026-06-08T08:00:00Z");
    expect(await closeWave(t.app, waveId)).toBe(true);
    // The HTTP layer alone: these endpoints answer before Remix, which these tests never reach.
    ({ base, close } = await startHttpLayer(t.app));
  });
  afterAll(() => close());

  it("notifications: a reply to one author's comment changes exactly what a reply to another's does, and sends nothing", async () => {
    const manager = await userOf(t.app, org.people.managerB!);
    const mails = t.mailbox.messages.length;
    const diffs: string[][] = [];
    for (const i of [0, 1]) {
      const before = await fingerprint(t.app.db, []);
      await replyToComment(t.app, manager, org.teams.b!, { commentId: await commentId(i), body: "Thanks for this. Can you say more?" });
      diffs.push(changedTables(before, await fingerprint(t.app.db, [])));
    }
    // Only the message: no mail, chat or job row, no audit entry, nothing per author.
    expect(diffs).toEqual([["conversation_message"], ["conversation_message"]]);
    expect(t.mailbox.messages.length).toBe(mails);
    // The author's side: a thread with a reply and one without answer alike (the same request, the same shape).
    const withReply = await post("/ballots/thread", { waveId, message: b64(ballots[0]!.message) });
    const without = await post("/ballots/thread", { waveId, message: b64(ballots[4]!.message) });
    expect([withReply.status, without.status]).toEqual([200, 200]);
    expect(Object.keys(withReply.body.thread).sort()).toEqual(Object.keys(without.body.thread).sort());
    expect([withReply.body.thread.teamMessages, without.body.thread.teamMessages]).toEqual([1, 0]);
  });

  it("the author's read writes nothing at all; their answer and closing write one row each, in a transaction of their own", async () => {
    for (const i of [0, 1]) {
      // The author signs in just before (a new session: the nearest write that names them).
      t.setNow(new Date(Date.parse("2026-06-09T09:00:00Z") + i * 3_600_000));
      await sessionCookieFor(t.app, reps[i]!);
      const key = { waveId, message: b64(ballots[i]!.message) };
      const beforeRead = await fingerprint(t.app.db, []);
      expect((await post("/ballots/thread", key)).status).toBe(200);
      expect(changedTables(beforeRead, await fingerprint(t.app.db, []))).toEqual([]);
      const beforeAnswer = await fingerprint(t.app.db, []);
      expect((await post("/ballots/thread/answer", { ...key, body: `answer from author ${i}` })).status).toBe(200);
      expect(changedTables(beforeAnswer, await fingerprint(t.app.db, []))).toEqual(["conversation_message"]);
    }
    expect((await post("/ballots/thread/close", { waveId, message: b64(ballots[0]!.message) })).status).toBe(200);
  });

  it("xmin join: no transaction that wrote an author's message wrote any other row, in any table", async () => {
    const authorRows = await sql<{ xmin: string }>`select xmin::text as xmin from conversation_message where writer = 'rep'`.execute(t.app.db);
    expect(authorRows.rows).toHaveLength(3);
    const xmins = authorRows.rows.map((r) => r.xmin);
    expect(new Set(xmins).size).toBe(3);
    const hits: string[] = [];
    for (const { schema, table } of await allTables()) {
      const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${schema}.${table}`)} x where x.xmin::text in (${sql.join(xmins)})`.execute(t.app.db);
      if (rows.rows[0]!.n > 0) hits.push(`${schema}.${table}: ${rows.rows[0]!.n}`);
    }
    // Each of the three transactions wrote its one message and nothing else (not the session renewed just before).
    expect(hits).toEqual(["public.conversation_message: 3"]);
    // The team's replies are the manager's own, named: their transactions wrote only their message too.
    const teamRows = await sql<{ xmin: string; personId: string }>`select xmin::text as xmin, person_id as "personId" from conversation_message where writer = 'team'`.execute(
      t.app.db,
    );
    expect(teamRows.rows.map((r) => r.personId)).toEqual([org.people.managerB!.id, org.people.managerB!.id]);
  });

  it("stored values: no person, session, address or time beside a conversation; the thread key only where the token leads", async () => {
    const columns = await sql<{ table: string; column: string; type: string }>`
      select table_name as table, column_name as column, data_type as type from information_schema.columns
      where table_schema = current_schema() and table_name in ('conversation_message', 'response') order by 1, 2`.execute(t.app.db);
    expect(columns.rows.filter((c) => c.table === "conversation_message").map((c) => c.column)).toEqual(["body", "closes", "person_id", "position", "response_id", "writer"]);
    expect(columns.rows.filter((c) => /date|time|inet/.test(c.type))).toEqual([]);
    // The author's rows name nobody.
    const authorPeople = await sql<{ n: number }>`select count(*)::int as n from conversation_message where writer = 'rep' and person_id is not null`.execute(t.app.db);
    expect(authorPeople.rows[0]!.n).toBe(0);
    // Every cell in the database that holds something of the two conversations: the response's id, its thread
    // key, the messages' texts. Only the conversation's own rows and its response hold them; no table that
    // names a person (participation, session, audience, audit, mail, jobs) does.
    const ids = [await commentId(0), await commentId(1)];
    const keys = await t.app.db.selectFrom("response").select("threadKey").where("id", "in", ids).execute();
    const needles = [...ids, ...keys.map((k) => Buffer.from(k.threadKey!).toString("hex")), "answer from author 0", "answer from author 1"];
    const found = new Set<string>();
    const cols = await sql<{ schema: string; table: string; column: string; type: string }>`
      select c.table_schema as schema, c.table_name as table, c.column_name as column, c.data_type as type
      from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema not in ('pg_catalog', 'information_schema') and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'uuid', 'json', 'jsonb', 'bytea', 'ARRAY')`.execute(t.app.db);
    for (const c of cols.rows) {
      const cell = sql.ref(`x.${c.column}`);
      const value = c.type === "bytea" ? sql`encode(${cell}, 'hex')` : sql`${cell}::text`;
      for (const needle of needles) {
        const hits = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${c.schema}.${c.table}`)} x where strpos(${value}, ${needle}) > 0`.execute(t.app.db);
        if (hits.rows[0]!.n > 0) found.add(`${c.table}.${c.column}`);
      }
    }
    // The comment's own rows: its answer and its themes (ADR 053) point at its response, as the conversation does.
    expect([...found].sort()).toEqual([
      "answer.response_id",
      "comment_theme.response_id",
      "conversation_message.body",
      "conversation_message.response_id",
      "response.id",
      "response.thread_key",
    ]);
    // Nothing of the token that the signature request saw remains (ADR 021), and the response row keeps no ballot hash.
    const left = await sql<{
      n: number;
    }>`select (select count(*) from ballot_issuance where wave_id = ${waveId}) + (select count(*) from response where wave_id = ${waveId} and ballot_hash is not null) as n`.execute(
      t.app.db,
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  it("what the team sees: the author's messages carry no name; a manager outside the team sees nothing of them", async () => {
    const manager = await userOf(t.app, org.people.managerB!);
    const view = await getTeamConversations(t.app, manager, org.teams.b!);
    const authored = view.waves[0]!.comments.flatMap((c) => c.messages.filter((m) => m.writer === "rep"));
    expect(authored).toEqual([
      { writer: "rep", name: null, body: expect.stringMatching(/^answer from author [01]$/) },
      { writer: "rep", name: null, body: expect.stringMatching(/^answer from author [01]$/) },
    ]);
    const serialised = JSON.stringify(view);
    for (const rep of reps) expect(serialised).not.toContain(rep.id);
    const other = await userOf(t.app, org.people.managerA!);
    await expect(getTeamConversations(t.app, other, org.teams.b!)).rejects.toMatchObject({ kind: "forbidden" });
  });
});
