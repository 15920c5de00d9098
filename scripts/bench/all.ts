// npm run bench — every benchmark in turn (start, submit, import, results, load) against the built
// server on PostgreSQL, then docs/performance.md: one Markdown table of figures and ratios against their
// baselines, with the machine line, followed by each benchmark's own output.
//   BENCH_ONLY=submit,load      run some of them (the report then lists only those)
//   BENCH_REPORT_FILE=path      write the report elsewhere than docs/performance.md
// Each benchmark also reads its own size variables (see README, Benchmarks).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, machineLine, markdownTable, type ReportRow } from "./runner";
import { benchServerUrl } from "./postgres";

const ALL = ["start", "submit", "import", "results", "load"] as const;
type Name = (typeof ALL)[number];

/** Runs one benchmark script, echoing its output, and returns what it printed and how it ended. */
function runBenchmark(name: Name, reportFile: string): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/bench/${name}.ts`], {
      env: { ...process.env, BENCH_REPORT: reportFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const take = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString();
      to.write(chunk);
    };
    child.stdout.on("data", (c: Buffer) => take(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => take(c, process.stderr));
    child.on("error", (error) => resolve({ code: null, output: `${output}\ncould not run bench:${name}: ${error.message}`, seconds: (performance.now() - started) / 1000 }));
    child.on("close", (code) => resolve({ code, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** The part of a benchmark's output worth keeping: from its title line to the end. */
function summaryOf(name: Name, output: string): string {
  const start = output.indexOf(`bench:${name} —`);
  return (start >= 0 ? output.slice(start) : output.slice(-3000)).trim();
}

async function main() {
  if (!benchServerUrl()) {
    console.error("npm run bench needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a database whose role may CREATE DATABASE.");
    process.exit(1);
  }
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((n) => !(ALL as readonly string[]).includes(n)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(", ")}: choose from ${ALL.join(", ")}.`);
    process.exit(1);
  }
  const selected = ALL.filter((n) => !only || only.includes(n));

  console.info("== building the app (npm run build)");
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "candor-bench-")), "rows.jsonl");
  fs.writeFileSync(reportFile, "");
  const runs: Array<{ name: Name; code: number | null; output: string; seconds: number }> = [];
  for (const name of selected) {
    console.info(`\n== npm run bench:${name}`);
    runs.push({ name, ...(await runBenchmark(name, reportFile)) });
  }

  const rows = fs
    .readFileSync(reportFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ReportRow);
  const verdict = (row: ReportRow) => (row.met === null ? "—" : row.met ? "met" : "**missed**");
  const table = markdownTable(
    ["benchmark", "measure", "Candor", "baseline", "ratio", "goal", "goal met"],
    rows.map((r) => [`bench:${r.benchmark}`, r.measure, r.candor, r.baseline, r.ratio === null ? "—" : fmt(r.ratio, 2), r.goal, verdict(r)]),
  );
  const failed = runs.filter((r) => r.code !== 0);
  const lines = [
    "# Performance",
    "",
    "Written by `npm run bench` (scripts/bench/all.ts); do not edit by hand. Each benchmark runs Candor and a",
    "bare baseline side by side in the same run and reports the ratio; see each one's output below for how.",
    "",
    machineLine(),
    "",
    table,
    "",
    failed.length > 0 ? `Benchmarks that ended with an error: ${failed.map((r) => `bench:${r.name} (exit ${r.code})`).join(", ")}.` : "Every benchmark ran to its end.",
    "",
    ...runs.flatMap((r) => [`## bench:${r.name} (${fmt(r.seconds, 0)} s)`, "", "```text", summaryOf(r.name, r.output), "```", ""]),
  ];
  const target = process.env.BENCH_REPORT_FILE ?? "docs/performance.md";
  fs.writeFileSync(target, lines.join("\n"));
  console.info(`\n${table}\n\nwrote ${target}`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
