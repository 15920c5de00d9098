import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "./client";

/**
 * Copying a whole embedded (PGlite) database into PostgreSQL, table by table, in one transaction on the
 * target (ADR 038). Both databases must be migrated to the same version first: the tables, their columns and
 * their foreign keys are read from the catalogues, so a table a later migration adds is moved without this
 * file changing. What is not moved: Kysely's migration bookkeeping (the target has its own, checked equal)
 * and pg-boss's schema (its jobs are the scheduler's ticks, made again by the target's worker; the work they
 * do is claimed in Candor's own tables).
 */

/** Rows of a table in the source, and then in the target. */
export interface TableCount {
  table: string;
  rows: number;
}

export interface MoveProgress {
  /** The table being copied, its place in the order, and how many rows of it are in so far. */
  table: string;
  index: number;
  total: number;
  rows: number;
  done: boolean;
}

export interface MoveOptions {
  /** Empty the target's Candor tables first (in the same transaction), instead of refusing a non-empty target. */
  replace: boolean;
  onProgress?: (progress: MoveProgress) => void;
  /** Heap pages of the source read per COPY (8 KiB each): bounds the memory a large table takes. */
  pagesPerChunk?: number;
}

export interface MoveReport {
  tables: TableCount[];
  sequences: number;
  /** The target's rows that `replace` removed, by table (none when it was empty). */
  replaced: TableCount[];
}

/** The target holds data and `replace` was not given: nothing was changed. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: TableCount[]) {
    super(`the target database is not empty: ${tables.map((t) => `${t.table} (${t.rows} rows)`).join(", ")}`);
  }
}

/** The two databases are not at the same schema: nothing was changed. */
export class SchemaMismatchError extends Error {}

interface TableInfo {
  name: string;
  kind: "r" | "p";
  /** For a partition: its parent and its bound (`FOR VALUES IN ('…')`). */
  parent: string | null;
  bound: string | null;
  columns: string[];
}

interface Catalog {
  tables: Map<string, TableInfo>;
  /** child → the tables its foreign keys point at. */
  references: Map<string, Set<string>>;
  sequences: string[];
  migrations: string[];
}

/** Kysely's bookkeeping: each side keeps its own (and the two are checked equal). */
const NOT_MOVED = new Set(["kysely_migration", "kysely_migration_lock"]);
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
// The one kind of partition Candor makes (crm_opportunity's, one per CRM snapshot, ADR 017): its bound is a
// uuid literal. Anything else is refused rather than pasted into DDL.
const PARTITION_BOUND = /^FOR VALUES IN \('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'\)$/;

type Query = (text: string, values?: unknown[]) => Promise<Array<Record<string, unknown>>>;

const quote = (name: string) => {
  if (!IDENTIFIER.test(name)) throw new SchemaMismatchError(`unexpected table or column name ${JSON.stringify(name)}`);
  return `"${name}"`;
};

/** The public schema's tables, columns, foreign keys, sequences and applied migrations. */
async function readCatalog(query: Query): Promise<Catalog> {
  const tableRows = await query(`
    select c.relname as name, c.relkind as kind, p.relname as parent, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_inherits i on i.inhrelid = c.oid
    left join pg_class p on p.oid = i.inhparent
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`);
  const columnRows = await query(`
    select c.relname as table_name, a.attname as column_name
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`);
  const referenceRows = await query(`
    select child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    where k.contype = 'f' and k.connamespace = 'public'::regnamespace`);
  const sequenceRows = await query(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'S' order by c.relname`);
  const migrationRows = await query(`select name from kysely_migration order by name`);

  const tables = new Map<string, TableInfo>();
  for (const row of tableRows) {
    const name = String(row.name);
    if (NOT_MOVED.has(name)) continue;
    tables.set(name, { name, kind: row.kind === "p" ? "p" : "r", parent: (row.parent as string | null) ?? null, bound: (row.bound as string | null) ?? null, columns: [] });
  }
  for (const row of columnRows) tables.get(String(row.table_name))?.columns.push(String(row.column_name));
  const references = new Map<string, Set<string>>();
  for (const row of referenceRows) {
    const child = String(row.child);
    if (!references.has(child)) references.set(child, new Set());
    references.get(child)!.add(String(row.parent));
  }
  return { tables, references, sequences: sequenceRows.map((r) => String(r.name)), migrations: migrationRows.map((r) => String(r.name)) };
}

/**
 * The tables that hold rows (plain tables and partitions; a partitioned parent holds none), parents before
 * the tables whose foreign keys point at them. A table pointing at itself (team's parent team) is copied in
 * one COPY, which PostgreSQL checks at its end. A cycle between tables would need deferred constraints,
 * which Candor has none of: it is refused.
 */
export function copyOrder(tables: Map<string, TableInfo>, references: Map<string, Set<string>>): string[] {
  const holding = [...tables.values()].filter((t) => t.kind === "r").map((t) => t.name);
  const pending = new Set(holding);
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((name) => [...(references.get(name) ?? [])].every((parent) => parent === name || !pending.has(parent))).sort();
    if (ready.length === 0) throw new SchemaMismatchError(`foreign keys form a cycle between ${[...pending].sort().join(", ")}`);
    for (const name of ready) {
      order.push(name);
      pending.delete(name);
    }
  }
  return order;
}

function sameSchema(source: Catalog, target: Catalog): void {
  if (source.migrations.join(",") !== target.migrations.join(",")) {
    throw new SchemaMismatchError(`the databases are at different migrations (source: ${source.migrations.at(-1) ?? "none"}, target: ${target.migrations.at(-1) ?? "none"})`);
  }
  for (const table of source.tables.values()) {
    if (table.parent) continue; // partitions are made on the target from their parent
    const other = target.tables.get(table.name);
    if (!other) throw new SchemaMismatchError(`the target has no table ${table.name}`);
    if ([...table.columns].sort().join(",") !== [...other.columns].sort().join(",")) throw new SchemaMismatchError(`table ${table.name} has other columns in the target`);
  }
}

/** The source's pages of a table, as text COPY chunks (ctid ranges: no key or ordering needed). */
async function* sourceChunks(source: Database, table: TableInfo, pagesPerChunk: number): AsyncGenerator<Uint8Array> {
  const pglite = source.pglite!;
  const size = await pglite.query<{ pages: number }>(`select ceil(pg_relation_size($1::regclass)::numeric / current_setting('block_size')::int)::int as pages`, [table.name]);
  const pages = Number(size.rows[0]?.pages ?? 0);
  const columns = table.columns.map(quote).join(", ");
  for (let first = 0; first < pages; first += pagesPerChunk) {
    const result = await pglite.query(
      `copy (select ${columns} from ${quote(table.name)} where ctid >= '(${first},0)'::tid and ctid < '(${first + pagesPerChunk},0)'::tid) to '/dev/blob' with (format text)`,
    );
    if (result.blob && result.blob.size > 0) yield new Uint8Array(await result.blob.arrayBuffer());
  }
}

/**
 * Copies every Candor table of `source` (PGlite) into `target` (PostgreSQL) in one transaction: all of it
 * or, on any error, none of it. The target's tables are locked for the duration, its user triggers (the
 * append-only and locked-threshold guards, which refuse rows written "after the fact") are off while rows
 * go in, then on again; foreign keys stay checked. Row counts are compared table by table before commit.
 */
export async function moveDatabase(source: Database, target: Database, options: MoveOptions): Promise<MoveReport> {
  if (source.kind !== "pglite" || !source.pglite) throw new Error("the source must be an embedded (PGlite) database");
  if (target.kind !== "postgres" || !target.pool) throw new Error("the target must be a PostgreSQL database");
  const pglite = source.pglite;
  // Text COPY in both directions, with the same date, interval and number styles on each side.
  await pglite.exec(`set datestyle = 'ISO, MDY'; set intervalstyle = 'postgres'; set timezone = 'UTC'; set extra_float_digits = 1; set bytea_output = 'hex'`);
  const sourceCatalog = await readCatalog(async (text, values) => (await pglite.query<Record<string, unknown>>(text, values)).rows);

  const client: PoolClient = await target.pool.connect();
  let failed: Error | undefined;
  try {
    const query: Query = async (text, values) => (await client.query(text, values)).rows as Array<Record<string, unknown>>;
    await client.query("begin");
    await client.query(`set local datestyle = 'ISO, MDY'; set local intervalstyle = 'postgres'; set local timezone = 'UTC'`);
    const targetCatalog = await readCatalog(query);
    sameSchema(sourceCatalog, targetCatalog);

    const targetTables = [...targetCatalog.tables.values()];
    const topLevel = targetTables.filter((t) => !t.parent).map((t) => quote(t.name));
    // Nobody else writes while the move runs (and the emptiness below stays true until commit).
    await client.query(`lock table ${topLevel.join(", ")} in access exclusive mode`);
    const filled: TableCount[] = [];
    for (const table of targetTables.filter((t) => t.kind === "r")) {
      const rows = await query(`select count(*)::int as n from ${quote(table.name)}`);
      const n = Number(rows[0]?.n ?? 0);
      if (n > 0) filled.push({ table: table.name, rows: n });
    }
    if (filled.length > 0 && !options.replace) throw new TargetNotEmptyError(filled);

    for (const name of topLevel) await client.query(`alter table ${name} disable trigger user`);
    if (filled.length > 0) {
      await client.query(`truncate ${topLevel.join(", ")}`);
      for (const partition of targetTables.filter((t) => t.parent)) await client.query(`drop table ${quote(partition.name)}`);
    }
    // The source's partitions (one per CRM snapshot), made as the migrations make them.
    for (const partition of [...sourceCatalog.tables.values()].filter((t) => t.parent)) {
      if (!partition.bound || !PARTITION_BOUND.test(partition.bound))
        throw new SchemaMismatchError(`partition ${partition.name} has an unexpected bound ${JSON.stringify(partition.bound)}`);
      await client.query(`create table ${quote(partition.name)} partition of ${quote(partition.parent!)} ${partition.bound}`);
    }

    const order = copyOrder(sourceCatalog.tables, sourceCatalog.references);
    const counts: TableCount[] = [];
    for (const [i, name] of order.entries()) {
      const table = sourceCatalog.tables.get(name)!;
      const expected = Number((await pglite.query<{ n: number }>(`select count(*)::int as n from ${quote(name)}`)).rows[0]?.n ?? 0);
      let rows = 0;
      if (expected > 0) {
        const stream = client.query(copyFrom(`copy ${quote(name)} (${table.columns.map(quote).join(", ")}) from stdin with (format text)`));
        const chunks = sourceChunks(source, table, options.pagesPerChunk ?? 2048);
        await pipeline(Readable.from(chunks), stream);
        rows = Number(stream.rowCount);
      }
      const stored = Number((await query(`select count(*)::int as n from ${quote(name)}`))[0]?.n ?? 0);
      if (rows !== expected || stored !== expected) throw new Error(`table ${name}: ${expected} rows in the source, ${stored} in the target`);
      counts.push({ table: name, rows });
      options.onProgress?.({ table: name, index: i + 1, total: order.length, rows, done: true });
    }

    for (const sequence of sourceCatalog.sequences) {
      const state = await pglite.query<{ last_value: string; is_called: boolean }>(`select last_value::text as last_value, is_called from ${quote(sequence)}`);
      const row = state.rows[0]!;
      await client.query(`select setval($1::regclass, $2::bigint, $3)`, [sequence, row.last_value, row.is_called]);
    }
    for (const name of topLevel) await client.query(`alter table ${name} enable trigger user`);
    await client.query("commit");
    return { tables: counts, sequences: sourceCatalog.sequences.length, replaced: filled };
  } catch (error) {
    failed = error instanceof Error ? error : new Error(String(error));
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    // A connection whose transaction failed is closed rather than returned to the pool.
    client.release(failed);
  }
}

/** The rows of every table Candor keeps (partitions included), for a comparison before and after a move. */
export async function countRows(database: Database): Promise<TableCount[]> {
  const run: Query =
    database.kind === "pglite"
      ? async (text, values) => (await database.pglite!.query<Record<string, unknown>>(text, values)).rows
      : async (text, values) => (await database.pool!.query(text, values)).rows as Array<Record<string, unknown>>;
  const catalog = await readCatalog(run);
  const counts: TableCount[] = [];
  for (const table of [...catalog.tables.values()].filter((t) => t.kind === "r").sort((a, b) => a.name.localeCompare(b.name))) {
    counts.push({ table: table.name, rows: Number((await run(`select count(*)::int as n from ${quote(table.name)}`))[0]?.n ?? 0) });
  }
  return counts;
}
