import crypto from "node:crypto";
import { sql } from "kysely";
import { openDatabase } from "#db/client";

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
