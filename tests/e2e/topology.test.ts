import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { loadConfig } from "../../app/config.server";
import { createAppContext, type AppContext } from "../../app/context.server";
import { createApiToken } from "../../app/services/api-tokens.server";
import { SCHEDULER_QUEUE, startJobQueue, type JobQueue } from "../../server/job-queue";
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from "../factories/organisation";
import { createPulseProgram, userOf } from "../factories/pulse";
import { until } from "../support/processes";
import { hasTestPostgres } from "./support/postgres-only";
import { freshPostgresDatabase, startServer, type RunningServer } from "./support/server";

// The self-hosting topology (docs/self-hosting.md, compose.yaml) without containers: two built app servers
// with CANDOR_WORKER=off behind one public address, and the job worker, on one PostgreSQL database. Whatever
// one server learns, the other must know: sessions, the sign-in lockout and the API's rate limit live in
// PostgreSQL, and scheduled work is claimed there, so a wave opens once and a reminder goes once however
// many workers run (a second one here, as during a rolling upgrade).
const PUBLIC_URL = "http://candor.test";
const secret = crypto.randomBytes(32).toString("hex");
const outbox = fs.mkdtempSync(path.join(os.tmpdir(), "candor-topology-outbox-"));

/** The subjects of the mail written to the shared outbox so far (one .eml file per message). */
function mailSubjects(): string[] {
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => /^Subject: (.*)$/m.exec(fs.readFileSync(path.join(outbox, f), "utf8"))?.[1] ?? "");
}
const count = (subjects: string[], prefix: string) => subjects.filter((s) => s.startsWith(prefix)).length;

/** The image's health check (build/server/healthcheck.js) run as the container runs it: its exit code and what it said. */
function healthcheck(env: Record<string, string>, args: string[] = []): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["build/server/healthcheck.js", ...args],
      { env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", CANDOR_ENV_FILE: "", ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe.skipIf(!hasTestPostgres("topology"))("two app servers and a worker on one PostgreSQL behave as one system", () => {
  let fresh: { url: string; drop(): Promise<void> };
  let database: Database;
  let app: AppContext;
  let org: TestOrganisation;
  let programId: string;
  let a: RunningServer;
  let b: RunningServer;
  const workers: RunningServer[] = [];
  let queue: JobQueue | null = null;

  const appServer = () => startServer({ DATABASE_URL: fresh.url, CANDOR_WORKER: "off", TRUST_PROXY: "true", APP_URL: PUBLIC_URL, CANDOR_SECRET_KEY: secret, OUTBOX_DIR: outbox });
  const worker = () =>
    startServer(
      { DATABASE_URL: fresh.url, APP_URL: PUBLIC_URL, CANDOR_SECRET_KEY: secret, OUTBOX_DIR: outbox },
      { command: [process.execPath, "build/server/worker.js"], readyWhen: /worker running on postgres/ },
    );
  /** A request as the proxy forwards it: the public origin, and the client's address in X-Forwarded-For. */
  const send = (server: RunningServer, pathname: string, init: { method?: string; cookie?: string; body?: URLSearchParams; address?: string; bearer?: string } = {}) =>
    fetch(`http://127.0.0.1:${server.port}${pathname}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        Origin: PUBLIC_URL,
        "X-Forwarded-Host": "candor.test",
        "X-Forwarded-For": init.address ?? "203.0.113.1",
        ...(init.cookie ? { Cookie: init.cookie } : {}),
        ...(init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {}),
        ...(init.body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: init.body,
    });

  beforeAll(async () => {
    fresh = await freshPostgresDatabase();
    database = await openDatabase({ url: fresh.url, poolSize: 2 });
    await migrateToLatest(database.db);
    app = createAppContext(database, loadConfig({ NODE_ENV: "production", APP_URL: PUBLIC_URL, CANDOR_SECRET_KEY: secret, OUTBOX_DIR: outbox }));
    org = await createTestOrganisation(app, { reps: 5, slug: "topology" });
    // A one-off pulse that starts tomorrow (so creating it opens nothing), then moved to today: due, and
    // left for the job queue to open.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    ({ programId } = await createPulseProgram(app, org, { cadence: "once", startsOn: tomorrow, openDays: 7, reminderDays: [1] }));
    await app.db
      .updateTable("pulseProgram")
      .set({ startsOn: new Date().toISOString().slice(0, 10) })
      .where("id", "=", programId)
      .execute();
    [a, b] = await Promise.all([appServer(), appServer()]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), ...workers.map((w) => w.stop())]);
    await queue?.stop();
    await database?.close();
    await fresh?.drop();
    fs.rmSync(outbox, { recursive: true, force: true });
  });

  it("the containers' health check: each app server answers; a server that does not, fails", async () => {
    for (const server of [a, b]) expect(await healthcheck({ PORT: String(server.port) })).toEqual({ code: 0, output: "" });
    const stopped = await healthcheck({ PORT: "1" });
    expect(stopped.code).toBe(1);
    expect(stopped.output).toContain("unhealthy");
  });

  it("a session made on server A works on server B, and signing out on B ends it on A", async () => {
    const signIn = await send(a, "/login", { body: new URLSearchParams({ email: org.people.admin!.email, password: TEST_PASSWORD }) });
    expect(signIn.status).toBe(302);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const onB = await send(b, "/admin/people", { cookie });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain("Ada Admin");
    expect((await send(b, "/logout", { method: "POST", cookie, body: new URLSearchParams() })).status).toBe(302);
    const onA = await send(a, "/admin/people", { cookie });
    expect(onA.status).toBe(302);
    expect(onA.headers.get("location")).toMatch(/\/login/);
  });

  it("wrong passwords spread over A and B, from ten addresses, lock the account on both", async () => {
    const email = org.people.managerB!.email;
    for (let i = 0; i < 10; i++) {
      const response = await send(i % 2 ? b : a, "/login", { body: new URLSearchParams({ email, password: `wrong-${i}` }), address: `198.51.100.${i + 1}` });
      expect(response.status, `attempt ${i + 1}`).toBe(400);
    }
    // Five failures each: a count kept per server would not lock. The right password, from a new address:
    for (const server of [a, b]) {
      const response = await send(server, "/login", { body: new URLSearchParams({ email, password: TEST_PASSWORD }), address: "192.0.2.77" });
      expect(response.status).toBe(429);
      expect(await response.text()).toContain("Too many failed sign-ins");
    }
    // Another account from those addresses is not locked: the lock is the account's.
    const other = await send(b, "/login", { body: new URLSearchParams({ email: org.people.managerA!.email, password: TEST_PASSWORD }), address: "192.0.2.78" });
    expect(other.status).toBe(302);
  });

  it("the API's 60 requests a minute are counted across both servers", async () => {
    const { token } = await createApiToken(app, await userOf(app, org.people.admin!), "topology");
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await send(i % 2 ? b : a, "/api/v1/reliability", { bearer: token })).status);
    expect(statuses).toEqual(Array(60).fill(200));
    for (const server of [a, b]) {
      const over = await send(server, "/api/v1/reliability", { bearer: token });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("with CANDOR_WORKER=off the app servers open nothing; two workers open the due wave once and send each reminder once", async () => {
    const waves = () => app.db.selectFrom("wave").select(["id"]).where("programId", "=", programId).execute();
    // The servers have run for the tests above: no job worker among them touched the due pulse.
    expect(await waves()).toEqual([]);
    expect(a.output()).toContain("job worker: off");

    // No worker yet: the worker's health check says so.
    const noWorker = await healthcheck({ DATABASE_URL: fresh.url }, ["--worker"]);
    expect(noWorker.code).toBe(1);
    expect(noWorker.output).toContain("unhealthy");

    workers.push(...(await Promise.all([worker(), worker()])));
    const [wave] = await until(waves, (w) => w.length > 0, 30_000, "the workers to open the wave", 200);
    const audience = Number((await sql<{ n: number }>`select count(*) as n from wave_audience where wave_id = ${wave!.id}`.execute(app.db)).rows[0]!.n);
    const managers = Number((await sql<{ n: number }>`select count(*) as n from self_assessment where wave_id = ${wave!.id}`.execute(app.db)).rows[0]!.n);
    expect(audience).toBe(15);
    expect(managers).toBeGreaterThan(0);
    const invitations = () => count(mailSubjects(), "Your team pulse is open") + count(mailSubjects(), "Your self-assessment for");
    await until(
      async () => invitations(),
      (n) => n >= audience + managers,
      30_000,
      "the invitations",
      200,
    );
    await until(
      () => healthcheck({ DATABASE_URL: fresh.url }, ["--worker"]),
      (h) => h.code === 0,
      30_000,
      "the worker's health check to pass",
      500,
    );
    // Both workers ran the scheduler at start: give either time to (wrongly) open or mail again.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await waves()).toHaveLength(1);
    expect(invitations()).toBe(audience + managers);

    // A day later (the wave's opening moved back a day): reminder day 1 is due. Kick both workers at once.
    await sql`update wave set opens_at = opens_at - interval '1 day' where id = ${wave!.id}`.execute(app.db);
    queue = await startJobQueue(app, database, { work: false });
    await Promise.all([queue.boss.send(SCHEDULER_QUEUE, {}), queue.boss.send(SCHEDULER_QUEUE, {}), queue.boss.send(SCHEDULER_QUEUE, {})]);
    const reminders = () => count(mailSubjects(), "Reminder:");
    await until(
      async () => reminders(),
      (n) => n >= audience + managers,
      30_000,
      "the reminders",
      200,
    );
    await new Promise((r) => setTimeout(r, 5_000));
    expect(reminders()).toBe(audience + managers);
    const claimed = await sql<{ day: number }>`select day from wave_reminder where wave_id = ${wave!.id}`.execute(app.db);
    expect(claimed.rows.map((r) => r.day)).toEqual([1]);
    // Each worker wrote its own log: between them, one opened the wave and one sent the reminders.
    const logs = workers.map((w) => w.output()).join("\n");
    expect(logs.match(/opened 1 wave\(s\)/g)).toHaveLength(1);
    expect(logs.match(/sent \d+ reminder\(s\)/g)?.filter((m) => m !== "sent 0 reminder(s)")).toHaveLength(1);
  });
});
