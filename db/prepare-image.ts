import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql, type Migration } from "kysely";
import { openDatabase, type Database } from "./client";
import { SQL_FUNCTIONS, type SqlFunctionFile } from "./functions/index";
import { migrateToLatest } from "./migrate";
import { migrations as allMigrations } from "./migrations/index";
import { pgliteVersion, type PreparedManifest } from "./prepared";

// Making the prepared PGlite data directories that `npm run build` ships (ADR 028; db/prepared.ts uses them).

/** A key for the schema an image holds: every migration's code, every SQL function, the PGlite version. */
export function schemaKey(migrations: Record<string, Migration> = allMigrations, functions: readonly SqlFunctionFile[] = SQL_FUNCTIONS): string {
  const hash = crypto.createHash("sha256");
  hash.update(`format 1\npglite ${pgliteVersion()}\n`);
  for (const [name, migration] of Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`migration ${name}\n${migration.up.toString()}\n${migration.down?.toString() ?? ""}\n`);
  }
  for (const fn of functions) hash.update(`function ${fn.name}\n${fn.sql}\n`);
  return hash.digest("hex");
}

export interface PrepareOptions {
  /** The migrations the image holds (all of them unless a test asks for an older schema). */
  migrations?: Record<string, Migration>;
  functions?: readonly SqlFunctionFile[];
  /** Fills the database further before it is closed (the demo's history). */
  fill?: (database: Database) => Promise<void>;
  /** Copy this image first instead of running initdb (the demo image starts from the baseline). */
  from?: string;
}

/**
 * Makes a prepared data directory at `target` (replacing what is there): initdb (or a copy of `from`), the
 * migrations and SQL functions, then `fill`, then a checkpoint and a clean close, so that the directory is
 * complete on disk. Written beside the target and renamed into place.
 */
export async function preparePgliteImage(target: string, options: PrepareOptions = {}): Promise<string[]> {
  const draft = `${path.resolve(target)}.making`;
  fs.rmSync(draft, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(draft), { recursive: true });
  if (options.from) fs.cpSync(options.from, draft, { recursive: true, mode: fs.constants.COPYFILE_FICLONE });
  const database = await openDatabase({ pgliteDir: draft, holder: `prepared image (pid ${process.pid})` });
  let applied: string[];
  try {
    await migrateToLatest(database.db, { migrations: options.migrations, functions: options.functions });
    applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db)).rows.map((r) => r.name);
    await options.fill?.(database);
    await sql`checkpoint`.execute(database.db);
  } finally {
    await database.close();
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(draft, target);
  return applied;
}

/** Writes an image's manifest beside it (after the directory is in place: a manifest names a complete image). */
export function writeManifest(root: string, manifest: PreparedManifest): void {
  const file = path.join(root, `${manifest.kind}.json`);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}
