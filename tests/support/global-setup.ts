import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { adminUrl, databaseUrl, postgresSkipNotice } from "./postgres-urls";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresTemplate: string | null;
  }
}

/**
 * Migrates one template per backend so that each test file gets a fresh, migrated database in well
 * under a second: PGlite loads a dumped data directory; PostgreSQL copies a template database.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-test-"));
  const pglite = await openDatabase({ pgliteDir: "memory://" });
  await migrateToLatest(pglite.db);
  const dump = await pglite.pglite!.dumpDataDir("gzip");
  await pglite.close();
  const templatePath = path.join(dir, "pglite-template.tar.gz");
  fs.writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplatePath", templatePath);

  let postgresTemplate: string | null = null;
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    postgresTemplate = `candor_tpl_${process.pid}`;
    const admin = await openDatabase({ url: adminUrl(base), poolSize: 1 });
    const { sql } = await import("kysely");
    await sql`drop database if exists ${sql.id(postgresTemplate)}`.execute(admin.db);
    await sql`create database ${sql.id(postgresTemplate)}`.execute(admin.db);
    const template = await openDatabase({ url: databaseUrl(base, postgresTemplate), poolSize: 1 });
    await migrateToLatest(template.db);
    await template.close();
    await admin.close();
  }
  project.provide("postgresTemplate", postgresTemplate);
  const notice = postgresSkipNotice(process.env);
  if (notice) console.warn(`\n${notice}\n`);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (base && postgresTemplate) {
      const admin = await openDatabase({ url: adminUrl(base), poolSize: 1 });
      const { sql } = await import("kysely");
      await sql`drop database if exists ${sql.id(postgresTemplate)}`.execute(admin.db);
      await admin.close();
    }
  };
}
