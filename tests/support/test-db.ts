import crypto from "node:crypto";
import fs from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDatabase, type Database, type DatabaseKind } from "../../db/client";
import { loadConfig } from "../../app/config.server";
import { createAppContext, type AppContext } from "../../app/context.server";
import { createMailer } from "../../app/mailer.server";
import { createLogger } from "../../app/log.server";
import { TestMailbox } from "./smtp";
import { adminUrl, databaseUrl } from "./postgres-urls";

export interface TestDatabase {
  kind: DatabaseKind;
  database: Database;
  app: AppContext;
  /** The real SMTP listener this database's mailer sends to. */
  mailbox: TestMailbox;
  /** Moves the test clock used by services (`app.now()`). */
  setNow(date: Date | string): void;
  close(): Promise<void>;
}

/** The backends integration tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const backends: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  let database: Database;
  let drop = async () => {};
  if (kind === "pglite") {
    const dump = fs.readFileSync(inject("pgliteTemplatePath"));
    database = await openDatabase({ pgliteDir: "memory://", pgliteLoadDataDir: new Blob([dump], { type: "application/x-gzip" }) });
  } else {
    const base = process.env.TEST_DATABASE_URL!;
    const template = inject("postgresTemplate");
    if (!template) throw new Error("TEST_DATABASE_URL is set but the PostgreSQL template was not prepared");
    const name = `candor_t_${crypto.randomBytes(6).toString("hex")}`;
    const admin = await openDatabase({ url: adminUrl(base), poolSize: 1 });
    await sql`create database ${sql.id(name)} template ${sql.id(template)}`.execute(admin.db);
    await admin.close();
    database = await openDatabase({ url: databaseUrl(base, name), poolSize: 5 });
    drop = async () => {
      const again = await openDatabase({ url: adminUrl(base), poolSize: 1 });
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      await again.close();
    };
  }
  let now: Date | null = null;
  const mailbox = await new TestMailbox().start();
  const config = loadConfig({ NODE_ENV: "test", PORT: "3000", APP_URL: "http://candor.test", SMTP_URL: mailbox.url });
  const log = createLogger({ level: config.LOG_LEVEL });
  const app = createAppContext(database, config, {
    log,
    mailer: createMailer(config, log),
    now: () => (now ? new Date(now) : new Date()),
  });
  return {
    kind,
    database,
    app,
    mailbox,
    setNow: (date) => {
      now = new Date(date);
    },
    close: async () => {
      await mailbox.stop();
      await database.close();
      await drop();
    },
  };
}

/**
 * Runs the suite once per backend, each on its own fresh database:
 * `describeWithDb("teams", (t) => it("…", () => listTeams(t.app, …)))`.
 */
export function describeWithDb(name: string, suite: (t: TestDatabase) => void): void {
  for (const kind of backends) {
    describe(`${name} [${kind}]`, () => {
      const holder = {} as TestDatabase;
      beforeAll(async () => {
        Object.assign(holder, await createTestDatabase(kind));
      });
      afterAll(async () => {
        await holder.close?.();
      });
      suite(holder);
    });
  }
}
