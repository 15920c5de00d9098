import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeWave } from "../../app/services/waves.server";
import { getTeamConversations, readAuthorThread, replyToComment } from "../../app/services/conversations.server";
import type { AuthorThread } from "../../app/services/conversations.server";
import { THREAD_REQUESTS_PER_MINUTE } from "../../server/thread-limit";
import { ballotFor, sendBallot, type TestBallot } from "../factories/ballots";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave, userOf } from "../factories/pulse";
import { startHttpLayer } from "../support/http-layer";
import { describeWithDb } from "../support/test-db";
import { said } from "../../app/i18n/said";

// Issue 28, part 3 (ADR 054): a manager or enablement replies to a comment; its author reads and answers
// from the browser that sent it, by the ballot's token, without cookies; the author can close it. Real
// services and the real HTTP layer on PGlite and PostgreSQL.

/** What the conversation endpoints answer: the thread, or the error (a test reads whichever it expects). */
type ThreadAnswer = { thread: AuthorThread; error: { status: number; message: string; fields?: Record<string, string> } };

describeWithDb("anonymous conversations", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  let close: () => Promise<void>;
  let base: string;
  /** Each team B rep's ballot (B1 … B5) and comment; B5 answers without JavaScript. */
  const ballots: Record<string, TestBallot> = {};
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: base, ...headers }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as ThreadAnswer };
  };
  const messageCount = async () => (await sql<{ n: number }>`select count(*)::int as n from conversation_message`.execute(t.app.db)).rows[0]!.n;
  const commentIdOf = async (text: string) => {
    const row = await t.app.db
      .selectFrom("answer")
      .innerJoin("response", "response.id", "answer.responseId")
      .select("response.id")
      .where("answer.comment", "=", text)
      .where("response.waveId", "=", waveId)
      .executeTakeFirstOrThrow();
    return row.id;
  };

  beforeAll(async () => {
    t.setNow("2026-04-06T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    ({ waveId } = await createOpenWave(t.app, org, { itemCodes: ["ENPS", "COMMENT"], openDays: 7 }));
    const reps = await t.app.db
      .selectFrom("waveAudience")
      .innerJoin("person", "person.id", "waveAudience.personId")
      .select(["person.id", "person.email", "waveAudience.teamId"])
      .where("waveId", "=", waveId)
      .orderBy("person.email")
      .execute();
    for (const rep of reps) {
      const name = /rep-([a-z0-9]+)@/.exec(rep.email)![1]!;
      const fields = { "a.ENPS": "7", "a.COMMENT": `comment from ${name}` };
      // Team A1 answers with only three of five (its own comments stay hidden); B5 answers without JavaScript.
      if (name.startsWith("a1") && Number(name.slice(2)) > 3) continue;
      if (name === "b5") {
        expect(await answer(t.app, waveId, rep.id, fields)).toMatchObject({ status: "saved" });
        continue;
      }
      const ballot = await ballotFor(t.app, waveId, rep.id);
      expect(await sendBallot(t.app, ballot, fields)).toMatchObject({ status: "saved" });
      ballots[name] = ballot;
    }
    // The HTTP layer alone: these endpoints answer before Remix, which these tests never reach.
    ({ base, close } = await startHttpLayer(t.app));
  });
  afterAll(() => close());

  it("while the pulse is open: the author finds their comment, nothing to answer or close yet", async () => {
    const b1 = ballots.b1!;
    const read = await post("/ballots/thread", { waveId, message: b64(b1.message) });
    expect(read).toEqual({
      status: 200,
      body: { thread: { comment: "comment from b1", waveClosed: false, messages: [], closed: false, teamMessages: 0, authorMayWrite: false } },
    });
    expect((await post("/ballots/thread/close", { waveId, message: b64(b1.message) })).status).toBe(409);
    expect((await post("/ballots/thread/answer", { waveId, message: b64(b1.message), body: "hello?" })).status).toBe(409);
    expect(await messageCount()).toBe(0);
  });

  it("the seal keeps a commented response's thread key, and gives a form-sent comment a key nobody holds", async () => {
    t.setNow("2026-04-13T09:00:00Z");
    expect(await closeWave(t.app, waveId)).toBe(true);
    const rows = await sql<{ keyed: number; comments: number }>`
      select count(r.thread_key)::int as keyed, count(a.comment)::int as comments from response r
      left join answer a on a.response_id = r.id and a.comment is not null where r.wave_id = ${waveId}`.execute(t.app.db);
    expect(rows.rows[0]).toEqual({ keyed: 13, comments: 13 });
    const read = await readAuthorThread(t.app, { waveId, token: ballots.b1!.message });
    expect(read).toMatchObject({ status: "ok", value: { comment: "comment from b1", waveClosed: true, messages: [] } });
  });

  it("a manager sees their teams' comments where the comment rules show them, each open to a reply", async () => {
    const managerB = await userOf(t.app, org.people.managerB!);
    const view = await getTeamConversations(t.app, managerB, org.teams.b!);
    expect(view.mayReply).toBe(true);
    expect(view.waves).toHaveLength(1);
    expect(view.waves[0]!.comments.map((c) => c.text).sort()).toEqual(["b1", "b2", "b3", "b4", "b5"].map((n) => `comment from ${n}`));
    expect(view.waves[0]!.comments.every((c) => c.replyable && c.messages.length === 0)).toBe(true);
    // Team A1 has three answers, under the comment minimum of five: its page shows no comments, so no conversation.
    const managerA1 = await userOf(t.app, org.people.managerA1!);
    const a1 = await getTeamConversations(t.app, managerA1, org.teams.a1!);
    expect(a1.waves).toEqual([]);
    expect(a1.hidden).toEqual([{ programName: "Team pulse", closedOn: "2026-04-12", reason: said("conv.hidden.minimum", { minimum: 5 }) }]);
    await expect(replyToComment(t.app, managerA1, org.teams.a1!, { commentId: await commentIdOf("comment from a11"), body: "Hi" })).rejects.toMatchObject({ kind: "not-found" });
  });

  it("a full conversation: the manager replies, the author reads and answers, the manager reads it, the author closes", async () => {
    const managerB = await userOf(t.app, org.people.managerB!);
    const b2 = { waveId, message: b64(ballots.b2!.message) };
    await replyToComment(t.app, managerB, org.teams.b!, { commentId: await commentIdOf("comment from b2"), body: "  Thank you. What would help most?  " });
    const read = await post("/ballots/thread", b2);
    expect(read.status).toBe(200);
    expect(read.body.thread).toMatchObject({
      teamMessages: 1,
      authorMayWrite: true,
      closed: false,
      messages: [{ writer: "team", name: "Bo Manager B", body: "Thank you. What would help most?" }],
    });
    // Another author's thread is untouched.
    expect((await post("/ballots/thread", { waveId, message: b64(ballots.b1!.message) })).body.thread.messages).toEqual([]);
    const answered = await post("/ballots/thread/answer", { ...b2, body: "Shorter forecast calls." });
    expect(answered.status).toBe(200);
    expect(answered.body.thread.messages).toEqual([
      { writer: "team", name: "Bo Manager B", body: "Thank you. What would help most?" },
      { writer: "rep", name: null, body: "Shorter forecast calls." },
    ]);
    const seen = await getTeamConversations(t.app, managerB, org.teams.b!);
    const thread = seen.waves[0]!.comments[0]!;
    expect(thread).toMatchObject({ text: "comment from b2", messages: [{ writer: "team" }, { writer: "rep", name: null, body: "Shorter forecast calls." }] });
    const closed = await post("/ballots/thread/close", b2);
    expect(closed.body.thread).toMatchObject({ closed: true, authorMayWrite: false });
    expect((await post("/ballots/thread/close", b2)).status).toBe(200);
    await expect(replyToComment(t.app, managerB, org.teams.b!, { commentId: thread.id, body: "One more thing" })).rejects.toMatchObject({ kind: "conflict" });
    expect((await post("/ballots/thread/answer", { ...b2, body: "and another" })).status).toBe(409);
    const stored = await t.app.db.selectFrom("conversationMessage").selectAll().where("responseId", "=", thread.id).orderBy("position").execute();
    expect(stored.map((m) => [m.position, m.writer, m.personId, m.body, m.closes])).toEqual([
      [1, "team", org.people.managerB!.id, "Thank you. What would help most?", false],
      [2, "rep", null, "Shorter forecast calls.", false],
      [3, "rep", null, null, true],
    ]);
  });

  it("enablement replies to any team; the manager above sees it; another manager, an admin and a rep cannot reply", async () => {
    const enablement = await userOf(t.app, org.people.enablement!);
    const b3Comment = await commentIdOf("comment from b3");
    await replyToComment(t.app, enablement, org.teams.b!, { commentId: b3Comment, body: "From enablement" });
    const read = await readAuthorThread(t.app, { waveId, token: ballots.b3!.message });
    expect(read).toMatchObject({ status: "ok", value: { messages: [{ writer: "team", name: "Eno Enablement", body: "From enablement" }] } });
    const before = await messageCount();
    const managerA = await userOf(t.app, org.people.managerA!);
    // Team B is outside manager A's scope: by team B, forbidden; by their own team A, a B comment is not found.
    await expect(replyToComment(t.app, managerA, org.teams.b!, { commentId: b3Comment, body: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(replyToComment(t.app, managerA, org.teams.a!, { commentId: b3Comment, body: "x" })).rejects.toMatchObject({ kind: "not-found" });
    const admin = await userOf(t.app, org.people.admin!);
    await expect(replyToComment(t.app, admin, org.teams.b!, { commentId: b3Comment, body: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    const rep = await userOf(t.app, org.people.repB!);
    await expect(replyToComment(t.app, rep, org.teams.b!, { commentId: b3Comment, body: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    const managerB = await userOf(t.app, org.people.managerB!);
    await expect(replyToComment(t.app, managerB, org.teams.b!, { commentId: b3Comment, body: "   " })).rejects.toMatchObject({
      kind: "invalid",
      fieldErrors: { body: said("conv.writeFirst") },
    });
    await expect(replyToComment(t.app, managerB, org.teams.b!, { commentId: "not-an-id", body: "x" })).rejects.toMatchObject({ kind: "not-found" });
    expect(await messageCount()).toBe(before);
    // Manager A sees team A1's comments in team A's view (A and A1 together pass the rule), and may reply there.
    const a = await getTeamConversations(t.app, managerA, org.teams.a!);
    expect(a.waves[0]!.comments.map((c) => c.text).sort()).toEqual(
      [..."12345"]
        .map((i) => `comment from a${i}`)
        .concat(["comment from a11", "comment from a12", "comment from a13"])
        .sort(),
    );
  });

  it("a forged token, another wave's, a bad one or a request with a cookie store nothing and answer 4xx with a body", async () => {
    const before = await messageCount();
    const forged = new Uint8Array(64).fill(7);
    expect(await post("/ballots/thread", { waveId, message: b64(forged) })).toMatchObject({ status: 404, body: { error: { status: 404 } } });
    expect((await post("/ballots/thread/answer", { waveId, message: b64(forged), body: "hi" })).status).toBe(404);
    expect((await post("/ballots/thread/close", { waveId, message: b64(forged) })).status).toBe(404);
    const otherWave = "00000000-0000-4000-8000-000000000000";
    expect((await post("/ballots/thread/answer", { waveId: otherWave, message: b64(ballots.b3!.message), body: "hi" })).status).toBe(404);
    expect(await post("/ballots/thread", { waveId, message: b64(new Uint8Array(10)) })).toMatchObject({
      status: 400,
      body: { error: { fields: { message: "must be 64 bytes, base64url" } } },
    });
    expect(await post("/ballots/thread", { waveId, message: "not base64!" })).toMatchObject({ status: 400, body: { error: { fields: { message: "must be base64url" } } } });
    expect(await post("/ballots/thread/answer", { waveId, message: b64(ballots.b3!.message), body: "" })).toMatchObject({
      status: 400,
      body: { error: { fields: { body: "Write a message first." } } },
    });
    const withCookie = await post("/ballots/thread/answer", { waveId, message: b64(ballots.b3!.message), body: "hi" }, { cookie: org.people.repB!.cookie });
    expect(withCookie.status).toBe(400);
    expect(withCookie.body.error.message).toMatch(/without cookies/);
    const crossSite = await fetch(`${base}/ballots/thread`, { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: "{}" });
    expect(crossSite.status).toBe(403);
    expect(await messageCount()).toBe(before);
  });

  it("limits one address to its requests a minute, answering 429 with a body", async () => {
    let limited: { status: number; body: ThreadAnswer } | null = null;
    for (let i = 0; i <= THREAD_REQUESTS_PER_MINUTE && !limited; i++) {
      const r = await post("/ballots/thread", { waveId, message: b64(ballots.b4!.message) });
      if (r.status === 429) limited = r;
    }
    expect(limited).toMatchObject({ status: 429, body: { error: { status: 429 } } });
  });
});
