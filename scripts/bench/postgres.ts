import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { openDatabase } from "#db/client";
import type { DB } from "#db/schema";
import { cpuSecondsByPid } from "./runner";

/** The PostgreSQL server benchmarks use: BENCH_DATABASE_URL, else TEST_DATABASE_URL; null when neither is set. */
export function benchServerUrl(): string | null {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
}

/** A new empty database on the benchmark server, and a function that drops it. */
export async function freshBenchDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = benchServerUrl();
  if (!base) return null;
  const name = `candor_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = await openDatabase({ url: base, poolSize: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = await openDatabase({ url: base, poolSize: 1 });
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      await again.close();
    },
  };
}

/**
 * Starts measuring the PostgreSQL CPU spent for one database: the backends connected to it (the servers'
 * pools; autovacuum workers seen at either end), plus the server's WAL writer, checkpointer and background
 * writer (shared with other databases, and small). Other databases' backends are left out, so tests running
 * on the same PostgreSQL server do not count. A backend that connects during the measurement counts from its
 * start; one that exits during it loses what it used since the start. Call before the timed part; the
 * function it returns, after it, gives the CPU seconds in between.
 */
export async function startPostgresCpu(db: Kysely<DB>): Promise<() => Promise<number>> {
  const pids = async () =>
    (
      await sql<{ pid: number }>`select pid from pg_stat_activity
        where (datname = current_database() and pid <> pg_backend_pid())
          or backend_type in ('walwriter', 'checkpointer', 'background writer')`.execute(db)
    ).rows.map((r) => Number(r.pid));
  const before = cpuSecondsByPid(await pids());
  return async () => {
    const after = cpuSecondsByPid(new Set([...before.keys(), ...(await pids())]));
    let seconds = 0;
    for (const [pid, cpu] of after) seconds += cpu - (before.get(pid) ?? 0);
    return seconds;
  };
}
