// npm run bench:start — time from process start to the first 200 on `/`, for the built server on PGlite
// (fresh and existing data directory) and on PostgreSQL, against a bare node:http server that opens the
// same database, run side by side. Prints medians, the ratio and peak RSS. The fresh PGlite start has a goal
// (docs/design/performance-goals.md): the first page within 4 s, with no more peak memory than before the
// prepared data directories (ADR 028). The built server starts a new data directory from build/pglite.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { compare, type Comparison, fmt, machineLine, markdownTable, peakRssMiB, reportRows } from "./runner";
import { freshBenchDatabase } from "./postgres";

interface StartResult {
  ms: number;
  peakRssMiB: number | null;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The goal for a fresh PGlite data directory: first page within this many ms… */
const FRESH_GOAL_MS = 4000;
/** …and peak RSS no higher than the 913 MiB measured before ADR 028 (PGlite's initdb; docs/performance.md of 2026-11-28). */
const FRESH_GOAL_PEAK_RSS_MIB = 913;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `script` with `env`, polls / until it answers 200, records the time and peak RSS, stops it. */
async function timeStart(script: string, env: Record<string, string>): Promise<StartResult> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${script} exited early: ${stderr}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        await response.arrayBuffer();
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    return { ms, peakRssMiB: peakRssMiB(child.pid!) };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

function tempDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "candor-bench-")), "pglite");
}

async function main() {
  if (!fs.existsSync("build/server/main.js")) throw new Error("Run `npm run build` first.");
  const app = "build/server/main.js";
  const bare = "scripts/bench/baselines/bare-start.mjs";
  const results: Array<Comparison<StartResult>> = [];

  results.push(
    await compare({
      name: "PGlite, fresh data directory",
      runs: RUNS,
      warmup: 0,
      baseline: () => timeStart(bare, { PGLITE_DIR: tempDir() }),
      candidate: () => timeStart(app, { PGLITE_DIR: tempDir(), CANDOR_SEED_DEMO: "true" }),
      measure: (r) => r.ms,
    }),
  );

  const appDir = tempDir();
  const bareDir = tempDir();
  results.push(
    await compare({
      name: "PGlite, existing data directory",
      runs: RUNS,
      warmup: 1,
      baseline: () => timeStart(bare, { PGLITE_DIR: bareDir }),
      candidate: () => timeStart(app, { PGLITE_DIR: appDir, CANDOR_SEED_DEMO: "true" }),
      measure: (r) => r.ms,
    }),
  );

  const pg = await freshBenchDatabase();
  if (pg) {
    try {
      results.push(
        await compare({
          name: "PostgreSQL (migrated database)",
          runs: RUNS,
          warmup: 1,
          baseline: () => timeStart(bare, { DATABASE_URL: pg.url }),
          candidate: () => timeStart(app, { DATABASE_URL: pg.url, CANDOR_SEED_DEMO: "true" }),
          measure: (r) => r.ms,
        }),
      );
    } finally {
      await pg.drop();
    }
  } else {
    console.warn("PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it.");
  }

  const peakOf = (r: Comparison<StartResult>, side: "baseline" | "candidate") => Math.max(...r[side].results.map((x) => x.peakRssMiB ?? 0));
  const peak = (r: Comparison<StartResult>, side: "baseline" | "candidate") => fmt(peakOf(r, side));
  const fresh = results[0]!;
  const freshMet = fresh.candidate.stats.median <= FRESH_GOAL_MS && peakOf(fresh, "candidate") <= FRESH_GOAL_PEAK_RSS_MIB;
  const freshGoal = `≤ ${FRESH_GOAL_MS.toLocaleString("en")} ms, peak RSS ≤ ${FRESH_GOAL_PEAK_RSS_MIB} MiB`;
  console.info(`\nbench:start — process start to first 200 on / (${RUNS} interleaved runs each)`);
  console.info(machineLine());
  console.info(
    markdownTable(
      ["case", "Candor median ms", "Candor p95 ms", "bare median ms", "ratio (Candor ÷ bare)", "Candor peak RSS MiB", "bare peak RSS MiB"],
      results.map((r) => [
        r.name,
        fmt(r.candidate.stats.median),
        fmt(r.candidate.stats.p95),
        fmt(r.baseline.stats.median),
        fmt(r.ratio, 2),
        peak(r, "candidate"),
        peak(r, "baseline"),
      ]),
    ),
  );
  console.info(
    `goal for a fresh PGlite data directory: first 200 ${freshGoal} — ${freshMet ? "met" : "missed"} (median ${fmt(fresh.candidate.stats.median)} ms, peak RSS ${peak(fresh, "candidate")} MiB)`,
  );
  reportRows(
    results.map((r) => ({
      benchmark: "start",
      measure: `start to first 200, ${r.name} (median ms; Candor peak RSS ${peak(r, "candidate")} MiB)`,
      candor: fmt(r.candidate.stats.median),
      baseline: fmt(r.baseline.stats.median),
      ratio: r.ratio,
      goal: r === fresh ? freshGoal : "none set (figures and peak RSS reported)",
      met: r === fresh ? freshMet : null,
    })),
  );
}

await main();
