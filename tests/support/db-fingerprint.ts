import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/schema";

/**
 * Tables a request may change even when it is refused: sessions (the test signs in before each call and
 * the guard slides a session's expiry), failed sign-ins (counted to throttle), the API's per-token rate
 * windows and tokens' last use, and the migration bookkeeping.
 */
export const VOLATILE_TABLES = ["session", "login_failure", "api_rate_window", "api_token", "kysely_migration", "kysely_migration_lock"];

/** Table name → `count:md5` of its rows in a fixed order. Equal fingerprints mean equal contents. */
export type Fingerprint = Record<string, string>;

const tablesByDb = new WeakMap<object, string[]>();

/**
 * A fingerprint of every table in the public schema but `exclude`: its row count and the sum of its rows'
 * text hashes, in one query. Cheap on a test database of a few thousand rows; it lets a test say
 * "nothing changed" about every table an action could have written, not only the ones it means to.
 */
export async function fingerprint(db: Kysely<DB>, exclude: readonly string[] = VOLATILE_TABLES): Promise<Fingerprint> {
  let tables = tablesByDb.get(db);
  if (!tables) {
    // Partitions are left out: their parent (crm_opportunity) counts their rows, and a snapshot's partition
    // is dropped when the snapshot is deleted (ADR 051).
    const rows = await sql<{ name: string }>`select t.table_name as name from information_schema.tables t
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = t.table_name and c.relispartition)
      order by t.table_name`.execute(db);
    tables = rows.rows.map((r) => r.name);
    tablesByDb.set(db, tables);
  }
  const selected = tables.filter((t) => !exclude.includes(t));
  const parts = selected.map(
    // A sum of row hashes: independent of row order, so no sort, and no long string to build.
    (t) => sql`select ${t} as t, count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0) as f from ${sql.table(t)} x`,
  );
  const result = await sql<{ t: string; f: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(result.rows.map((r) => [r.t, r.f]));
}

/** The tables whose fingerprints differ, for a readable failure message. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
