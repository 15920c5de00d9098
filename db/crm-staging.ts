import { isUuid } from "../app/domain/ids";
import { once } from "node:events";
import { Kysely, PostgresDialect, sql } from "kysely";
import type { Pool, PoolClient } from "pg";
import { type Database, kyselyPlugins } from "./client";
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from "./copy-binary";
import { OPPORTUNITY_COLUMN_NAMES, opportunityValues, type StagedOpportunity } from "./crm-columns";
import { OpportunityCopyEncoder } from "./crm-copy";
import type { DB } from "./schema";

export type { StagedOpportunity };

/** Rows whose CRM id an earlier line of the file already has. */
export interface StagedDuplicates {
  count: number;
  /** The first `limit` of them, by line. */
  listed: Array<{ line: number; crmId: string; firstLine: number }>;
  /** How many of them each owner has (their deals are not counted when they are left out). */
  byOwner: Array<{ owner: string; rows: number }>;
}

/**
 * The load of one snapshot: rows go into a new table of the import's transaction as they are read; `db`
 * runs SQL in the same transaction. The table becomes the snapshot's partition of crm_opportunity
 * (ADR 017) once it is keyed and attached; a rollback leaves nothing.
 */
export interface StagingSession {
  db: Kysely<DB>;
  /** Adds a validated row from a line of the file; true when enough are buffered that `flush` should be awaited. */
  add(line: number, row: StagedOpportunity): boolean;
  flush(): Promise<void>;
  /** Ends the bulk load; afterwards `db` sees every added row. */
  finishLoading(): Promise<void>;
  /** Builds the primary key; false (and nothing keyed) when a CRM id is on two rows. */
  key(): Promise<boolean>;
  findDuplicates(limit: number): Promise<StagedDuplicates>;
  /** Deletes the later rows of each repeated CRM id (the first one stays). */
  dropDuplicates(): Promise<void>;
  /**
   * Waits for any other import to finish (commit or roll back), then keeps the others waiting until this
   * one ends: imports store their snapshot and attach its table one at a time. Two imports attaching at
   * once deadlock (each holds a lock the other's ATTACH needs), and an import that waits here sees a file
   * the other one just stored.
   */
  takeTurn(): Promise<void>;
  /** Attaches the keyed rows as the snapshot's partition. The snapshot row must exist. */
  attach(): Promise<void>;
}

/** The snapshot being imported (its id is made before its rows are loaded) and its organisation. */
export interface SnapshotIds {
  snapshotId: string;
  organisationId: string;
}

/** The table holding a snapshot's deals: `crm_opportunity_` and the snapshot's id without dashes. */
function snapshotTableName(snapshotId: string): string {
  return `crm_opportunity_${uuid(snapshotId).replace(/-/g, "")}`;
}

/** An id that goes into DDL as a literal (DDL takes no parameters): only ever a lower-case uuid. */
function uuid(id: string): string {
  if (!isUuid(id, { lowerCase: true })) throw new Error("expected a lower-case uuid");
  return id;
}

/**
 * The snapshot's new table in the import's transaction: making it, the COPY that fills it on PostgreSQL,
 * and the steps after loading, the same on both databases (key, duplicates, turn, attach). The ids are
 * uuids made by Candor, checked before they go into DDL as literals.
 */
function snapshotTable(db: Kysely<DB>, ids: SnapshotIds) {
  const name = snapshotTableName(ids.snapshotId);
  const table = sql.id(name);
  const snapshot = sql`${sql.lit(uuid(ids.snapshotId))}::uuid`;
  const create = async () => {
    // The defaults spare COPY two uuids a row; the CHECK lets ATTACH skip scanning the rows for it.
    await sql`create table ${table} (like crm_opportunity including defaults including constraints)`.execute(db);
    await sql`alter table ${table} alter column snapshot_id set default ${snapshot}, alter column organisation_id set default ${sql.lit(uuid(ids.organisationId))}::uuid,
      add constraint ${sql.id(`${name}_snapshot`)} check (snapshot_id = ${snapshot})`.execute(db);
  };
  const copySql = `copy ${name} (${OPPORTUNITY_COLUMN_NAMES.join(", ")}) from stdin with (format binary, freeze)`;
  const steps: Pick<StagingSession, "key" | "findDuplicates" | "dropDuplicates" | "takeTurn" | "attach"> = {
    key: async () => {
      await sql`savepoint crm_key`.execute(db);
      try {
        await sql`alter table ${table} add constraint ${sql.id(`${name}_pk`)} primary key (snapshot_id, crm_id)`.execute(db);
        await sql`release savepoint crm_key`.execute(db);
        return true;
      } catch (error) {
        await sql`rollback to savepoint crm_key`.execute(db);
        if ((error as { code?: string }).code === "23505") return false;
        throw error;
      }
    },
    findDuplicates: async (limit: number): Promise<StagedDuplicates> => {
      const later = sql`(select line, crm_id, owner, min(line) over (partition by crm_id) as first_line from ${table}) d where d.line > d.first_line`;
      const listed = await sql<{ line: number; crmId: string; firstLine: number }>`select line, crm_id, first_line from ${later} order by line limit ${limit}`.execute(db);
      const byOwner = await sql<{ owner: string; rows: number }>`select owner, count(*)::int as rows from ${later} group by owner`.execute(db);
      return { count: byOwner.rows.reduce((sum, r) => sum + r.rows, 0), listed: listed.rows, byOwner: byOwner.rows };
    },
    dropDuplicates: async () => {
      await sql`delete from ${table} t where exists (select 1 from ${table} e where e.crm_id = t.crm_id and e.line < t.line)`.execute(db);
    },
    takeTurn: async () => {
      // The lock ATTACH takes anyway, taken before the snapshot row is written: an ATTACH holding it and
      // waiting for the crm_snapshot lock its foreign key needs, against an import holding a new snapshot row
      // and waiting for this one, was a deadlock (tests/integration/crm-import.test.ts, imports at once).
      await sql`lock table crm_opportunity in share update exclusive mode`.execute(db);
    },
    attach: async () => {
      await sql`alter table crm_opportunity attach partition ${table} for values in (${snapshot})`.execute(db);
    },
  };
  return { table, create, copySql, steps };
}

/**
 * Runs an import inside one transaction with the snapshot's table. On PostgreSQL rows stream in with
 * COPY FROM STDIN on a dedicated connection (memory stays flat whatever the file size); on PGlite, which
 * has no COPY FROM STDIN, in batched inserts. `work` decides whether to keep the result: returning
 * `commit: false` (a rejected or unchanged file) rolls everything back, as does any error.
 */
export async function withCrmStaging<T>(database: Database, ids: SnapshotIds, work: (session: StagingSession) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  if (database.kind === "postgres" && database.pool) return withPostgresStaging(database.pool, ids, work);
  return database.db
    .transaction()
    .execute(async (trx) => {
      const load = snapshotTable(trx, ids);
      await load.create();
      let pending: Array<[number, StagedOpportunity]> = [];
      const session: StagingSession = {
        db: trx,
        add: (line, row) => pending.push([line, row]) >= 500,
        flush: async () => {
          if (pending.length === 0) return;
          const batch = pending;
          pending = [];
          await sql`insert into ${load.table} (${sql.join(OPPORTUNITY_COLUMN_NAMES.map((c) => sql.ref(c)))}) values ${sql.join(batch.map(([line, r]) => sql`(${sql.join(opportunityValues(r, line))})`))}`.execute(
            trx,
          );
        },
        finishLoading: async () => session.flush(),
        ...load.steps,
      };
      const result = await work(session);
      if (!result.commit) throw new RollbackSignal(result.value);
      return result.value;
    })
    .catch((error: unknown) => {
      if (error instanceof RollbackSignal) return error.value as T;
      throw error;
    });
}

class RollbackSignal {
  constructor(readonly value: unknown) {}
}

async function withPostgresStaging<T>(pool: Pool, ids: SnapshotIds, work: (session: StagingSession) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  const { from: copyFrom } = await import("pg-copy-streams");
  const client: PoolClient = await pool.connect();
  // Kysely bound to this one connection, so its queries run in the import's transaction.
  const db = new Kysely<DB>({
    // Kysely releases its connection after each query: hand it a view of the client whose release does nothing.
    dialect: new PostgresDialect({ pool: { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} } as never }),
    plugins: kyselyPlugins(),
  });
  let failed = false;
  // COPY starts with the first rows: while it runs the connection takes no other query, and the
  // import still needs one before that (its remembered column mapping). FREEZE: the table is new in
  // this transaction, so its rows are written already frozen (no later rewrite by VACUUM).
  // In an object, not a variable: TypeScript would otherwise take it to be still null where errors are caught.
  const copying: { stream: ReturnType<typeof copyFrom> | null } = { stream: null };
  let copyEnded = false;
  let copyDone: Promise<void> = Promise.resolve();
  try {
    await client.query("begin");
    const load = snapshotTable(db, ids);
    await load.create();
    const startCopy = () => {
      const stream = client.query(copyFrom(load.copySql));
      copyDone = new Promise<void>((resolve, reject) => {
        stream.on("finish", () => resolve());
        stream.on("error", reject);
      });
      return stream;
    };
    // Rows are encoded as they come (binary COPY, ADR 018); about every 512 KiB the bytes go to the stream.
    const encoder = new OpportunityCopyEncoder();
    const full: Buffer[] = [COPY_BINARY_HEADER];
    const writeFull = async () => {
      if (full.length === 0) return;
      const copy = (copying.stream ??= startCopy());
      // Up to 8 MiB may wait in the stream, so that reading goes on while PostgreSQL takes the last chunks.
      for (const chunk of full.splice(0)) if (!copy.write(chunk) && copy.writableLength > 8 << 20) await once(copy, "drain");
    };
    const session: StagingSession = {
      db,
      add: (line, row) => {
        encoder.add(line, row);
        if (encoder.writer.length < 512 * 1024) return false;
        full.push(...encoder.writer.take());
        return true;
      },
      flush: writeFull,
      finishLoading: async () => {
        full.push(...encoder.writer.take());
        // No COPY at all for a file without rows: `full` holds only the header then.
        if (copying.stream || full.length > 1) {
          full.push(COPY_BINARY_TRAILER);
          await writeFull();
          copyEnded = true;
          copying.stream?.end();
          await copyDone;
        }
      },
      ...load.steps,
    };
    const result = await work(session);
    await client.query(result.commit ? "commit" : "rollback");
    return result.value;
  } catch (error) {
    failed = true;
    // A COPY still open (the file failed part-way: bytes that are not UTF-8, a broken upload) holds the
    // connection: the rollback would wait behind it forever. Abort it first (CopyFail).
    const open = copying.stream;
    if (open && !copyEnded) {
      open.destroy(error instanceof Error ? error : new Error(String(error)));
      await copyDone.catch(() => undefined);
    }
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    // A connection whose COPY broke off is not safe to reuse.
    client.release(failed ? true : undefined);
  }
}

/**
 * Deletes a snapshot of the organisation and its partition, dropped whole (faster than deleting a million
 * rows one by one, and nothing of its deals is left in dead row versions of a shared table); false when the
 * organisation has no such snapshot (any more). Runs on the caller's
 * transaction `db`. The lock on crm_opportunity comes first, as an import's does (`takeTurn`), so that a
 * deletion and an import wait for each other instead of deadlocking; metric reads wait the moment it takes.
 */
export async function dropSnapshot(db: Kysely<DB>, ids: SnapshotIds): Promise<boolean> {
  await sql`lock table crm_opportunity in access exclusive mode`.execute(db);
  // The organisation's own snapshot only: another's id drops nothing.
  const found = await db.selectFrom("crmSnapshot").select("id").where("id", "=", ids.snapshotId).where("organisationId", "=", ids.organisationId).forUpdate().executeTakeFirst();
  if (!found) return false;
  // The table first: deleting the row first would cascade to its deals one by one.
  await sql`drop table if exists ${sql.id(snapshotTableName(ids.snapshotId))}`.execute(db);
  await db.deleteFrom("crmSnapshot").where("id", "=", ids.snapshotId).execute();
  return true;
}
