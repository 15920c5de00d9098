// npm run bench:submit — pulse submissions through the real HTTP endpoint of the built server on
// PostgreSQL (session, same-origin check, validation, anonymous writes), against a bare node:http + pg
// server that parses the same form and inserts one row into an identical table, in the same run.
// Prints throughput and p99 for both and the ratio, then checks that every acknowledged submission is
// stored exactly once and that resent ones were not duplicated.
import fs from "node:fs";
import { sql } from "kysely";
import { compare, cpuSeconds, fmt, machineLine, markdownTable, percentile, postgresPids, reportRows, type Stats } from "./runner";
import { freshBenchDatabase } from "./postgres";
import { formBody, formKey, seedPulseOrganisation, startServer } from "./pulse-setup";

const PER_RUN = Number(process.env.BENCH_SUBMITS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RESEND_SHARE = 0.1;

interface Submission {
  cookie: string;
  body: string;
  resend: boolean;
}

interface RunResult {
  /** CPU milliseconds per submission: the HTTP server process, and PostgreSQL's processes. */
  serverCpuMs: number;
  postgresCpuMs: number;
  throughput: number;
  p99: number;
  p50: number;
  acknowledged: number;
  failed: number;
}

/** Sends the submissions with a fixed number of concurrent clients; 303 is success. */
async function drive(url: string, path: string, submissions: Submission[], serverPid: number): Promise<RunResult> {
  const pg = postgresPids();
  const cpuBefore = [cpuSeconds([serverPid]), cpuSeconds(pg)] as const;
  const latencies: number[] = [];
  let acknowledged = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < submissions.length) {
      const s = submissions[next++]!;
      const t0 = performance.now();
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: s.cookie, Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
        body: s.body,
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status === 303) acknowledged++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const perSubmit = (before: number, pids: number[]) => ((cpuSeconds(pids) - before) * 1000) / submissions.length;
  return {
    serverCpuMs: perSubmit(cpuBefore[0], [serverPid]),
    postgresCpuMs: perSubmit(cpuBefore[1], pg),
    throughput: submissions.length / seconds, p99: percentile(latencies, 99), p50: percentile(latencies, 50), acknowledged, failed };
}

async function main() {
  if (!fs.existsSync("build/server/main.js")) throw new Error("Run `npm run build` first.");
  const target = await freshBenchDatabase();
  if (!target) throw new Error("bench:submit needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL.");
  // One organisation, one team, one open wave asking every rep of every run.
  const { database, waveId, teamId, cookies } = await seedPulseOrganisation(target.url, PER_RUN * (RUNS + 1));
  const wave = { id: waveId };
  const team = { id: teamId };
  try {
    await sql`create table bare_response (like response including defaults including constraints)`.execute(database.db);

    const appServer = await startServer("build/server/main.js", { DATABASE_URL: target.url, CANDOR_WORKER: "off", DATABASE_POOL_SIZE: "10" });
    const bareServer = await startServer("scripts/bench/baselines/bare-submit.mjs", { DATABASE_URL: target.url, WAVE_ID: wave.id, TEAM_ID: team.id });

    // Each run: PER_RUN reps answer once; a tenth of them resend the very same form (a double click).
    let batch = 0;
    const resentKeys: string[] = [];
    const nextBatch = (): Submission[] => {
      const slice = cookies.slice(batch * PER_RUN, (batch + 1) * PER_RUN);
      batch++;
      const submissions: Submission[] = [];
      for (const cookie of slice) {
        const key = formKey();
        const body = formBody(key);
        submissions.push({ cookie, body, resend: false });
        if (Math.random() < RESEND_SHARE) {
          submissions.push({ cookie, body, resend: true });
          resentKeys.push(key);
        }
      }
      return submissions;
    };
    const bareBodies = (): Submission[] => Array.from({ length: PER_RUN }, () => ({ cookie: "", body: formBody(formKey()), resend: false }));

    let appAcknowledged = 0;
    let appSent = 0;
    const result = await compare<RunResult>({
      name: "submit",
      runs: RUNS,
      warmup: 1,
      baseline: () => drive(bareServer.url, "/pulses/" + wave.id, bareBodies(), bareServer.child.pid!),
      candidate: async () => {
        const submissions = nextBatch();
        appSent += submissions.length;
        const r = await drive(appServer.url, `/pulses/${wave.id}`, submissions, appServer.child.pid!);
        appAcknowledged += r.acknowledged;
        return r;
      },
      measure: (r) => r.throughput,
      higherIsBetter: true,
    });
    appServer.child.kill("SIGTERM");
    bareServer.child.kill("SIGTERM");

    // Correctness: one response and one participation mark per rep who got a success; resends added nothing.
    const responses = (await sql<{ n: number }>`select count(*) as n from response where wave_id = ${wave.id}`.execute(database.db)).rows[0]!.n;
    const answered = (await sql<{ n: number }>`select count(*) as n from participation where wave_id = ${wave.id} and answered_on is not null`.execute(database.db)).rows[0]!.n;
    const repsSent = batch * PER_RUN;
    const failures = [...result.candidate.results].reduce((n, r) => n + r.failed, 0);

    console.info(`\nbench:submit — ${PER_RUN} reps per run (+${Math.round(RESEND_SHARE * 100)}% resent), ${CONCURRENCY} concurrent clients, ${RUNS} interleaved runs after a warm-up`);
    console.info(machineLine());
    const row = (name: string, s: Stats, runs: RunResult[]) => [
      name,
      fmt(s.median, 0),
      fmt(Math.max(...runs.map((r) => r.p99)), 1),
      fmt(percentile(runs.map((r) => r.p50), 50), 1),
      fmt(percentile(runs.map((r) => r.serverCpuMs), 50), 2),
      fmt(percentile(runs.map((r) => r.postgresCpuMs), 50), 2),
    ];
    console.info(
      markdownTable(
        ["server", "throughput (submits/s, median)", "p99 latency ms (worst run)", "p50 latency ms", "server CPU ms/submit", "PostgreSQL CPU ms/submit"],
        [row("Candor (real endpoint)", result.candidate.stats, result.candidate.results), row("bare node:http + pg", result.baseline.stats, result.baseline.results)],
      ),
    );
    console.info(`ratio (Candor ÷ bare throughput, median of interleaved pairs): ${fmt(result.ratio, 2)} (goal ≥ 0.50)`);
    console.info(
      `correctness: ${appSent} requests (${resentKeys.length} resent) from ${repsSent} reps → ${appAcknowledged} acknowledged, ${failures} failed; ` +
        `${responses} responses and ${answered} participation marks stored`,
    );
    const ok = failures === 0 && responses === repsSent && answered === repsSent;
    reportRows([
      {
        benchmark: "submit",
        measure: `pulse submits/s through the real endpoint (median of ${RUNS} runs, ${CONCURRENCY} clients); p99 ${fmt(Math.max(...result.candidate.results.map((r) => r.p99)), 1)} ms vs ${fmt(Math.max(...result.baseline.results.map((r) => r.p99)), 1)} ms; stored exactly once: ${ok ? "yes" : "NO"}`,
        candor: fmt(result.candidate.stats.median, 0),
        baseline: fmt(result.baseline.stats.median, 0),
        ratio: result.ratio,
        goal: "≥ 0.50 of the bare server",
        met: ok && result.ratio >= 0.5,
      },
    ]);
    console.info(ok ? "correctness: OK — every acknowledged submission stored exactly once, resends not duplicated" : "correctness: FAILED");
    if (!ok) process.exitCode = 1;
  } finally {
    await database.close();
    await target.drop();
  }
}

await main();
