import { RSABSSA } from "@cloudflare/blindrsa-ts";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { blindSign, privateKeyFromDer } from "../../app/auth/blind-rsa.server";
import { ballotPublicKey, openBallotPrivateKey, signBallot } from "../../app/services/ballots.server";
import { closeWave } from "../../app/services/waves.server";
import { createWaveLink } from "../../app/services/wave-links.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { audienceTeam, ballotFor, blindToken, sendBallot } from "../factories/ballots";
import { createOpenWave } from "../factories/pulse";
import { startHttpLayer } from "../support/http-layer";
import { describeWithDb } from "../support/test-db";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { said } from "../../app/i18n/said";

// ADR 021: a ballot carries no identity. The signature request says who asks (once per person per wave);
// the ballot (token, signature, answers) says only "a member of this team's audience in this wave".

describeWithDb("ballots", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  let otherWaveId: string;
  let close: () => Promise<void>;
  let base: string;
  const person = async (email: string) =>
    await t.app.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", `${email}@${org.slug}.example`).executeTakeFirstOrThrow();
  const counts = async (wave = waveId) => {
    const responses = await sql<{ n: number }>`select count(*)::int as n from response where wave_id = ${wave}`.execute(t.app.db);
    const marks = await sql<{ n: number }>`select count(*)::int as n from ballot_issuance where wave_id = ${wave}`.execute(t.app.db);
    return { responses: responses.rows[0]!.n, marks: marks.rows[0]!.n };
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const json = response.headers.get("content-type")?.startsWith("application/json");
    return { status: response.status, body: (json ? await response.json() : { text: await response.text() }) as Record<string, unknown> };
  };

  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 3 });
    ({ waveId } = await createOpenWave(t.app, org, { dimensionKeys: ["psychological_safety"], itemCodes: ["ENPS", "COMMENT"] }));
    ({ waveId: otherWaveId } = await createOpenWave(t.app, org, { name: "Second pulse", itemCodes: ["ENPS"] }));
    // The HTTP layer alone: these endpoints answer before Remix, which these tests never reach.
    ({ base, close } = await startHttpLayer(t.app));
  });
  afterAll(() => close());

  it("makes one key pair per team asked when the wave opens", async () => {
    const keys = await t.app.db.selectFrom("ballotKey").select(["teamId", "publicKey", "privateKey"]).where("waveId", "=", waveId).execute();
    expect(keys.map((k) => k.teamId).sort()).toEqual([org.teams.a, org.teams.a1, org.teams.b].sort());
    expect(new Set(keys.map((k) => encodeBase64urlNoPadding(k.publicKey))).size).toBe(3);
    expect(keys.every((k) => k.privateKey !== null)).toBe(true);
    // Sealed under the server's secret key: not a private key a database reader can use.
    for (const k of keys) expect(() => privateKeyFromDer(k.privateKey!)).toThrow();
    const key = keys[0]!;
    expect(() => openBallotPrivateKey(t.app, otherWaveId, key.teamId, key.privateKey!)).toThrow();
    expect(privateKeyFromDer(openBallotPrivateKey(t.app, waveId, key.teamId, key.privateKey!)).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("signs like the reference implementation: our OpenSSL BlindSign equals @cloudflare/blindrsa-ts's, and both finalize to a valid RSA-PSS signature", async () => {
    const key = await t.app.db
      .selectFrom("ballotKey")
      .select(["publicKey", "privateKey"])
      .where("waveId", "=", waveId)
      .where("teamId", "=", org.teams.b!)
      .executeTakeFirstOrThrow();
    const privateKey = openBallotPrivateKey(t.app, waveId, org.teams.b!, key.privateKey!);
    const token = await blindToken(key.publicKey);
    const ours = blindSign(privateKeyFromDer(privateKey), token.blindedMessage);
    const suite = RSABSSA.SHA384.PSS.Randomized();
    const reference = await crypto.subtle.importKey("pkcs8", new Uint8Array(privateKey), { name: "RSA-PSS", hash: "SHA-384" }, true, ["sign"]);
    const theirs = await suite.blindSign(reference, token.blindedMessage);
    expect(encodeBase64urlNoPadding(ours)).toBe(encodeBase64urlNoPadding(theirs));
    const signature = await token.finalize(ours);
    const publicKey = await crypto.subtle.importKey("spki", new Uint8Array(key.publicKey), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
    expect(await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 48 }, publicKey, new Uint8Array(signature), new Uint8Array(token.message))).toBe(true);
    // A message the server never saw blinded does not verify with that signature.
    const other = await blindToken(key.publicKey);
    expect(await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 48 }, publicKey, new Uint8Array(signature), new Uint8Array(other.message))).toBe(false);
  });

  it("stores a ballot under its team with no identity, in a transaction of its own (no xmin shared with participation)", async () => {
    const rep = await person("rep-a1");
    const before = await counts();
    const ballot = await ballotFor(t.app, waveId, rep.id);
    expect(await counts()).toEqual({ responses: before.responses, marks: before.marks + 1 });
    expect(await sendBallot(t.app, ballot, { "a.PS1": "6", "a.ENPS": "9", "a.COMMENT": "Good forecast calls" })).toMatchObject({ status: "saved", changed: false });
    expect(await counts()).toEqual({ responses: before.responses + 1, marks: before.marks + 1 });
    const shared = await sql<{ n: number }>`
      select count(*)::int as n from participation p join response r on r.xmin = p.xmin where p.wave_id = ${waveId} and r.wave_id = ${waveId}`.execute(t.app.db);
    expect(shared.rows[0]!.n).toBe(0);
    const stored = await t.app.db.selectFrom("response").select(["teamId", "pendingValues", "pendingComments"]).where("waveId", "=", waveId).execute();
    expect(stored).toContainEqual({ teamId: org.teams.a, pendingValues: expect.arrayContaining([6, 9]), pendingComments: expect.arrayContaining(["Good forecast calls"]) });
  });

  it("changes answers with the same token and never makes a second response from it, even sent twice at once", async () => {
    const rep = await person("rep-a2");
    const ballot = await ballotFor(t.app, waveId, rep.id);
    const before = await counts();
    const [one, two] = await Promise.all([sendBallot(t.app, ballot, { "a.PS1": "2" }), sendBallot(t.app, ballot, { "a.PS1": "2" })]);
    expect([one.status, two.status]).toEqual(["saved", "saved"]);
    expect(await counts()).toEqual({ responses: before.responses + 1, marks: before.marks });
    expect(await sendBallot(t.app, ballot, { "a.PS1": "5", "a.ENPS": "3" })).toMatchObject({ status: "saved", changed: true });
    expect(await counts()).toEqual({ responses: before.responses + 1, marks: before.marks });
    const values = await sql<{ v: number[] }>`select pending_values as v from response where wave_id = ${waveId} and team_id = ${org.teams.a!} and 3 = any(pending_values)`.execute(
      t.app.db,
    );
    expect(values.rows.map((r) => [...r.v].sort())).toEqual([[3, 5]]);
  });

  it("has no unique index on response but its key and the ballot's, so a double send can never meet a unique violation", async () => {
    // store_ballot's ON CONFLICT (wave_id, ballot_hash) decides a double send; PostgreSQL raises 23505 instead
    // when two speculative inserts of the same row meet on any other unique index (bench:submit saw one such
    // 500 in ~250 double sends while (wave_id, thread_key) was unique: migration 0043).
    const unique = await sql<{ name: string; definition: string }>`
      select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
      from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = 'response'::regclass and x.indisunique order by 1`.execute(t.app.db);
    expect(unique.rows.map((r) => r.definition.replace(/^.* USING btree /, ""))).toEqual(["(id)", "(wave_id, ballot_hash)"]);
  });

  it("gives one signature per person per wave: the same blinded message again gets the same signature, another is refused", async () => {
    const rep = await person("rep-b1");
    const teamId = await audienceTeam(t.app, waveId, rep.id);
    const token = await blindToken((await ballotPublicKey(t.app, waveId, teamId))!);
    const first = await signBallot(t.app, { waveId, personId: rep.id }, token.blindedMessage);
    const again = await signBallot(t.app, { waveId, personId: rep.id }, token.blindedMessage);
    expect(first.status).toBe("signed");
    expect(again.status === "signed" && first.status === "signed" && encodeBase64urlNoPadding(again.blindSignature) === encodeBase64urlNoPadding(first.blindSignature)).toBe(true);
    const second = await blindToken((await ballotPublicKey(t.app, waveId, teamId))!);
    const refused = await signBallot(t.app, { waveId, personId: rep.id }, second.blindedMessage);
    expect(refused).toEqual({ status: "refused", httpStatus: 409, message: said("pulse.alreadyAnswered") });
    expect(refused.status === "refused" && sayInEnglish(refused.message)).toMatch(/^You have already answered this pulse from another browser or device\./);
    // Not asked (a manager): 403; an unknown wave: 404 (as another organisation's, ADR 039); nothing marked.
    const manager = await person("manager-a");
    expect(await signBallot(t.app, { waveId, personId: manager.id }, second.blindedMessage)).toMatchObject({ status: "refused", httpStatus: 403 });
    expect(await signBallot(t.app, { waveId: "00000000-0000-4000-8000-000000000000", personId: rep.id }, second.blindedMessage)).toMatchObject({
      status: "refused",
      httpStatus: 404,
    });
    // A blinded message that is not a number below the modulus is refused, and the person may ask again.
    const rep3 = await person("rep-b2");
    const before = await counts();
    expect(await signBallot(t.app, { waveId, personId: rep3.id }, new Uint8Array(256).fill(255))).toMatchObject({ status: "refused", httpStatus: 400 });
    expect(await signBallot(t.app, { waveId, personId: rep3.id }, new Uint8Array(12))).toMatchObject({ status: "refused", httpStatus: 400 });
    expect(await counts()).toEqual(before);
    await expect(ballotFor(t.app, waveId, rep3.id)).resolves.toMatchObject({ teamId: org.teams.b });
  });

  it("refuses a ballot signed for another team, for another wave, or forged, with a 4xx and nothing stored", async () => {
    const repA = await person("rep-a3");
    const ballot = await ballotFor(t.app, waveId, repA.id);
    const before = await counts();
    // Team A's signature presented as Team B's ballot.
    expect(await sendBallot(t.app, { ...ballot, teamId: org.teams.b! }, { "a.PS1": "1" })).toMatchObject({ status: "refused", httpStatus: 403 });
    // This wave's signature presented for another wave of the same team.
    expect(await sendBallot(t.app, { ...ballot, waveId: otherWaveId }, { "a.ENPS": "1" })).toMatchObject({ status: "refused", httpStatus: 403 });
    // A forged signature: one bit flipped, or random bytes of the right length.
    const flipped = ballot.signature.slice();
    flipped[100]! ^= 1;
    expect(await sendBallot(t.app, { ...ballot, signature: flipped }, { "a.PS1": "1" })).toMatchObject({ status: "refused", httpStatus: 403 });
    expect(await sendBallot(t.app, { ...ballot, signature: crypto.getRandomValues(new Uint8Array(256)) }, { "a.PS1": "1" })).toMatchObject({ status: "refused", httpStatus: 403 });
    // Another message with this signature.
    const message = ballot.message.slice();
    message[40]! ^= 1;
    expect(await sendBallot(t.app, { ...ballot, message }, { "a.PS1": "1" })).toMatchObject({ status: "refused", httpStatus: 403 });
    // A team of no key, a wave that is not one.
    expect(await sendBallot(t.app, { ...ballot, teamId: org.teams.region! }, { "a.PS1": "1" })).toMatchObject({ status: "refused", httpStatus: 404 });
    expect(await sendBallot(t.app, { ...ballot, waveId: "not-a-wave" }, { "a.PS1": "1" })).toMatchObject({ status: "refused", httpStatus: 404 });
    // Bad answers with a valid ballot: field errors, nothing stored.
    const badAnswers = await sendBallot(t.app, ballot, { "a.PS1": "9", "a.XX": "1" });
    expect(badAnswers).toMatchObject({ status: "refused", httpStatus: 400 });
    expect(badAnswers.status === "refused" && Object.fromEntries(Object.entries(badAnswers.fieldErrors).map(([k, v]) => [k, sayInEnglish(v)]))).toEqual({
      "a.PS1": "Choose a whole number from 1 to 7.",
      "a.XX": '"XX" is not a question of this pulse.',
    });
    expect(await counts()).toEqual(before);
    // The ballot itself is still good.
    expect(await sendBallot(t.app, ballot, { "a.PS1": "4" })).toMatchObject({ status: "saved", changed: false });
  });

  it("a reused token never makes a second response: in another wave or under another team it is refused (403, nothing stored); signed twice, it is still one response", async () => {
    const rep = await person("rep-a12");
    const ballot = await ballotFor(t.app, waveId, rep.id);
    const first = await counts();
    expect(await sendBallot(t.app, ballot, { "a.PS1": "6" })).toMatchObject({ status: "saved", changed: false });
    const saved = { here: await counts(), other: await counts(otherWaveId) };
    expect(saved.here.responses).toBe(first.responses + 1);
    // The same token and signature in the other open wave of the same team, and under another team here.
    expect(await sendBallot(t.app, { ...ballot, waveId: otherWaveId }, { "a.ENPS": "2" })).toMatchObject({ status: "refused", httpStatus: 403 });
    expect(await sendBallot(t.app, { ...ballot, teamId: org.teams.a! }, { "a.PS1": "2" })).toMatchObject({ status: "refused", httpStatus: 403 });
    expect({ here: await counts(), other: await counts(otherWaveId) }).toEqual(saved);
    // Someone who learnt the token has it signed again with their own one signature of this wave: a second
    // valid signature on the same token still reaches only that token's one response.
    const other = await person("rep-a13");
    const suite = RSABSSA.SHA384.PSS.Randomized();
    const key = await crypto.subtle.importKey("spki", new Uint8Array((await ballotPublicKey(t.app, waveId, ballot.teamId))!), { name: "RSA-PSS", hash: "SHA-384" }, true, [
      "verify",
    ]);
    const { blindedMsg, inv } = await suite.blind(key, ballot.message);
    const signed = await signBallot(t.app, { waveId, personId: other.id }, blindedMsg);
    expect(signed.status).toBe("signed");
    const secondSignature = await suite.finalize(key, ballot.message, (signed as { blindSignature: Uint8Array }).blindSignature, inv);
    expect(Buffer.from(secondSignature).equals(Buffer.from(ballot.signature))).toBe(false);
    expect(await sendBallot(t.app, { ...ballot, signature: secondSignature }, { "a.PS1": "3" })).toMatchObject({ status: "saved", changed: true });
    expect(await counts()).toEqual({ responses: saved.here.responses, marks: saved.here.marks + 1 });
  });

  it("answers the signature request and the ballot over HTTP: JSON errors, no ballot with a session cookie", async () => {
    const rep = await person("rep-a11");
    const cookie = await sessionCookieFor(t.app, rep);
    const teamId = await audienceTeam(t.app, waveId, rep.id);
    const token = await blindToken((await ballotPublicKey(t.app, waveId, teamId))!);
    const blindedMessage = encodeBase64urlNoPadding(token.blindedMessage);
    const untouched = await counts();
    // No session, a cross-site request, not JSON, bad JSON, too large.
    // A refusal the page shows a person comes in English and said (its key), for the page to say in its language.
    expect(await post(`/pulses/${waveId}/ballot-signature`, { blindedMessage })).toEqual({
      status: 401,
      body: { error: { status: 401, message: "Sign in to answer this pulse.", said: { message: said("pulse.refused.signIn") } } },
    });
    expect((await post(`/pulses/${waveId}/ballot-signature`, { blindedMessage }, { cookie, origin: "https://evil.example" })).status).toBe(403);
    // A refusal only another client than Candor's page can cause is English only: the page shows "could not be sent".
    expect((await post(`/pulses/${waveId}/ballot-signature`, "{", { cookie })).body).toEqual({ error: { status: 400, message: "The body is not valid JSON." } });
    expect((await post(`/pulses/${waveId}/ballot-signature`, { blindedMessage: "a".repeat(6000) }, { cookie })).status).toBe(413);
    expect((await post(`/pulses/${waveId}/ballot-signature`, { blindedMessage: "!!" }, { cookie })).body).toMatchObject({
      error: { status: 400, fields: { blindedMessage: "must be base64url" } },
    });
    expect(await counts()).toEqual(untouched);
    const signed = await post(`/pulses/${waveId}/ballot-signature`, { blindedMessage }, { cookie });
    expect(signed.status).toBe(200);
    const signature = encodeBase64urlNoPadding(await token.finalize(Uint8Array.from(Buffer.from(String(signed.body.blindSignature), "base64url"))));
    const ballot = { waveId, teamId, message: encodeBase64urlNoPadding(token.message), signature, answers: { "a.PS1": "7" } };
    // The ballot refuses Candor's session cookie: the server must never see a ballot beside an identity.
    const withCookie = await post("/ballots", ballot, { cookie });
    expect(withCookie).toEqual({
      status: 400,
      body: {
        error: {
          status: 400,
          message: "A ballot must be sent without cookies, so that nothing in it says who sent it. Reload the page and send again.",
          said: { message: said("pulse.refused.ballotWithCookies") },
        },
      },
    });
    const before = await counts();
    expect(await post("/ballots", ballot)).toEqual({ status: 200, body: { status: "saved", changed: false, closesAt: expect.any(String) } });
    expect(await post("/ballots", ballot)).toMatchObject({ status: 200, body: { status: "saved", changed: true } });
    expect(await counts()).toEqual({ responses: before.responses + 1, marks: before.marks });
    const refused = await post("/ballots", { ...ballot, answers: { "a.PS1": "0" } });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          status: 400,
          message: "Nothing was saved: 1 answer needs fixing.",
          fields: { "a.PS1": "Choose a whole number from 1 to 7." },
          said: { message: said("pulse.answers.fix", { count: 1 }), fields: { "a.PS1": said("pulse.answers.range", { min: 1, max: 7 }) } },
        },
      },
    });
    // What the rep's page shows of it (ballot.client.ts reads `said`): their language's words, German and Japanese.
    const shown = refused.body.error as { said: { message: string; fields: Record<string, string> } };
    expect(translatorFor("de").say(shown.said.message)).toBe("Nichts wurde gespeichert: 1 Antwort muss korrigiert werden.");
    expect(translatorFor("de").say(shown.said.fields["a.PS1"]!)).toBe("Wählen Sie eine ganze Zahl von 1 bis 7.");
    expect(translatorFor("ja").say(shown.said.message)).toBe("何も保存されていません。1件の回答を修正してください。");
    expect(translatorFor("ja").say(shown.said.fields["a.PS1"]!)).toBe("1から7までの整数を選んでください。");
    expect((await post("/ballots", { ...ballot, teamId: org.teams.b })).status).toBe(403);
    expect((await post("/ballots", { waveId })).body).toMatchObject({ error: { status: 400, fields: { teamId: expect.any(String) } } });
    const notJson = await fetch(`${base}/ballots`, { method: "POST", headers: { origin: base, "content-type": "text/plain" }, body: "x" });
    expect(notJson.status).toBe(415);
    expect((await fetch(`${base}/ballots`)).status).toBe(405);
  });

  it("signs for a personal link, and refuses ballots and signatures once the wave has closed", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const { waveId: wave } = await createOpenWave(t.app, fresh, { itemCodes: ["ENPS"] });
    const rep = (await t.app.db.selectFrom("person").select("id").where("email", "=", `rep-b1@${fresh.slug}.example`).executeTakeFirstOrThrow()).id;
    const ballot = await ballotFor(t.app, wave, rep);
    const other = (await t.app.db.selectFrom("person").select("id").where("email", "=", `rep-a1@${fresh.slug}.example`).executeTakeFirstOrThrow()).id;
    const otherTeam = await audienceTeam(t.app, wave, other);
    const token = await blindToken((await ballotPublicKey(t.app, wave, otherTeam))!);
    // The personal link from the invitation is the credential; a wrong one is a 404.
    const link = new URL(await createWaveLink(t.app.db, base, wave, other)).pathname;
    const blindedMessage = encodeBase64urlNoPadding(token.blindedMessage);
    expect((await post(`${link}x/ballot-signature`, { blindedMessage })).status).toBe(404);
    const signed = await post(`${link}/ballot-signature`, { blindedMessage });
    expect(signed).toEqual({ status: 200, body: { blindSignature: expect.any(String), closesAt: expect.any(String) } });
    expect(await counts(wave)).toEqual({ responses: 0, marks: 2 });
    expect(await closeWave(t.app, wave)).toBe(true);
    expect(await sendBallot(t.app, ballot, { "a.ENPS": "8" })).toMatchObject({ status: "refused", httpStatus: 410, message: said("pulse.refused.closed") });
    // Over HTTP: English and said; the rep's page says it in German or Japanese.
    const b64 = (bytes: Uint8Array) => encodeBase64urlNoPadding(bytes);
    const closed = await post("/ballots", { waveId: wave, teamId: ballot.teamId, message: b64(ballot.message), signature: b64(ballot.signature), answers: { "a.ENPS": "8" } });
    expect(closed).toEqual({
      status: 410,
      body: { error: { status: 410, message: "This pulse has closed, so answers can no longer be sent or changed.", said: { message: said("pulse.refused.closed") } } },
    });
    expect(translatorFor("de").say(said("pulse.refused.closed"))).toBe("Diese Pulsbefragung ist beendet: Antworten können nicht mehr gesendet oder geändert werden.");
    expect(translatorFor("ja").say(said("pulse.refused.closed"))).toBe("このサーベイは締め切られたため、回答の送信や変更はできません。");
    // The personal link of a closed pulse is no longer one.
    const gone = await post(`${link}/ballot-signature`, { blindedMessage });
    expect(gone).toEqual({ status: 404, body: { error: { status: 404, message: "This pulse link is not valid.", said: { message: said("pulse.refused.linkInvalid") } } } });
    expect(translatorFor("de").say(said("pulse.refused.linkInvalid"))).toBe("Dieser Link zur Pulsbefragung ist nicht gültig.");
    expect(await signBallot(t.app, { waveId: wave, personId: other }, token.blindedMessage)).toMatchObject({ status: "refused", httpStatus: 410 });
    expect(await t.app.db.selectFrom("ballotKey").select("privateKey").where("waveId", "=", wave).where("privateKey", "is not", null).execute()).toEqual([]);
  });
});
