// npm run bench:load — 10,000 reps answering within one minute against the built server on PostgreSQL,
// as an open model: requests leave at a fixed arrival rate whether or not earlier ones have finished (so a
// slow server meets a growing queue, as it would on a Monday morning), not a closed loop. Reports
// errors, latency percentiles and how far behind schedule requests left; then checks that there are
// exactly as many responses and participation marks as reps.
import fs from "node:fs";
import { sql } from "kysely";
import { fmt, machineLine, markdownTable, percentile, reportRows } from "./runner";
import { freshBenchDatabase } from "./postgres";
import { formBody, formKey, seedPulseOrganisation, startServer } from "./pulse-setup";

const REPS = Number(process.env.BENCH_REPS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);

async function main() {
  if (!fs.existsSync("build/server/main.js")) throw new Error("Run `npm run build` first.");
  const target = await freshBenchDatabase();
  if (!target) throw new Error("bench:load needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL.");
  const seeding = performance.now();
  const { database, waveId, cookies } = await seedPulseOrganisation(target.url, REPS);
  const seededSeconds = (performance.now() - seeding) / 1000;
  const server = await startServer("build/server/main.js", { DATABASE_URL: target.url, CANDOR_WORKER: "off", DATABASE_POOL_SIZE: "10" });
  try {
    const rate = REPS / SECONDS;
    const bodies = cookies.map(() => formBody(formKey()));
    const latencies: number[] = [];
    const lateness: number[] = [];
    const statuses = new Map<number | string, number>();
    const started = performance.now();
    const requests: Array<Promise<void>> = [];
    for (let i = 0; i < REPS; i++) {
      const due = started + (i / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const sentAt = performance.now();
      lateness.push(sentAt - due);
      requests.push(
        fetch(`${server.url}/pulses/${waveId}`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: cookies[i]!, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
          body: bodies[i]!,
        })
          .then(async (response) => {
            await response.arrayBuffer();
            latencies.push(performance.now() - sentAt);
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          })
          .catch((error: unknown) => {
            // undici says "fetch failed" and puts the reason (ECONNRESET, a connect timeout…) in `cause`.
            const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
            const key = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
          }),
      );
    }
    await Promise.all(requests);
    const totalSeconds = (performance.now() - started) / 1000;
    const acknowledged = statuses.get(303) ?? 0;
    const responses = Number((await sql<{ n: number }>`select count(*) as n from response where wave_id = ${waveId}`.execute(database.db)).rows[0]!.n);
    const marks = Number((await sql<{ n: number }>`select count(*) as n from participation where wave_id = ${waveId} and answered_on is not null`.execute(database.db)).rows[0]!.n);

    console.info(`\nbench:load — ${REPS.toLocaleString("en")} reps answering within ${SECONDS} s (open model, ${fmt(rate, 0)} arrivals/s), built server on PostgreSQL`);
    console.info(machineLine());
    console.info(`seeded ${REPS.toLocaleString("en")} reps with sessions and an open wave in ${fmt(seededSeconds, 0)} s`);
    console.info(
      markdownTable(
        ["requests", "answered 303", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "all done after s", "p99 start lateness ms"],
        [
          [
            REPS,
            acknowledged,
            REPS - acknowledged,
            fmt(percentile(latencies, 50), 1),
            fmt(percentile(latencies, 95), 1),
            fmt(percentile(latencies, 99), 1),
            fmt(Math.max(...latencies), 1),
            fmt(totalSeconds, 1),
            fmt(percentile(lateness, 99), 1),
          ],
        ],
      ),
    );
    if (acknowledged !== REPS) console.info(`answers other than 303: ${JSON.stringify([...statuses].filter(([s]) => s !== 303))}`);
    console.info(`stored: ${responses} responses and ${marks} participation marks for ${REPS} reps`);
    const ok = acknowledged === REPS && responses === REPS && marks === REPS;
    console.info(ok ? "correctness: OK — no errors, exactly one response and one participation mark per rep" : "correctness: FAILED");
    if (!ok) process.exitCode = 1;
    reportRows([
      {
        benchmark: "load",
        measure: `${REPS.toLocaleString("en")} reps in ${SECONDS} s (open model): answered 303 / errors / p99 ms / stored responses`,
        candor: `${acknowledged} / ${REPS - acknowledged} / ${latencies.length ? fmt(percentile(latencies, 99), 1) : "n/a"} / ${responses}`,
        baseline: "n/a",
        ratio: null,
        goal: `no errors, exactly ${REPS.toLocaleString("en")} responses and participation marks`,
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
