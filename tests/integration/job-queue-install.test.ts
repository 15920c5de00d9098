import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobQueue, type JobQueue } from "../../server/job-queue";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

// pg-boss installs its schema on its first start, in a transaction that fails when another connection
// installs it at the same moment: compose starts the app servers and the worker together on a new database.
// Several processes means PostgreSQL (PGlite is one process's), so this runs there only; each queue starts
// on a connection of its own, as separate processes would.
describe.skipIf(!process.env.TEST_DATABASE_URL)("job queue: the first start on a new database [postgres]", () => {
  let t: TestDatabase;
  const queues: JobQueue[] = [];
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    for (const q of queues) await q.stop();
    await t?.close();
  });

  it("three queues starting at once all start, and pg-boss's schema is installed once", async () => {
    const installed = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = 'pgboss'`.execute(t.app.db)).rows[0]!.n;
    expect(await installed()).toBe(0);
    const started = await Promise.allSettled([0, 1, 2].map(() => startJobQueue(t.app, t.database, { work: false })));
    for (const s of started) if (s.status === "fulfilled") queues.push(s.value);
    expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : "started"))).toEqual(["started", "started", "started"]);
    expect(await installed()).toBe(1);
    // The pool is healthy afterwards (no connection left inside a failed install), and the queue works.
    const checks = await Promise.all([0, 1, 2, 3, 4].map(() => sql<{ one: number }>`select 1 as one`.execute(t.app.db)));
    expect(checks.map((c) => c.rows[0]!.one)).toEqual([1, 1, 1, 1, 1]);
    await queues[0]!.kick();
    const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'candor-scheduler'`.execute(t.app.db);
    expect(jobs.rows[0]!.n).toBeGreaterThan(0);
  });
});
