// npm run bench — every benchmark in turn (start, submit, import, results, load) against the built
// server on PostgreSQL, then docs/performance.md: one Markdown table of figures and ratios against their
// baselines, with the machine line, followed by each benchmark's own output.
//   BENCH_ONLY=submit,load      run some of them; the report keeps the others' rows and sections from the
//                               report file as it was (each section's machine line dates it)
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

/**
 * What an earlier report holds per benchmark: its table rows (Markdown lines) and its section (from its
 * `## bench:<name>` heading to the next), so that a partial run can keep the figures it did not remeasure.
 */
function earlierReport(file: string): Map<string, { rows: string[]; section: string }> {
  const earlier = new Map<string, { rows: string[]; section: string }>();
  if (!fs.existsSync(file)) return earlier;
  const text = fs.readFileSync(file, "utf8");
  const entry = (name: string) => earlier.get(name) ?? earlier.set(name, { rows: [], section: "" }).get(name)!;
  for (const line of text.split("\n")) {
    const row = /^\| bench:(\w+) \|/.exec(line);
    if (row) entry(row[1]!).rows.push(line);
  }
  for (const part of text.split(/^(?=## bench:)/m).slice(1)) {
    const name = /^## bench:(\w+)/.exec(part)![1]!;
    entry(name).section = part.trim();
  }
  return earlier;
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
  const only = process.env.BENCH_ONLY?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
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
  const target = process.env.BENCH_REPORT_FILE ?? "docs/performance.md";
  // A partial run (BENCH_ONLY) keeps the other benchmarks' rows and sections from the report as it was.
  const earlier = only ? earlierReport(target) : new Map<string, { rows: string[]; section: string }>();
  const kept = ALL.filter((name) => !selected.includes(name) && earlier.has(name));
  const [header, rule, ...newRows] = markdownTable(
    ["benchmark", "measure", "Candor", "baseline", "ratio", "goal", "goal met"],
    rows.map((r) => [`bench:${r.benchmark}`, r.measure, r.candor, r.baseline, r.ratio === null ? "—" : fmt(r.ratio, 2), r.goal, verdict(r)]),
  ).split("\n");
  const rowsOf = (name: Name) => (selected.includes(name) ? newRows.filter((line) => line.startsWith(`| bench:${name} |`)) : (earlier.get(name)?.rows ?? []));
  const table = [header!, rule!, ...ALL.flatMap(rowsOf)].join("\n");
  const sectionOf = (name: Name) => {
    const run = runs.find((r) => r.name === name);
    if (run) return [`## bench:${run.name} (${fmt(run.seconds, 0)} s)`, "", "```text", summaryOf(run.name, run.output), "```", ""];
    const section = earlier.get(name)?.section;
    return section ? [section, ""] : [];
  };
  const failed = runs.filter((r) => r.code !== 0);
  const lines = [
    "# Performance",
    "",
    "Written by `npm run bench` (scripts/bench/all.ts); do not edit by hand. Each benchmark runs Candor and a",
    "bare baseline side by side in the same run and reports the ratio; see each one's output below for how.",
    "The goals are set out in [design/performance-goals.md](design/performance-goals.md).",
    "",
    machineLine(),
    "",
    table,
    "",
    failed.length > 0 ? `Benchmarks that ended with an error: ${failed.map((r) => `bench:${r.name} (exit ${r.code})`).join(", ")}.` : "Every benchmark ran to its end.",
    ...(kept.length > 0
      ? [
          "",
          `This run measured ${selected.map((n) => `bench:${n}`).join(", ")} (BENCH_ONLY); the rows and sections of ${kept.map((n) => `bench:${n}`).join(", ")} are from an earlier run, dated by their sections' machine lines.`,
        ]
      : []),
    "",
    ...ALL.flatMap(sectionOf),
  ];
  fs.writeFileSync(target, lines.join("\n"));
  console.info(`\n${table}\n\nwrote ${target}`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
