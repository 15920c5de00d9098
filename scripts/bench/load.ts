// npm run bench:load — 10,000 reps answering within one minute against the built server on PostgreSQL,
// through the ballot path (ADR 021): each rep's browser asks for a blind signature (session cookie,
// POST /pulses/:waveId/ballot-signature), unblinds it and sends the ballot (no cookie, POST /ballots). An
// open model: reps arrive at a fixed rate whether or not earlier ones have finished (so a slow server meets
// a growing queue, as it would on a Monday morning), not a closed loop. The tokens are blinded before the
// clock starts (the browser's work, with its library); the unblinding is a BigInt multiplication. Reports
// errors, latency percentiles of the whole path and of each request, how far behind schedule reps started
// and CPU per rep; then checks that there is exactly one response per rep.
//   BENCH_REPS (10,000)   BENCH_SECONDS (60)
import fs from "node:fs";
import { sql } from "kysely";
import { cpuSeconds, fmt, machineLine, markdownTable, percentile, reportRows } from "./runner";
import { freshBenchDatabase, startPostgresCpu } from "./postgres";
import { answerFields, ballotBody, blindSignatureOf, blindTokens, seedPulseOrganisation, signatureRequestBody, startServer, unblinder } from "./pulse-setup";

const REPS = Number(process.env.BENCH_REPS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);

async function main() {
  if (!fs.existsSync("build/server/main.js")) throw new Error("Run `npm run build` first.");
  const target = await freshBenchDatabase();
  if (!target) throw new Error("bench:load needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL.");
  let phase = performance.now();
  const { database, waveId, teamId, cookies, personIds, publicKey } = await seedPulseOrganisation(target.url, REPS);
  const seededSeconds = (performance.now() - phase) / 1000;
  // The server starts now, before the long blinding, so that it runs the build as it was when this database
  // was migrated (others may rebuild meanwhile).
  const server = await startServer("build/server/main.js", { DATABASE_URL: target.url, CANDOR_WORKER: "off", DATABASE_POOL_SIZE: "10" });
  try {
    phase = performance.now();
    let shown = 0;
    const tokens = await blindTokens(publicKey, REPS, (done) => {
      if (done - shown >= REPS / 10 || done === REPS) {
        shown = done;
        console.info(`blinded ${done} of ${REPS} tokens (@cloudflare/blindrsa-ts, untimed)`);
      }
    });
    const blindedSeconds = (performance.now() - phase) / 1000;
    const unblind = unblinder(publicKey);
    // Statistics of the seeded tables, as a live database has them. The wave's responses start from none
    // and are not analyzed during the minute (autovacuum may be off here), which is the worst case for
    // store_ballot's plan (see bench:submit).
    await sql`analyze`.execute(database.db);
    const rate = REPS / SECONDS;
    const answers = cookies.map(() => answerFields());
    const json = { "Content-Type": "application/json", Accept: "application/json", Origin: server.url };
    const paths: number[] = [];
    const signatureLatencies: number[] = [];
    const ballotLatencies: number[] = [];
    const lateness: number[] = [];
    const outcomes = new Map<string, number>();
    const count = (key: string) => {
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    };
    const stopPostgres = await startPostgresCpu(database.db);
    const serverBefore = cpuSeconds([server.child.pid!]);
    const started = performance.now();
    const reps: Array<Promise<void>> = [];
    const answer = async (i: number, sentAt: number): Promise<void> => {
      const token = tokens[i]!;
      const signature = await fetch(`${server.url}/pulses/${waveId}/ballot-signature`, {
        method: "POST",
        headers: { ...json, Cookie: cookies[i]! },
        body: signatureRequestBody(token, personIds[i]!),
      });
      const signatureText = await signature.text();
      const signedAt = performance.now();
      signatureLatencies.push(signedAt - sentAt);
      if (signature.status !== 200) return count(`signature ${signature.status}`);
      const blindSignature = blindSignatureOf(JSON.parse(signatureText) as { blindSignature: string });
      const ballot = await fetch(`${server.url}/ballots`, {
        method: "POST",
        headers: json,
        body: ballotBody(waveId, teamId, token.message, unblind(blindSignature, token.inverse), answers[i]!),
      });
      const ballotText = await ballot.text();
      const done = performance.now();
      ballotLatencies.push(done - signedAt);
      if (ballot.status !== 200 || (JSON.parse(ballotText) as { status?: string }).status !== "saved") return count(`ballot ${ballot.status}`);
      paths.push(done - sentAt);
      count("saved");
    };
    for (let i = 0; i < REPS; i++) {
      const due = started + (i / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const sentAt = performance.now();
      lateness.push(sentAt - due);
      reps.push(
        answer(i, sentAt).catch((error: unknown) => {
          // undici says "fetch failed" and puts the reason (ECONNRESET, a connect timeout…) in `cause`.
          const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
          count(cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
        }),
      );
    }
    await Promise.all(reps);
    const totalSeconds = (performance.now() - started) / 1000;
    const serverCpuMs = ((cpuSeconds([server.child.pid!]) - serverBefore) * 1000) / REPS;
    const postgresCpuMs = ((await stopPostgres()) * 1000) / REPS;
    const saved = outcomes.get("saved") ?? 0;
    const responses = Number((await sql<{ n: number }>`select count(*) as n from response where wave_id = ${waveId}`.execute(database.db)).rows[0]!.n);
    const p = (values: number[], q: number) => (values.length ? fmt(percentile(values, q), 1) : "n/a");

    console.info(
      `\nbench:load — ${REPS.toLocaleString("en")} reps answering within ${SECONDS} s through the ballot path (open model, ${fmt(rate, 0)} reps/s, each: signature request, then ballot), built server on PostgreSQL`,
    );
    console.info(machineLine());
    console.info(
      `seeded ${REPS.toLocaleString("en")} reps with sessions and an open wave in ${fmt(seededSeconds, 0)} s; blinded their tokens (untimed) in ${fmt(blindedSeconds, 0)} s`,
    );
    console.info(
      markdownTable(
        [
          "reps",
          "saved (both 200)",
          "errors",
          "path p50 ms",
          "path p95 ms",
          "path p99 ms",
          "path max ms",
          "signature p99 ms",
          "ballot p99 ms",
          "all done after s",
          "p99 start lateness ms",
        ],
        [
          [
            REPS,
            saved,
            REPS - saved,
            p(paths, 50),
            p(paths, 95),
            p(paths, 99),
            paths.length ? fmt(Math.max(...paths), 1) : "n/a",
            p(signatureLatencies, 99),
            p(ballotLatencies, 99),
            fmt(totalSeconds, 1),
            fmt(percentile(lateness, 99), 1),
          ],
        ],
      ),
    );
    console.info(`CPU per rep (signature + ballot): server ${fmt(serverCpuMs, 2)} ms, PostgreSQL ${fmt(postgresCpuMs, 2)} ms`);
    if (saved !== REPS) console.info(`outcomes other than saved: ${JSON.stringify([...outcomes].filter(([s]) => s !== "saved"))}`);
    console.info(`stored: ${responses} responses for ${REPS} reps`);
    const ok = saved === REPS && responses === REPS && totalSeconds <= SECONDS * 1.05;
    console.info(ok ? `correctness: OK — no errors, every rep answered within the minute, exactly one response per rep` : "correctness: FAILED");
    if (!ok) process.exitCode = 1;
    reportRows([
      {
        benchmark: "load",
        measure: `${REPS.toLocaleString("en")} reps in ${SECONDS} s through the ballot path (open model; signature + ballot per rep): saved / errors / path p99 ms / stored responses`,
        candor: `${saved} / ${REPS - saved} / ${p(paths, 99)} / ${responses}`,
        baseline: "n/a",
        ratio: null,
        goal: `no errors, exactly ${REPS.toLocaleString("en")} responses, done within the minute (+5%)`,
        met: ok,
      },
    ]);
  } finally {
    server.child.kill("SIGTERM");
    await database.close();
    await target.drop();
  }
}

await main();
