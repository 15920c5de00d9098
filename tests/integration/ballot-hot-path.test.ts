import http from "node:http";
import type { AddressInfo } from "node:net";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ballotHolder } from "../../app/auth/ballot-holder.server";
import { createSession, validateSessionToken } from "../../app/auth/session.server";
import { ballotPublicKey, hasBallot, signBallot, signBallotInSession } from "../../app/services/ballots.server";
import { findSessionWithPerson } from "../../db/queries/sessions";
import { createHttpApp } from "../../server/app";
import { audienceTeam, ballotFor, blindToken, sendBallot } from "../factories/ballots";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

// ADR 045: the ballot endpoints are answered on Node's own request, before Express, and their statements
// go to PostgreSQL as named prepared statements. Neither may change what ADR 021 promises: the same
// headers, the same-origin check and body limits as every other request, and the same answers.

describeWithDb("the ballot path's hot path", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  let server: http.Server;
  let base: string;
  const person = async (email: string) =>
    await t.app.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", `${email}@${org.slug}.example`).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 2 });
    ({ waveId } = await createOpenWave(t.app, org, { dimensionKeys: ["psychological_safety"], itemCodes: ["ENPS", "COMMENT"] }));
    server = http.createServer(createHttpApp({ app: t.app, build: () => Promise.reject(new Error("no Remix in this test")) }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t.app.config.appUrl = base;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers both endpoints with the headers every response carries, and the same refusals as before Express", async () => {
    const rep = await person("rep-a1");
    const cookie = await sessionCookieFor(t.app, rep);
    const teamId = await audienceTeam(t.app, waveId, rep.id);
    const token = await blindToken((await ballotPublicKey(t.app, waveId, teamId))!);
    const signed = await fetch(`${base}/pulses/${waveId}/ballot-signature?from=form`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", origin: base, cookie },
      body: JSON.stringify({ blindedMessage: encodeBase64urlNoPadding(token.blindedMessage) }),
    });
    expect(signed.status).toBe(200);
    const ballot = { waveId, teamId, message: encodeBase64urlNoPadding(token.message), answers: { "a.PS1": "6" } };
    const saved = await fetch(`${base}/ballots`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({
        ...ballot,
        signature: encodeBase64urlNoPadding(await token.finalize(new Uint8Array(Buffer.from(((await signed.json()) as { blindSignature: string }).blindSignature, "base64url")))),
      }),
    });
    expect(await saved.json()).toEqual({ status: "saved", changed: false, closesAt: expect.any(String) });
    for (const response of [signed, saved]) {
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      // A JSON answer: a policy that allows nothing, without a nonce (nothing in it runs).
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
    // Another site's page, a request with neither Origin nor Sec-Fetch-Site: 403, as for every mutation.
    const crossSite = await fetch(`${base}/ballots`, { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: "{}" });
    expect({ status: crossSite.status, text: await crossSite.text() }).toEqual({ status: 403, text: "Forbidden: this request did not come from a Candor page." });
    expect((await fetch(`${base}/ballots`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(403);
    // A declared length past the path's limit: refused before the body is read.
    const large = await fetch(`${base}/ballots`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: "x".repeat(64 * 1024 + 1) });
    expect({ status: large.status, body: await large.json() }).toEqual({ status: 413, body: { error: { status: 413, message: "This request is larger than 64 KiB." } } });
    // Not POST: 405 with Allow; a JSON body without a JSON type: 415; bad base64: 400.
    const get = await fetch(`${base}/pulses/${waveId}/ballot-signature`);
    expect({ status: get.status, allow: get.headers.get("allow") }).toEqual({ status: 405, allow: "POST" });
    expect((await fetch(`${base}/ballots`, { method: "POST", headers: { origin: base }, body: "{}" })).status).toBe(415);
    const badLength = await fetch(`${base}/ballots`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ ...ballot, signature: "abcde" }),
    });
    expect({ status: badLength.status, body: await badLength.json() }).toEqual({
      status: 400,
      body: { error: { status: 400, message: "The ballot's token or signature is not base64url." } },
    });
    // Other paths still go through Express (here to Remix, which this test does not have: a 500).
    expect((await fetch(`${base}/ballots/x`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: "{}" })).status).toBe(500);
    expect(await sql<{ n: number }>`select count(*)::int as n from response where wave_id = ${waveId}`.execute(t.app.db).then((r) => r.rows[0]!.n)).toBe(1);
  });

  it("issues in the statement that checks the session only for the sessions validateSessionToken accepts for that person", async () => {
    const rep = await person("rep-a2");
    const other = await person("rep-b2");
    const token = await blindToken((await ballotPublicKey(t.app, waveId, await audienceTeam(t.app, waveId, rep.id)))!);
    const marks = async () => (await sql<{ n: number }>`select count(*)::int as n from ballot_issuance where wave_id = ${waveId}`.execute(t.app.db)).rows[0]!.n;
    const fresh = async (change?: (sessionId: string) => Promise<unknown>) => {
      const { token: sessionToken } = await createSession(t.app, rep);
      await change?.(sessionToken.split(".")[0]!);
      return sessionToken;
    };
    const valid = await fresh();
    const cases = [
      { name: "another person's claim", sessionToken: valid, personId: other.id },
      { name: "a wrong secret", sessionToken: `${valid.split(".")[0]}.${"a".repeat(32)}`, personId: rep.id },
      { name: "an unknown session", sessionToken: `${"b".repeat(24)}.${valid.split(".")[1]}`, personId: rep.id },
      { name: "a token of another shape", sessionToken: "not-a-token", personId: rep.id },
      {
        name: "an expired session",
        sessionToken: await fresh((id) =>
          t.app.db
            .updateTable("session")
            .set({ expiresAt: new Date("2026-03-02T08:59:59Z") })
            .where("id", "=", id)
            .execute(),
        ),
        personId: rep.id,
      },
      {
        name: "a session expiring this instant",
        sessionToken: await fresh((id) =>
          t.app.db
            .updateTable("session")
            .set({ expiresAt: new Date("2026-03-02T09:00:00Z") })
            .where("id", "=", id)
            .execute(),
        ),
        personId: rep.id,
      },
      {
        name: "a session with a second to go",
        sessionToken: await fresh((id) =>
          t.app.db
            .updateTable("session")
            .set({ expiresAt: new Date("2026-03-02T09:00:01Z") })
            .where("id", "=", id)
            .execute(),
        ),
        personId: rep.id,
      },
    ];
    const before = await marks();
    const outcomes = [];
    for (const c of cases) {
      const typescript = (await validateSessionToken(t.app, c.sessionToken, { write: false }))?.personId === c.personId;
      const database = (await signBallotInSession(t.app, { waveId, personId: c.personId, sessionToken: c.sessionToken }, token.blindedMessage)) !== null;
      outcomes.push({ name: c.name, typescript, database });
      if (database)
        await t.app.db
          .deleteFrom("ballotIssuance")
          .where("waveId", "=", waveId)
          .where("holder", "=", ballotHolder(t.app.config, waveId, c.personId))
          .execute();
    }
    expect(outcomes).toEqual(cases.map((c) => ({ name: c.name, typescript: c.name === "a session with a second to go", database: c.name === "a session with a second to go" })));
    // A deactivated person's session proves nothing; nothing was written for any refused proof.
    await t.app.db.updateTable("person").set({ active: false }).where("id", "=", rep.id).execute();
    expect(await validateSessionToken(t.app, valid, { write: false })).toBeNull();
    expect(await signBallotInSession(t.app, { waveId, personId: rep.id, sessionToken: valid }, token.blindedMessage)).toBeNull();
    await t.app.db.updateTable("person").set({ active: true }).where("id", "=", rep.id).execute();
    expect(await marks()).toBe(before);
    // Over HTTP a wrong claim costs a round trip and changes nothing: the session's own person is signed for.
    const cookie = await sessionCookieFor(t.app, rep);
    const signed = await fetch(`${base}/pulses/${waveId}/ballot-signature`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie },
      body: JSON.stringify({ blindedMessage: encodeBase64urlNoPadding(token.blindedMessage), personId: other.id }),
    });
    expect(signed.status).toBe(200);
    expect([await hasBallot(t.app, waveId, rep.id), await hasBallot(t.app, waveId, other.id)]).toEqual([true, false]);
    // The right claim, signed in: the same blinded message again gets its signature; another is refused.
    const again = async (blinded: Uint8Array) =>
      fetch(`${base}/pulses/${waveId}/ballot-signature`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, cookie },
        body: JSON.stringify({ blindedMessage: encodeBase64urlNoPadding(blinded), personId: rep.id }),
      });
    const repeated = await again(token.blindedMessage);
    expect({ status: repeated.status, same: ((await repeated.json()) as { blindSignature: string }).blindSignature }).toEqual({
      status: 200,
      same: ((await signed.json()) as { blindSignature: string }).blindSignature,
    });
    const second = await blindToken((await ballotPublicKey(t.app, waveId, await audienceTeam(t.app, waveId, rep.id)))!);
    expect((await again(second.blindedMessage)).status).toBe(409);
    // No cookie: 401 before anything else, whatever the body claims.
    const anonymous = await fetch(`${base}/pulses/${waveId}/ballot-signature`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ blindedMessage: encodeBase64urlNoPadding(second.blindedMessage), personId: rep.id }),
    });
    expect(anonymous.status).toBe(401);
  });

  it("sends the session lookup, issue_ballot and store_ballot as named prepared statements on PostgreSQL", async () => {
    if (t.database.kind !== "postgres") return;
    const rep = await person("rep-b1");
    const ballot = await ballotFor(t.app, waveId, rep.id);
    expect(await sendBallot(t.app, ballot, { "a.PS1": "3" })).toMatchObject({ status: "saved" });
    // One connection, held: what it has prepared after running each statement once more.
    const prepared = await t.app.db.connection().execute(async (db) => {
      await findSessionWithPerson(db, "no-such-session");
      await signBallot({ ...t.app, db }, { waveId, personId: rep.id }, new Uint8Array(256));
      await signBallotInSession({ ...t.app, db }, { waveId, personId: rep.id, sessionToken: `${"c".repeat(24)}.${"d".repeat(32)}` }, new Uint8Array(256));
      await sendBallot({ ...t.app, db }, ballot, { "a.PS1": "4" });
      return (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements where name <> ''`.execute(db)).rows;
    });
    expect(prepared.map((p) => p.name).sort()).toEqual(["find_session", "issue_ballot", "store_ballot"]);
    expect(prepared.find((p) => p.name === "store_ballot")!.statement).toMatch(/from store_ballot\(\$1/);
  });
});
