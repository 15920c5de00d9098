// npm run bench:submit — pulse submissions through the real HTTP endpoint of the built server on
// PostgreSQL (session, same-origin check, validation, anonymous writes), against a bare node:http + pg
// server that parses the same form and inserts one row into an identical table, in the same run.
// Prints throughput and p99 for both and the ratio, then checks that every acknowledged submission is
// stored exactly once and that resent ones were not duplicated.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { sql } from "kysely";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { createSession } from "~/auth/session.server";
import { loadConfig } from "~/config.server";
import { createAppContext } from "~/context.server";
import { DEFAULT_ITEMS } from "~/domain/instrument";
import { createOrganisation } from "~/services/organisations.server";
import { applyRoster } from "~/services/roster.server";
import { createProgram } from "~/services/programs.server";
import { validateSessionToken } from "~/auth/session.server";
import { compare, cpuSeconds, fmt, machineLine, markdownTable, percentile, postgresPids, type Stats } from "./runner";
import { freshBenchDatabase } from "./postgres";

const PER_RUN = Number(process.env.BENCH_SUBMITS ?? 600);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RESEND_SHARE = 0.1;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function start(script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_PROFILE=dir writes a V8 CPU profile of the Candor server there, for finding where time goes.
  const profile = process.env.BENCH_PROFILE && script.includes("main.js") ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, script], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!/listening/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, child };
}

const KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const formKey = () => Array.from({ length: 26 }, () => KEY_ALPHABET[Math.floor(Math.random() * 32)]).join("");

function formBody(key: string): string {
  const form = new URLSearchParams({ idempotencyKey: key });
  for (const item of DEFAULT_ITEMS) {
    if (item.scale === "agree7") form.set(`a.${item.code}`, String(1 + Math.floor(Math.random() * 7)));
    else if (item.scale === "nps11") form.set(`a.${item.code}`, String(Math.floor(Math.random() * 11)));
    else if (Math.random() < 0.3) form.set(`a.${item.code}`, "More deal reviews where we ask questions.");
  }
  return form.toString();
}

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
  const database = await openDatabase({ url: target.url });
  try {
    await migrateToLatest(database.db);
    const config = loadConfig({ NODE_ENV: "production", APP_URL: "http://127.0.0.1", OUTBOX_DIR: "/tmp/candor-bench-outbox" });
    // No mail during the benchmark: invitations would only slow the setup.
  const app = createAppContext(database, config, { mailer: { description: "none", send: async () => {} } });

    // One organisation, one team per run of reps, one open wave asking all of them.
    const reps = PER_RUN * (RUNS + 1);
    const org = await createOrganisation(app, { slug: "bench", name: "Bench Sales" });
    const lines = ["email,name,role,team,manager_email", "admin@bench.example,Admin,admin,,", "enable@bench.example,Enablement,enablement,,"];
    for (let i = 0; i < reps; i++) lines.push(`rep${i}@bench.example,Rep ${i},rep,Field,`);
    const roster = await applyRoster(app, org.id, lines.join("\n"), { deactivateMissing: false });
    if (!roster.ok) throw new Error(JSON.stringify(roster.problems));
    const people = await database.db.selectFrom("person").select(["id", "email"]).where("organisationId", "=", org.id).where("role", "=", "rep").orderBy("email").execute();
    const enablementPerson = await database.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", "enable@bench.example").executeTakeFirstOrThrow();
    const enablement = (await validateSessionToken(app, (await createSession(app, enablementPerson)).token))!;
    const team = await database.db.selectFrom("team").select("id").where("organisationId", "=", org.id).executeTakeFirstOrThrow();
    const today = new Date().toISOString().slice(0, 10);
    await createProgram(app, enablement, {
      name: "Bench pulse",
      dimensionKeys: ["psychological_safety", "collaboration", "intel_sharing", "forecast_pressure"],
      itemCodes: ["ENPS", "COMMENT"],
      teamIds: [team.id],
      includeSubteams: true,
      cadence: "once",
      startsOn: today,
      openDays: 7,
      reminderDays: [],
    });
    const wave = await database.db.selectFrom("wave").select("id").where("organisationId", "=", org.id).executeTakeFirstOrThrow();
    const cookies = await Promise.all(people.map(async (p) => `candor_session=${(await createSession(app, { id: p.id, organisationId: org.id })).token}`));
    await sql`create table bare_response (like response including defaults including constraints)`.execute(database.db);

    const appServer = await start("build/server/main.js", { DATABASE_URL: target.url, CANDOR_WORKER: "off", DATABASE_POOL_SIZE: "10" });
    const bareServer = await start("scripts/bench/baselines/bare-submit.mjs", { DATABASE_URL: target.url, WAVE_ID: wave.id, TEAM_ID: team.id });

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
    console.info(ok ? "correctness: OK — every acknowledged submission stored exactly once, resends not duplicated" : "correctness: FAILED");
    if (!ok) process.exitCode = 1;
  } finally {
    await database.close();
    await target.drop();
  }
}

await main();
