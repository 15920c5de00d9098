import fs from "node:fs";
import path from "node:path";
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from "kysely";
import type { PGlite } from "@electric-sql/pglite";
import type { Client as PgClient, Pool } from "pg";
import { copyPreparedDataDir } from "./prepared";
import type { DB } from "./schema";

export type DatabaseKind = "postgres" | "pglite";

/** An open database: the Kysely handle plus what is needed to close it and to bulk-load into it. */
export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** Where the data lives, for messages: a redacted URL or the PGlite directory. */
  location: string;
  /** Set on PostgreSQL: the pool, for COPY streams. */
  pool?: Pool;
  /** Set on PGlite: the embedded instance, for COPY from a blob. */
  pglite?: PGlite;
  /** Set on PGlite when the data directory was new and made from a prepared image (`pglitePrepared`). */
  preparedFrom?: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string. */
  url?: string;
  /** A PGlite data directory or `memory://` (default ./.data/pglite when no `url` is given). It wins over `url`. */
  pgliteDir?: string;
  /** Load a PGlite data directory dump (from `dumpDataDir`) instead of running initdb: fast test databases. */
  pgliteLoadDataDir?: Blob;
  /**
   * A prepared data directory (db/prepared.ts, ADR 028): when the PGlite directory is missing or empty, a
   * copy of this one becomes it instead of running initdb. An existing data directory is left as it is.
   */
  pglitePrepared?: string;
  /** Pool size on PostgreSQL (default 10). */
  poolSize?: number;
  /** How long a PostgreSQL connection may take, in ms (default 5000). */
  connectTimeoutMs?: number;
  /** Who holds an on-disk PGlite directory, for the lock message a second process sees. */
  holder?: string;
  /** Told when an idle PostgreSQL connection is lost (the server logs it); without it, a line on stderr. */
  onConnectionLost?: (error: Error) => void;
}

export const DEFAULT_PGLITE_DIR = "./.data/pglite";

// Both drivers return the same JS types: int8 and numeric as numbers (counts and amounts stay far below
// 2^53), date as the plain 'YYYY-MM-DD' string (pg would build a Date at local midnight, shifting days).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parseNumber = (value: string) => Number(value);
const keepString = (value: string) => value;

/**
 * Statements sent to PostgreSQL as named prepared statements (ADR 045): parsed and planned once per
 * connection rather than on every call. Only the few statements of the hottest requests are named
 * (the session lookup, issue_ballot, store_ballot): written out in db/queries, each with a fixed text.
 * By text, the name each is prepared under.
 */
const namedStatements = new Map<string, string>();

/**
 * Marks a fixed SQL text (a constant of db/queries) to be sent as a named prepared statement on
 * PostgreSQL; returns the text. PGlite runs it as any other query.
 */
export function namedStatement(name: string, text: string): string {
  for (const [known, knownName] of namedStatements) {
    if (knownName === name && known !== text) throw new Error(`two statements are named ${name}`);
  }
  namedStatements.set(text, name);
  return text;
}

/** Kysely plugins used on both backends: snake_case in PostgreSQL, camelCase in TypeScript. */
export function kyselyPlugins() {
  return [new CamelCasePlugin({ maintainNestedObjectKeys: true })];
}

/**
 * Opens PostgreSQL when a URL is given, otherwise embedded PGlite in `pgliteDir` (default ./.data/pglite).
 * The same Kysely code runs on both. The entry points pass what the configuration says
 * (`databaseSettings` in app/config.server.ts): this module reads no environment variable.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.pgliteDir ? undefined : options.url;
  if (url) return openPostgres(url, options);
  return openPglite(options.pgliteDir ?? DEFAULT_PGLITE_DIR, options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const { default: pg } = await import("pg");
  const { default: Cursor } = await import("pg-cursor");
  // Kysely's driver calls client.query(text, values): a text marked by namedStatement goes as { name, text, values }.
  class Client extends pg.Client {}
  const plainQuery = pg.Client.prototype.query as (this: PgClient, ...args: unknown[]) => unknown;
  Object.defineProperty(Client.prototype, "query", {
    value: function query(this: PgClient, ...args: unknown[]) {
      const [text, values] = args;
      const name = args.length === 2 && typeof text === "string" && Array.isArray(values) ? namedStatements.get(text) : undefined;
      return name ? plainQuery.call(this, { name, text, values }) : plainQuery.apply(this, args);
    },
  });
  const pool = new pg.Pool({
    Client,
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === INT8 || oid === NUMERIC) return parseNumber;
        if (oid === DATE) return keepString;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection (PostgreSQL restarted) emits 'error' on the pool; without a
  // listener Node would crash the whole server. The pool drops that client and makes a new one on demand.
  pool.on("error", (error) => {
    if (options.onConnectionLost) options.onConnectionLost(error);
    else console.error(`[db] idle PostgreSQL connection lost: ${error.message}`);
  });
  // A checked-out client has no pool listener: losing its connection between two queries of a
  // transaction would emit an unhandled 'error' and crash the server. Its next query fails instead (and
  // is reported there), and the pool discards the broken client when it is released.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool, cursor: Cursor }),
    plugins: kyselyPlugins(),
  });
  return {
    kind: "postgres",
    db,
    pool,
    location: redactUrl(url),
    close: () => db.destroy(),
  };
}

async function openPglite(dir: string, options: OpenDatabaseOptions): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGliteDialect } = await import("kysely-pglite-dialect");
  const inMemory = dir.startsWith("memory://");
  let releaseLock = () => {};
  let preparedFrom: string | undefined;
  if (!inMemory) {
    // PGlite's own mkdir is not recursive.
    fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    releaseLock = lockDataDir(dir, options.holder ?? describeProcess());
    try {
      if (options.pglitePrepared && copyPreparedDataDir(options.pglitePrepared, dir)) preparedFrom = options.pglitePrepared;
      else fs.mkdirSync(dir, { recursive: true });
    } catch (error) {
      releaseLock();
      throw error;
    }
  }
  let pglite: PGlite;
  try {
    pglite = new PGlite(dir, {
      parsers: { [INT8]: parseNumber, [NUMERIC]: parseNumber, [DATE]: keepString },
      loadDataDir: options.pgliteLoadDataDir,
    });
    await pglite.waitReady;
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = new Kysely<DB>({
    dialect: new PGliteDialect(pglite),
    plugins: kyselyPlugins(),
  });
  return {
    kind: "pglite",
    db,
    pglite,
    preparedFrom,
    location: inMemory ? "memory://" : path.resolve(dir),
    close: async () => {
      try {
        await db.destroy();
      } finally {
        if (!pglite.closed) await pglite.close();
        releaseLock();
      }
    },
  };
}

/** Answers whether the database responds to a trivial query. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable DATABASE_URL)";
  }
}

function describeProcess(): string {
  return `${path.basename(process.argv[1] ?? "node")} (pid ${process.pid})`;
}

/**
 * PGlite is an in-process database: two processes opening one data directory would corrupt it.
 * The lock file names its holder so that the second process can say who to stop.
 */
function lockDataDir(dir: string, holder: string): () => void {
  const lockPath = `${path.resolve(dir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }), {
        flag: "wx",
      });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const current = readLock(lockPath);
      if (current && isAlive(current.pid)) {
        throw new Error(
          `The embedded database in ${path.resolve(dir)} is open in another process: ${current.holder}, since ${current.since}. ` +
            `PGlite allows one process at a time. Stop that process first, or set DATABASE_URL to use PostgreSQL.`,
          { cause: error },
        );
      }
      // A lock left by a process that no longer runs (killed): take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database directory ${dir}.`);
}

function readLock(lockPath: string): { pid: number; holder: string; since: string } | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid: number; holder: string; since: string };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);

/** Whether an error means the database is unreachable (as opposed to a bad query): answer 503, not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : "";
    if (/Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(message)) return true;
  }
  return false;
}
