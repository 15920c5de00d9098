import fs from "node:fs";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { SQL_FUNCTIONS } from "../../db/functions/index";
import type { DB } from "../../db/schema";
import { readFunctionFiles, renderModule, type FunctionFile } from "../../scripts/db-functions.mjs";
import { describeWithDb } from "../support/test-db";

// One home for every SQL function (ADR 027): db/functions/<name>.sql holds the current body, applied by
// `create or replace` after the migrations. The migrated database must hold exactly the files' functions:
// each as its file defines it, none without a file, no file without its function.

const root = path.resolve(import.meta.dirname, "../..");
const SCRATCH = "candor_function_check";

/** The body of a file's function: the text between its dollar quotes, as PostgreSQL keeps it (prosrc). */
function bodyOf(file: FunctionFile): string {
  const match = /\bas\s+\$(\w*)\$([\s\S]*)\$\1\$\s*;?\s*$/i.exec(file.sql);
  if (!match) throw new Error(`db/functions/${file.name}.sql: no body between dollar quotes at the end of the file`);
  return match[2]!;
}

/** The file's statement without its comments: exactly one `create or replace function <file name>(`. */
function statementOf(file: FunctionFile): string {
  return file.sql.replace(/^\s*--.*$/gm, "").trim();
}

/** Functions of ours: in the public schema, not an extension's. */
async function ourFunctions(db: Kysely<DB>) {
  return (
    await sql<{ name: string; language: string; definition: string; body: string }>`
      select p.proname as name, l.lanname as language, pg_get_functiondef(p.oid) as definition, p.prosrc as body
      from pg_proc p join pg_language l on l.oid = p.prolang
      where p.pronamespace = 'public'::regnamespace
        and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by p.proname, p.oid`.execute(db)
  ).rows;
}

/**
 * What PostgreSQL prints for the file's statement (pg_get_functiondef: its own header, argument and type
 * spelling, then the body), made in a scratch schema inside a transaction that is rolled back.
 */
async function definitionOfFile(db: Kysely<DB>, file: FunctionFile): Promise<string> {
  let definition = "";
  const rollback = new Error("rollback");
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(`create schema ${SCRATCH}`).execute(trx);
      await sql.raw(`set local search_path to ${SCRATCH}, public`).execute(trx);
      await sql.raw(file.sql).execute(trx);
      const row = await sql<{ definition: string }>`
        select pg_get_functiondef(p.oid) as definition from pg_proc p
        where p.pronamespace = ${SCRATCH}::regnamespace and p.proname = ${file.name}`.execute(trx);
      expect(row.rows, `db/functions/${file.name}.sql creates a function named ${file.name}`).toHaveLength(1);
      definition = row.rows[0]!.definition.replace(`FUNCTION ${SCRATCH}.`, "FUNCTION public.");
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return definition;
}

describe("db/functions", () => {
  it("holds one file per function, each one `create or replace function` statement named as its file", () => {
    const files = readFunctionFiles();
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const statement = statementOf(file);
      expect(statement, file.name).toMatch(new RegExp(`^create or replace function ${file.name}\\(`));
      // One statement: nothing after the body's closing dollar quote but its semicolon.
      expect(statement.slice(statement.lastIndexOf("$$") + 2).trim(), file.name).toMatch(/^;?$/);
      expect(bodyOf(file).length, file.name).toBeGreaterThan(0);
      // A file says why its function exists: comments before the statement.
      expect(file.sql.trimStart().startsWith("--"), `db/functions/${file.name}.sql starts with comments saying why`).toBe(true);
    }
  });

  it("is what db/functions/index.ts carries (run `npm run db:functions` after editing a .sql file)", async () => {
    expect(fs.readFileSync(path.join(root, "db/functions/index.ts"), "utf8")).toBe(await renderModule());
    expect(SQL_FUNCTIONS.map((f) => f.name)).toEqual(readFunctionFiles().map((f) => f.name));
  });
});

describeWithDb("the migrated database's SQL functions are exactly db/functions", (t) => {
  const files = readFunctionFiles();

  it("has every file's function, with the file's body and header (pg_get_functiondef)", async () => {
    const inDatabase = await ourFunctions(t.app.db);
    for (const file of files) {
      const found = inDatabase.filter((f) => f.name === file.name);
      expect(found, `one function ${file.name} (no overloads)`).toHaveLength(1);
      // The body, byte for byte.
      expect(found[0]!.body, `body of ${file.name}`).toBe(bodyOf(file));
      // The header as PostgreSQL prints it: arguments, results, language, volatility, security.
      expect(found[0]!.definition, `definition of ${file.name}`).toBe(await definitionOfFile(t.app.db, file));
    }
  });

  it("has no function of ours without a file (a function that goes is dropped by a migration, and its file removed)", async () => {
    const names = (await ourFunctions(t.app.db)).map((f) => f.name);
    expect(names).toEqual(files.map((f) => f.name).sort());
  });

  it("applies the files again without change (idempotent), under the migrator's lock", async () => {
    const before = await ourFunctions(t.app.db);
    const { applySqlFunctions } = await import("../../db/migrate");
    await applySqlFunctions(t.app.db);
    await applySqlFunctions(t.app.db);
    expect(await ourFunctions(t.app.db)).toEqual(before);
  });
});
