import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { SESSION_LIFETIME_MS, validateSessionToken } from "../../app/auth/session.server";
import { answerPulseInSession, type PulseOutcome } from "../../app/http/pulse-page.server";
import { editCookieName, newIdempotencyKey } from "../../app/services/answering.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

// The signed-in form post (no JavaScript): the session is checked, then the answer is stored in two
// transactions (participation, then the response: ADR 021). ADR 016's one-statement submit is gone.

const DAY_MS = 24 * 60 * 60 * 1000;

describeWithDb("the signed-in form post", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  const tokenOf = (cookie: string) => cookie.split("=")[1]!;
  const rep = async (email: string) => {
    const person = await t.app.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", `${email}@${org.slug}.example`).executeTakeFirstOrThrow();
    return { ...person, token: tokenOf(await sessionCookieFor(t.app, person)) };
  };
  const post = (fields: Record<string, string>, cookieHeader: string | null = null) => ({ pathname: `/pulses/${waveId}`, fields, cookieHeader });
  const stored = async () => {
    const responses = await sql<{ n: number }>`select count(*)::int as n from response where wave_id = ${waveId}`.execute(t.app.db);
    const answers = await sql<{ n: number }>`select count(*)::int as n from response_answer a join response r on r.id = a.response_id where r.wave_id = ${waveId}`.execute(
      t.app.db,
    );
    const marks = await sql<{ n: number }>`select count(*)::int as n from ballot_issuance where wave_id = ${waveId}`.execute(t.app.db);
    return { responses: responses.rows[0]!.n, answers: answers.rows[0]!.n, marks: marks.rows[0]!.n };
  };
  const sessionExpiry = async (token: string) =>
    (await t.app.db.selectFrom("session").select("expiresAt").where("id", "=", token.split(".")[0]!).executeTakeFirstOrThrow()).expiresAt;
  const cookiesNamed = (outcome: PulseOutcome | null, name: string) => (outcome?.setCookies ?? []).filter((c) => c.startsWith(`${name}=`));

  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 4 });
    ({ waveId } = await createOpenWave(t.app, org));
  });

  it("stores a first answer and marks the person answered, once, however often the form is sent", async () => {
    const a2 = await rep("rep-a2");
    const key = newIdempotencyKey();
    const fields = { idempotencyKey: key, "a.PS1": "6", "a.ENPS": "8", "a.COMMENT": "Deal reviews help" };
    const first = await answerPulseInSession(t.app, waveId, a2.token, post(fields));
    expect(first).toEqual({
      kind: "saved",
      location: `/pulses/${waveId}?saved=new`,
      setCookies: [expect.stringMatching(new RegExp(`^${editCookieName(waveId)}=${key}; `))],
    });
    expect(await stored()).toEqual({ responses: 1, answers: 3, marks: 1 });
    // A double click and a later resend: the same answer, nothing more stored.
    const [again, twice] = await Promise.all([answerPulseInSession(t.app, waveId, a2.token, post(fields)), answerPulseInSession(t.app, waveId, a2.token, post(fields))]);
    expect(again).toEqual(first);
    expect(twice).toEqual(first);
    expect(await stored()).toEqual({ responses: 1, answers: 3, marks: 1 });
    // The edit key written in SQL is the one the application computes: this browser changes its answers.
    const changed = await answerPulseInSession(t.app, waveId, a2.token, post({ idempotencyKey: newIdempotencyKey(), "a.PS1": "2" }, `${editCookieName(waveId)}=${key}`));
    expect(changed).toMatchObject({ kind: "saved", location: `/pulses/${waveId}?saved=changed` });
    expect(await stored()).toEqual({ responses: 1, answers: 1, marks: 1 });
    const value = await sql<{ value: number }>`select a.value from response_answer a join response r on r.id = a.response_id where r.wave_id = ${waveId}`.execute(t.app.db);
    expect(value.rows).toEqual([{ value: 2 }]);
    // Another browser of the same person (another form key, no cookie) cannot add a second response.
    expect(await answerPulseInSession(t.app, waveId, a2.token, post({ idempotencyKey: newIdempotencyKey(), "a.PS1": "7" }))).toMatchObject({ kind: "refused", status: 409 });
    expect(await stored()).toEqual({ responses: 1, answers: 1, marks: 1 });
  });

  it("does nothing for a session that is not valid: wrong secret, unknown, expired, or a deactivated person", async () => {
    const a3 = await rep("rep-a3");
    const before = await stored();
    const fields = () => ({ idempotencyKey: newIdempotencyKey(), "a.PS1": "5" });
    const [id, secret] = a3.token.split(".") as [string, string];
    const otherSecret = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    expect(await answerPulseInSession(t.app, waveId, `${id}.${otherSecret}`, post(fields()))).toBeNull();
    expect(await answerPulseInSession(t.app, waveId, `${"a".repeat(24)}.${secret}`, post(fields()))).toBeNull();
    expect(await answerPulseInSession(t.app, waveId, "not-a-token", post(fields()))).toBeNull();
    expect(await answerPulseInSession(t.app, waveId, a3.token, post(fields()))).not.toBeNull();
    const after = await stored();
    expect(after).toEqual({ responses: before.responses + 1, answers: before.answers + 1, marks: before.marks + 1 });

    const a4 = await rep("rep-a4");
    await t.app.db
      .updateTable("session")
      .set({ expiresAt: new Date(t.app.now().getTime() - 1000) })
      .where("id", "=", a4.token.split(".")[0]!)
      .execute();
    expect(await answerPulseInSession(t.app, waveId, a4.token, post(fields()))).toBeNull();
    const b2 = await rep("rep-b2");
    await t.app.db.updateTable("person").set({ active: false }).where("id", "=", b2.id).execute();
    expect(await answerPulseInSession(t.app, waveId, b2.token, post(fields()))).toBeNull();
    await t.app.db.updateTable("person").set({ active: true }).where("id", "=", b2.id).execute();
    expect(await stored()).toEqual(after);
  });

  it("does not renew the session while storing an answer: nothing written then may name the person (ADR 021)", async () => {
    const b3 = await rep("rep-b3");
    const fresh = await answerPulseInSession(t.app, waveId, b3.token, post({ idempotencyKey: newIdempotencyKey(), "a.PS1": "4" }));
    expect(cookiesNamed(fresh, "candor_session")).toEqual([]);
    expect(cookiesNamed(fresh, editCookieName(waveId))).toHaveLength(1);

    const b4 = await rep("rep-b4");
    const soon = new Date(t.app.now().getTime() + 10 * DAY_MS);
    await t.app.db.updateTable("session").set({ expiresAt: soon }).where("id", "=", b4.token.split(".")[0]!).execute();
    const kept = await answerPulseInSession(t.app, waveId, b4.token, post({ idempotencyKey: newIdempotencyKey(), "a.PS1": "3" }));
    expect(kept).toMatchObject({ kind: "saved" });
    expect((await sessionExpiry(b4.token)).getTime()).toBe(soon.getTime());
    expect(cookiesNamed(kept, "candor_session")).toEqual([]);
    // Any other page renews it as before.
    expect((await validateSessionToken(t.app, b4.token))?.renewed).toBe(true);
    expect((await sessionExpiry(b4.token)).getTime()).toBe(t.app.now().getTime() + SESSION_LIFETIME_MS);
  });

  it("refuses a rep outside the wave and a manager, storing nothing", async () => {
    const before = await stored();
    const manager = await rep("manager-a");
    expect(await answerPulseInSession(t.app, waveId, manager.token, post({ idempotencyKey: newIdempotencyKey(), "a.PS1": "4" }))).toMatchObject({ kind: "refused", status: 403 });
    expect(await answerPulseInSession(t.app, waveId, manager.token, post({ idempotencyKey: newIdempotencyKey(), "a.PS1": "9" }))).toMatchObject({ kind: "refused", status: 403 });
    expect(await stored()).toEqual(before);
  });

  it("checks an open response's answers as answer rows are checked: the wave's items, each once, a value in range or a comment", async () => {
    const response = await t.app.db
      .selectFrom("response")
      .select(["id", "pendingItemIds"])
      .where("waveId", "=", waveId)
      .where("pendingItemIds", "is not", null)
      .executeTakeFirstOrThrow();
    const asked = (await t.app.db.selectFrom("waveItem").select("itemId").where("waveId", "=", waveId).orderBy("position").execute()).map((r) => r.itemId);
    const outside = await t.app.db
      .selectFrom("item")
      .select("id")
      .where("organisationId", "=", org.id)
      .where("id", "not in", t.app.db.selectFrom("waveItem").select("itemId").where("waveId", "=", waveId))
      .executeTakeFirstOrThrow();
    const set = (pendingItemIds: string[], pendingValues: Array<number | null>, pendingComments: Array<string | null>) =>
      t.app.db.updateTable("response").set({ pendingItemIds, pendingValues, pendingComments }).where("id", "=", response.id).execute();
    await expect(set([outside.id], [4], [null])).rejects.toThrow("an answer refers to an item its wave does not ask");
    await expect(set(["00000000-0000-4000-8000-000000000000"], [4], [null])).rejects.toThrow("an answer refers to an item its wave does not ask");
    for (const [items, values, comments] of [
      [[asked[0]!, asked[1]!], [4], [null, null]],
      [[asked[0]!], [11], [null]],
      [[asked[0]!], [-1], [null]],
      [[asked[0]!], [null], [null]],
      [[asked[0]!], [3], ["and a comment"]],
    ] as const) {
      await expect(set([...items], [...values], [...comments]), JSON.stringify(values)).rejects.toThrow(/response_pending_answers/);
    }
    // Shapes that would pass a CHECK by making it NULL, and would then stop the wave from sealing.
    const raw = (items: string, values: string, comments: string) =>
      sql`update response set pending_item_ids = ${items}::uuid[], pending_values = ${values}::smallint[], pending_comments = ${comments}::text[] where id = ${response.id}`.execute(
        t.app.db,
      );
    const one = `{${asked[0]!}}`;
    const two = `{${asked[0]!},${asked[1]!}}`;
    for (const [items, values, comments] of [
      [one, null, null],
      [one, "{4}", null],
      ["{}", "{}", "{}"],
      [`[0:1]=${two}`, "[0:1]={NULL,5}", '[0:1]={"x",NULL}'],
      [two, "[0:1]={NULL,5}", '{"x",NULL}'],
      [`{{${asked[0]!}},{${asked[1]!}}}`, "{{4},{5}}", "{{NULL},{NULL}}"],
    ] as const) {
      await expect(raw(items, values as string, comments as string), `${items} ${values} ${comments}`).rejects.toThrow(/response_pending_answers/);
    }
    await expect(set([asked[0]!], [null], ["x".repeat(2001)])).rejects.toThrow("a comment must have 1 to 2,000 characters");
    await expect(set([asked[0]!], [null], [""])).rejects.toThrow("a comment must have 1 to 2,000 characters");
    await expect(set([asked[0]!, asked[0]!], [3, 4], [null, null])).rejects.toThrow("a response answers an item twice");
    // Nothing changed: the response still holds what it held.
    const after = await t.app.db.selectFrom("response").select("pendingItemIds").where("id", "=", response.id).executeTakeFirstOrThrow();
    expect(after.pendingItemIds).toEqual(response.pendingItemIds);
    // A comment at one position and a value at the other is a valid response.
    await raw(two, "{NULL,5}", '{"More deal reviews",NULL}');
    await set([asked[0]!], [7], [null]);
  });
});
