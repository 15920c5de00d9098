// npm run bench:import — generates a 1,000,000-row Salesforce Opportunities export, imports it with the
// bundled CLI into PostgreSQL (streaming parse, validation of every row, COPY into the snapshot's new table,
// primary key, attach as a partition, all in one transaction: ADR 017), and in the same run loads the same
// file with `psql \copy` into a bare table with the same columns. Prints rows/s for both, the ratio and the
// CLI's peak RSS.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { openDatabase } from "#db/client";
import { generateSalesforceCsv } from "~/domain/crm";
import { fmt, machineLine, markdownTable, median, peakRssMiB, reportRows } from "./runner";
import { freshBenchDatabase } from "./postgres";
import { benchCrmPull } from "./crm-pull";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** As in package.json's candor:built: a larger young generation, for the many short-lived strings of a big file. */
const CLI_NODE_FLAGS = ["--max-semi-space-size=64"];
// Three runs each, interleaved: the median is robust to one run caught by a noisy neighbour on a shared machine.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_IMPORT_PART=csv or pull runs one half only (default both). */
const PART = process.env.BENCH_IMPORT_PART ?? "both";

function run(command: string, args: string[], env: Record<string, string>): Promise<{ ms: number; peakMiB: number | null; code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let peak: number | null = null;
    const sample = setInterval(() => {
      const rss = peakRssMiB(child.pid!);
      if (rss !== null) peak = Math.max(peak ?? 0, rss);
    }, 100);
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(sample);
      resolve({ ms: performance.now() - started, peakMiB: peak, code, output });
    });
  });
}

async function main() {
  const target = await freshBenchDatabase();
  if (!target) throw new Error("bench:import needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-bench-import-"));
  const file = path.join(dir, "opportunities.csv");
  try {
    // Without the footer, so that psql \copy can load the very same file.
    const out = fs.createWriteStream(file);
    const owners = Array.from({ length: 400 }, (_, i) => `rep${i}@bench.example`);
    for (const line of generateSalesforceCsv({ rows: ROWS, owners, asOf: "2026-06-30", seed: 1, includeFooter: false })) {
      if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve) => out.end(resolve));
    const sizeMb = fs.statSync(file).size / 1e6;
    const header = fs.readFileSync(file, "utf8").slice(0, 2000).split(/\r?\n/)[0]!.split(",");

    const db = await openDatabase({ url: target.url, poolSize: 1 });
    const columns = header.map((_, i) => `c${i} text`).join(", ");
    await sql`create table bare_opportunities (${sql.raw(columns)})`.execute(db.db);
    await db.close();

    // The CLI as production runs it: bundled JavaScript (`npm run candor:built`, no TypeScript loader), in one
    // process, so that its peak RSS is the import's own.
    const built = await run(process.execPath, ["scripts/build-server.mjs"], {});
    if (built.code !== 0) throw new Error(built.output);
    const node = process.execPath;
    // BENCH_PROFILE=dir writes a V8 CPU profile of each Candor import there, for finding where time goes.
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const candorCli = [...CLI_NODE_FLAGS, "build/server/candor.js"];
    const cli = (i: number) => run(node, [...profile, ...candorCli, "import-crm", "--org", `bench${i}`, "--file", file, "--dates", "us", "--json"], { DATABASE_URL: target.url });
    const prepare = await run(node, [...candorCli, "create-org", "--slug", "bench0", "--name", "Bench"], { DATABASE_URL: target.url });
    if (prepare.code !== 0) throw new Error(prepare.output);
    const psql = () =>
      run("psql", [target.url, "-v", "ON_ERROR_STOP=1", "-c", "truncate bare_opportunities", "-c", `\\copy bare_opportunities from '${file}' with (format csv, header true)`], {});

    if (PART !== "csv") await benchCrmPull({ url: target.url, dir, rows: ROWS, runs: RUNS, run, node, cli: candorCli });
    if (PART === "pull") return;
    const candor: Array<{ ms: number; peakMiB: number | null }> = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (i > 0) {
        const created = await run(node, [...candorCli, "create-org", "--slug", `bench${i}`, "--name", `Bench ${i}`], { DATABASE_URL: target.url });
        if (created.code !== 0) throw new Error(created.output);
      }
      const copy = await psql();
      if (copy.code !== 0) throw new Error(copy.output);
      bare.push(copy.ms);
      const imported = await cli(i);
      if (imported.code !== 0) throw new Error(imported.output.slice(0, 2000));
      const result = JSON.parse(imported.output.slice(imported.output.indexOf("{"))) as { status: string; rows: number };
      if (result.status !== "imported" || result.rows !== ROWS) throw new Error(`import did not take every row: ${imported.output.slice(0, 500)}`);
      candor.push(imported);
    }
    const candorRate = ROWS / (median(candor.map((c) => c.ms)) / 1000);
    const bareRate = ROWS / (median(bare) / 1000);
    console.info(`\nbench:import — ${ROWS.toLocaleString("en")}-row Salesforce export (${sizeMb.toFixed(0)} MB), ${RUNS} runs each, PostgreSQL`);
    console.info(machineLine());
    console.info(
      markdownTable(
        ["loader", "median seconds", "rows/s", "peak RSS MiB"],
        [
          [
            "Candor CLI import-crm (validate every row, COPY into the snapshot's table, key, attach; one transaction)",
            fmt(median(candor.map((c) => c.ms)) / 1000, 1),
            fmt(candorRate),
            fmt(Math.max(...candor.map((c) => c.peakMiB ?? 0))),
          ],
          ["psql \\copy into a bare table (no checks)", fmt(median(bare) / 1000, 1), fmt(bareRate), "n/a"],
        ],
      ),
    );
    console.info(`ratio (Candor ÷ \\copy rows/s): ${fmt(candorRate / bareRate, 2)} (goal ≥ 0.50)`);
    const peakMiB = Math.max(...candor.map((c) => c.peakMiB ?? 0));
    reportRows([
      {
        benchmark: "import",
        measure: `CRM rows/s, ${ROWS.toLocaleString("en")}-row Salesforce export, CLI vs psql \\copy (median of ${RUNS})`,
        candor: fmt(candorRate),
        baseline: fmt(bareRate),
        ratio: candorRate / bareRate,
        goal: "≥ 0.50 of \\copy",
        met: candorRate / bareRate >= 0.5,
      },
      {
        benchmark: "import",
        measure: "peak RSS of the import process (MiB)",
        candor: fmt(peakMiB),
        baseline: "n/a",
        ratio: null,
        goal: "< 600 MiB",
        met: peakMiB > 0 && peakMiB < 600,
      },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await target.drop();
  }
}

await main();
