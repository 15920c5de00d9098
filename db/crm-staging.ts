import { once } from "node:events";
import { Kysely, PostgresDialect, sql } from "kysely";
import type { PoolClient } from "pg";
import { type Database, kyselyPlugins } from "./client";
import type { DB } from "./schema";

/** One row of a CRM file, validated, waiting in the staging table of the import's transaction. */
export interface StagedOpportunity {
  line: number;
  crmId: string;
  name: string | null;
  accountName: string | null;
  owner: string;
  stage: string;
  status: string;
  amount: number | null;
  currency: string | null;
  closeDate: string | null;
  createdDate: string | null;
  forecastCategory: string | null;
  probability: number | null;
  nextStep: string | null;
  lastActivityDate: string | null;
}

const COLUMNS = [
  "line",
  "crm_id",
  "name",
  "account_name",
  "owner",
  "stage",
  "status",
  "amount",
  "currency",
  "close_date",
  "created_date",
  "forecast_category",
  "probability",
  "next_step",
  "last_activity_date",
] as const;

const CREATE_STAGING = sql`create temp table crm_staging (
  line integer not null, crm_id text not null, name text, account_name text, owner text not null, stage text not null,
  status text not null, amount numeric(18, 2), currency text, close_date date, created_date date, forecast_category text,
  probability numeric(5, 2), next_step text, last_activity_date date) on commit drop`;

/** The staging session of one import: rows go in as they are read; `db` runs SQL in the same transaction. */
export interface StagingSession {
  append(rows: StagedOpportunity[]): Promise<void>;
  /** Ends the bulk load; afterwards `db` sees every appended row. */
  finishLoading(): Promise<void>;
  db: Kysely<DB>;
}

const values = (r: StagedOpportunity) => [
  r.line,
  r.crmId,
  r.name,
  r.accountName,
  r.owner,
  r.stage,
  r.status,
  r.amount,
  r.currency,
  r.closeDate,
  r.createdDate,
  r.forecastCategory,
  r.probability,
  r.nextStep,
  r.lastActivityDate,
];

/** A value for PostgreSQL's CSV COPY format: quoted when needed, empty-unquoted for NULL. */
function copyField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) || text === "" ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Runs an import inside one transaction with a temporary staging table. On PostgreSQL rows stream in
 * with COPY FROM STDIN on a dedicated connection (memory stays flat whatever the file size); on PGlite,
 * which has no COPY FROM STDIN, in batched inserts. `work` decides whether to keep the result: returning
 * `commit: false` (a rejected or unchanged file) rolls everything back, as does any error.
 */
export async function withCrmStaging<T>(database: Database, work: (session: StagingSession) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  if (database.kind === "postgres" && database.pool) return withPostgresStaging(database, work);
  return database.db.transaction().execute(async (trx) => {
    await CREATE_STAGING.execute(trx);
    const session: StagingSession = {
      db: trx,
      append: async (rows) => {
        for (let i = 0; i < rows.length; i += 500) {
          const batch = rows.slice(i, i + 500);
          await sql`insert into crm_staging (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) values ${sql.join(batch.map((r) => sql`(${sql.join(values(r))})`))}`.execute(trx);
        }
      },
      finishLoading: async () => {},
    };
    const result = await work(session);
    if (!result.commit) throw new RollbackSignal(result.value);
    return result.value;
  }).catch((error: unknown) => {
    if (error instanceof RollbackSignal) return error.value as T;
    throw error;
  });
}

class RollbackSignal {
  constructor(readonly value: unknown) {}
}

async function withPostgresStaging<T>(database: Database, work: (session: StagingSession) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  const { from: copyFrom } = await import("pg-copy-streams");
  const client: PoolClient = await database.pool!.connect();
  // Kysely bound to this one connection, so its queries run in the import's transaction.
  const db = new Kysely<DB>({
    // Kysely releases its connection after each query: hand it a view of the client whose release does nothing.
    dialect: new PostgresDialect({ pool: { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} } as never }),
    plugins: kyselyPlugins(),
  });
  let failed = false;
  try {
    await client.query("begin");
    await client.query(CREATE_STAGING.compile(db).sql);
    // COPY starts with the first rows: while it runs the connection takes no other query, and the
    // import still needs one before that (its remembered column mapping).
    let copy: ReturnType<typeof copyFrom> | null = null;
    let copyDone: Promise<void> = Promise.resolve();
    const startCopy = () => {
      const stream = client.query(copyFrom(`copy crm_staging (${COLUMNS.join(", ")}) from stdin with (format csv)`));
      copyDone = new Promise<void>((resolve, reject) => {
        stream.on("finish", () => resolve());
        stream.on("error", reject);
      });
      return stream;
    };
    let pending = "";
    const flush = async () => {
      if (!pending) return;
      const chunk = pending;
      pending = "";
      copy ??= startCopy();
      if (!copy.write(chunk)) await once(copy, "drain");
    };
    const session: StagingSession = {
      db,
      append: async (rows) => {
        for (const row of rows) pending += `${values(row).map(copyField).join(",")}\n`;
        if (pending.length > 256 * 1024) await flush();
      },
      finishLoading: async () => {
        await flush();
        if (copy) {
          copy.end();
          await copyDone;
        }
      },
    };
    const result = await work(session);
    await client.query(result.commit ? "commit" : "rollback");
    return result.value;
  } catch (error) {
    failed = true;
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    // A connection whose COPY broke off is not safe to reuse.
    client.release(failed ? true : undefined);
  }
}
