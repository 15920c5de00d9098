import { DEFAULT_MIGRATION_LOCK_TABLE, MIGRATION_LOCK_ID, Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from "kysely";
import { SQL_FUNCTIONS, type SqlFunctionFile } from "./functions/index";
import { migrations as allMigrations } from "./migrations/index";

export interface MigrationReport {
  applied: string[];
}

export interface MigrateOptions {
  /** The migrations to run; all of them unless a test asks for the schema as it was at an earlier one. */
  migrations?: Record<string, Migration>;
  /** The function bodies to apply afterwards; those of db/functions unless a test says otherwise. */
  functions?: readonly SqlFunctionFile[];
}

/**
 * Brings the schema up to date: the bundled migrations, then every function body of db/functions
 * (ADR 027). Kysely's Migrator takes an advisory lock, so several processes starting at once run each
 * migration exactly once; the function bodies are applied under the same lock.
 */
export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions = {}): Promise<MigrationReport> {
  const migrations = options.migrations ?? allMigrations;
  if (await isUpToDate(db, Object.keys(migrations))) {
    await applySqlFunctions(db, options.functions ?? SQL_FUNCTIONS);
    return { applied: [] };
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName;
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed ?? "(unknown)"} failed: ${cause}`, { cause: result.error });
  }
  await applySqlFunctions(db, options.functions ?? SQL_FUNCTIONS);
  return { applied: (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}

/**
 * Whether the database has applied exactly these migrations, read in one query. Kysely's Migrator finds
 * its tables by introspecting every table and column, which takes 0.3–0.5 s of CPU on PGlite at every
 * start; when nothing is pending, that is all it would do. Anything else (a pending migration, an unknown
 * one, no migration table yet) goes to the Migrator, which locks and checks.
 */
async function isUpToDate(db: Kysely<any>, names: readonly string[]): Promise<boolean> {
  const table = await sql<{ name: string | null }>`select to_regclass('kysely_migration')::text as name`.execute(db);
  if (!table.rows[0]?.name) return false;
  const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
  const expected = [...names].sort();
  return applied.length === expected.length && applied.every((name, i) => name === expected[i]);
}

/**
 * Applies the current body of every SQL function (`create or replace`, db/functions/<name>.sql) after the
 * migrations, in one transaction, holding the advisory lock Kysely's Migrator takes: two processes never
 * replace a function at the same moment (PostgreSQL would refuse one with "tuple concurrently updated"),
 * and a process that is migrating is waited for. Idempotent: the same files leave the same functions.
 * Migrations still create triggers and drop functions that go; a migration that needs a function creates
 * its own (frozen) version, which the file's body then replaces.
 */
export async function applySqlFunctions(db: Kysely<any>, functions: readonly SqlFunctionFile[] = SQL_FUNCTIONS): Promise<void> {
  if (functions.length === 0) return;
  const adapter = db.getExecutor().adapter;
  const lock = { lockTable: DEFAULT_MIGRATION_LOCK_TABLE, lockRowId: MIGRATION_LOCK_ID };
  await db.connection().execute(async (connection) => {
    await adapter.acquireMigrationLock(connection, lock);
    try {
      await connection.transaction().execute(async (trx) => {
        for (const fn of functions) {
          try {
            await sql.raw(fn.sql).execute(trx);
          } catch (error) {
            throw new Error(`SQL function ${fn.name} (db/functions/${fn.name}.sql) could not be applied: ${error instanceof Error ? error.message : String(error)}`, {
              cause: error,
            });
          }
        }
      });
    } finally {
      await adapter.releaseMigrationLock(connection, lock);
    }
  });
}
