// The shared benchmark runner: warm-up, interleaved A/B runs, medians and the median of the per-pair
// ratio, and a line describing the machine. Benchmarks are scripts, never timed tests.
import fs from "node:fs";
import os from "node:os";

export interface Stats {
  n: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of the values (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error("percentile requires at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median requires at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function stats(values: number[]): Stats {
  return {
    n: values.length,
    median: median(values),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

export interface ComparisonOptions<T> {
  name: string;
  /** Runs of each side after the warm-up. */
  runs: number;
  warmup?: number;
  baseline: () => Promise<T>;
  candidate: () => Promise<T>;
  /** The figure to compare, from one run's result (lower is better unless `higherIsBetter`). */
  measure: (result: T) => number;
  higherIsBetter?: boolean;
}

export interface Comparison<T> {
  name: string;
  baseline: { stats: Stats; results: T[] };
  candidate: { stats: Stats; results: T[] };
  /** Median over the interleaved pairs of candidate ÷ baseline. */
  ratio: number;
}

/**
 * Runs baseline and candidate alternately (ABBA…), so that drift in the machine hits both sides alike,
 * and reports the median of the per-pair ratios.
 */
export async function compare<T>(options: ComparisonOptions<T>): Promise<Comparison<T>> {
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    await options.baseline();
    await options.candidate();
  }
  const base: T[] = [];
  const cand: T[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    let b: T;
    let c: T;
    if (i % 2 === 0) {
      b = await options.baseline();
      c = await options.candidate();
    } else {
      c = await options.candidate();
      b = await options.baseline();
    }
    base.push(b);
    cand.push(c);
    ratios.push(options.measure(c) / options.measure(b));
  }
  return {
    name: options.name,
    baseline: { stats: stats(base.map(options.measure)), results: base },
    candidate: { stats: stats(cand.map(options.measure)), results: cand },
    ratio: median(ratios),
  };
}

/** One line that says what machine the figures come from. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `machine: ${cpu}, ${os.availableParallelism()} cores, ${memory} GiB, ${os.platform()} ${os.release()}, node ${process.version}, ${new Date().toISOString()}`;
}

/** Peak resident memory (VmHWM) of a running process in MiB, from /proc; null where /proc is absent. */
export function peakRssMiB(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** A Markdown table, for the terminal and for docs/performance.md. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function fmt(value: number | null, digits = 0): string {
  return value === null ? "n/a" : value.toFixed(digits);
}

/** CPU seconds (user + system) used so far by processes, from /proc; 0 where /proc is absent. */
export function cpuSeconds(pids: number[]): number {
  let total = 0;
  for (const seconds of cpuSecondsByPid(pids).values()) total += seconds;
  return total;
}

/** CPU seconds (user + system) used so far by each process that is still running, from /proc. */
export function cpuSecondsByPid(pids: Iterable<number>): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the process ended
    }
  }
  return byPid;
}

/** The pids of the local PostgreSQL server's processes (by command name), for CPU accounting. */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** One line of the performance report (docs/performance.md): a figure of Candor's against its baseline. */
export interface ReportRow {
  benchmark: "start" | "submit" | "import" | "results" | "load";
  /** What was measured, in plain words. */
  measure: string;
  candor: string;
  baseline: string;
  /** Candor ÷ baseline, where the benchmark has a baseline. */
  ratio: number | null;
  goal: string;
  /** Whether the goal is met; null where the benchmark has no goal. */
  met: boolean | null;
}

/** Adds rows to the report file `npm run bench` collects (BENCH_REPORT); nothing when run on its own. */
export function reportRows(rows: ReportRow[]): void {
  const file = process.env.BENCH_REPORT;
  if (!file) return;
  fs.appendFileSync(file, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
}
