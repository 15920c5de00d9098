import crypto from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { formBody, formKey, seedPulseOrganisation } from "../../scripts/bench/pulse-setup";
import { proxyFor, type TcpProxy } from "../support/tcp-proxy";
import { hasTestPostgres } from "./support/postgres-only";
import { freshPostgresDatabase, startServer, type RunningServer } from "./support/server";

const REPS = 200;
const CONCURRENCY = 4;
/** One submission starts every this many ms (an open stream), so the outage falls in the middle of it. */
const SPACING_MS = 40;
const OUTAGE_AFTER_MS = 2_000;
const OUTAGE_MS = 3_000;

interface Sent {
  rep: number;
  key: string;
  body: string;
  answersSent: number;
  startedAt: number;
  status: number;
  location: string | null;
  text: string;
}

// PostgreSQL stops in the middle of a stream of pulse submissions and comes back. The machine's
// PostgreSQL is shared by the whole test suite (and other work), so it cannot really be stopped here:
// the TCP proxy stands in for it. Taking the proxy down resets every open connection and refuses new
// ones, which is what the server sees when PostgreSQL stops; bringing it up is PostgreSQL returning.
describe.skipIf(!hasTestPostgres("fault-database-outage"))("pulse submissions while PostgreSQL stops and returns", () => {
  let proxy: TcpProxy;
  let server: RunningServer;
  let drop: () => Promise<void>;
  let database: Database;
  let waveId: string;
  let cookies: string[];
  let personIds: string[];

  beforeAll(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    const seeded = await seedPulseOrganisation(fresh.url, REPS);
    ({ database, waveId, cookies } = seeded);
    // The seed gives one cookie per rep in the order of their e-mail addresses.
    personIds = (await database.db.selectFrom("person").select("id").where("role", "=", "rep").orderBy("email").execute()).map((p) => p.id);
    proxy = proxyFor(fresh.url);
    await proxy.up();
    server = await startServer({ DATABASE_URL: proxy.rewrite(fresh.url), DATABASE_CONNECT_TIMEOUT_MS: "1000", DATABASE_POOL_SIZE: "5" });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.down();
    await database?.close();
    await drop?.();
  });

  const submit = async (rep: number, key: string, body: string): Promise<Omit<Sent, "rep" | "key" | "body" | "answersSent">> => {
    const startedAt = Date.now();
    const response = await fetch(`${server.url}/pulses/${waveId}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookies[rep]!, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    return { startedAt, status: response.status, location: response.headers.get("location"), text: await response.text() };
  };

  /** The stored response of a form, by the ballot hash the app keeps on it (ADR 021), with its number of answers. */
  const stored = async (sent: Pick<Sent, "rep" | "key">[]) => {
    const hashes = sent.map((s) => crypto.createHash("sha256").update(`candor-form-ballot-v1\0${s.key}:${personIds[s.rep]}`).digest());
    const rows = await sql<{ hash: Buffer; answers: number }>`
      select r.ballot_hash as hash, (select count(*) from response_answer a where a.response_id = r.id) as answers
      from response r where r.wave_id = ${waveId} and r.ballot_hash = any(${hashes})`.execute(database.db);
    const byHash = new Map<string, number[]>();
    for (const row of rows.rows) byHash.set(row.hash.toString("hex"), [...(byHash.get(row.hash.toString("hex")) ?? []), row.answers]);
    return hashes.map((h) => byHash.get(h.toString("hex")) ?? []);
  };

  const counts = async () => {
    const row = await sql<{ responses: number; answered: number; empty: number; answers: number }>`
      select (select count(*) from response where wave_id = ${waveId}) as responses,
             (select count(*) from ballot_issuance where wave_id = ${waveId}) as answered,
             (select count(*) from response r where r.wave_id = ${waveId} and not exists (select from response_answer a where a.response_id = r.id)) as empty,
             (select count(*) from response_answer a join response r on r.id = a.response_id where r.wave_id = ${waveId}) as answers`.execute(database.db);
    return row.rows[0]!;
  };

  it("stores every acknowledged submission once and whole, answers the rest 503, and recovers without a restart", { timeout: 60_000 }, async () => {
    const started = Date.now();
    const sent: Sent[] = [];
    const outage = { from: 0, to: 0 };
    const outageDone = (async () => {
      await new Promise((r) => setTimeout(r, OUTAGE_AFTER_MS));
      outage.from = Date.now();
      await proxy.down();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await proxy.up();
      outage.to = Date.now();
    })();

    let next = 0;
    const worker = async () => {
      while (next < REPS) {
        const rep = next++;
        // An open stream: submission `rep` is not sent before its time, whatever the answers before it took.
        const due = started + rep * SPACING_MS;
        if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
        const key = formKey();
        const body = formBody(key);
        const answersSent = [...new URLSearchParams(body).keys()].filter((k) => k.startsWith("a.")).length;
        sent.push({ rep, key, body, answersSent, ...(await submit(rep, key, body)) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker)).catch((error: unknown) => {
      throw new Error(`a submission got no HTTP answer at all (${String(error)}); the server printed:\n${server.output()}`);
    });
    await outageDone;
    expect(sent).toHaveLength(REPS);

    const ok = sent.filter((s) => s.status === 303);
    const failed = sent.filter((s) => s.status !== 303);
    // The outage really fell in the middle of the stream: successes before it, failures in it, successes after.
    expect(ok.filter((s) => s.startedAt < outage.from).length).toBeGreaterThan(20);
    expect(failed.length).toBeGreaterThan(20);
    const afterwards = sent.filter((s) => s.startedAt > outage.to + 1_000);
    expect(afterwards.length).toBeGreaterThan(20);
    // The pool recovers by itself: once PostgreSQL has been back a second, every submission succeeds.
    expect(afterwards.map((s) => s.status)).toEqual(afterwards.map(() => 303));
    expect(server.process.exitCode).toBeNull();

    // Success is the redirect to the receipt.
    for (const s of ok) expect(s.location).toBe(`/pulses/${waveId}?saved=new`);
    // Everything else is a 503 with a page that says, in plain words, that nothing was saved.
    expect(new Set(failed.map((s) => s.status))).toEqual(new Set([503]));
    for (const s of failed) {
      expect(s.text).toContain("<h1>Candor is temporarily unavailable</h1>");
      expect(s.text).toContain("What you just sent may not have been saved. Go back and send it again in a minute.");
    }

    // Every acknowledged form is stored exactly once, with every answer it carried.
    const okStored = await stored(ok);
    expect(okStored).toEqual(ok.map((s) => [s.answersSent]));
    // A form answered 503 is stored whole or not at all (a commit whose reply the cut lost is whole too).
    const failedStored = await stored(failed);
    failedStored.forEach((answers, i) => expect([[], [failed[i]!.answersSent]]).toContainEqual(answers));
    const storedAnyway = failedStored.filter((a) => a.length > 0).length;
    // Nothing half-written: each response has answers. The signature record and the response are two
    // transactions (ADR 021): a form cut between them holds a record without a response until its resend.
    let c = await counts();
    expect(Number(c.answered)).toBeGreaterThanOrEqual(ok.length + storedAnyway);
    expect(Number(c.answered)).toBeLessThanOrEqual(ok.length + failed.length);
    expect({ ...c, answered: 0 }).toEqual({
      responses: ok.length + storedAnyway,
      answered: 0,
      empty: 0,
      answers: ok.reduce((n, s) => n + s.answersSent, 0) + failed.reduce((n, s, i) => n + (failedStored[i]!.length > 0 ? s.answersSent : 0), 0),
    });

    // The reps who got the error page send their form again (the browser's resend: the same form): it is saved,
    // and a form whose first attempt did reach the database is not stored twice.
    const resent = await Promise.all(failed.map((s) => submit(s.rep, s.key, s.body)));
    expect(resent.map((r) => r.status)).toEqual(failed.map(() => 303));
    expect(await stored(failed)).toEqual(failed.map((s) => [s.answersSent]));
    c = await counts();
    expect(c).toEqual({ responses: REPS, answered: REPS, empty: 0, answers: sent.reduce((n, s) => n + s.answersSent, 0) });
    expect(server.output()).not.toMatch(/uncaught|unhandled/i);
    console.info(
      `fault-database-outage: ${REPS} submissions, ${ok.length} acknowledged, ${failed.length} answered 503 ` +
        `(${storedAnyway} of them stored all the same), outage ${outage.to - outage.from} ms, all resent and stored; ${Date.now() - started} ms`,
    );
  });
});
