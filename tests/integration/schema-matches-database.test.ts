import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import ts from "typescript";
import { expect, it } from "vitest";
import { describeWithDb } from "../support/test-db";

// db/schema.ts is written by hand; the migrations are the truth. Every table and view the code declares must
// exist with exactly the declared columns, nullable where the type allows null, and every table the
// migrations make must be declared (or be listed here as internal).

const root = path.resolve(import.meta.dirname, "../..");
/** Tables the code never names through Kysely: the migrator's own (the job queue keeps its tables in a schema of its own). */
const INTERNAL = new Set(["kysely_migration", "kysely_migration_lock"]);

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface Declared {
  columns: Map<string, { nullable: boolean }>;
}

/** The DB interface of db/schema.ts: table name (snake_case) → its columns and whether each allows null. */
function declaredSchema(): Map<string, Declared> {
  const file = path.join(root, "db/schema.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const db = interfaces.get("DB");
  if (!db) throw new Error("db/schema.ts has no DB interface");
  const tables = new Map<string, Declared>();
  for (const member of db.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
    const table = interfaces.get(member.type.typeName.getText(source));
    if (!table) throw new Error(`no interface ${member.type.typeName.getText(source)}`);
    const columns = new Map<string, { nullable: boolean }>();
    for (const column of table.members) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      const text = column.type.getText(source);
      // `X | null`, ColumnType<X | null, …> and the nullable timestamp alias allow null.
      const nullable = /\bnull\b/.test(text.split(",")[0]!) || text === "NullableTimestamp";
      columns.set(snake(column.name.getText(source)), { nullable });
    }
    tables.set(snake(member.name.getText(source)), { columns });
  }
  return tables;
}

describeWithDb("db/schema.ts matches the migrated database", (t) => {
  it("declares every table and view with exactly its columns and their nullability", async () => {
    const declared = declaredSchema();
    expect(declared.size).toBeGreaterThan(30);
    const rows = (
      await sql<{ tableName: string; columnName: string; isNullable: "YES" | "NO" }>`
        select c.table_name, c.column_name, c.is_nullable from information_schema.columns c
        join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
        where c.table_schema = 'public' and tb.table_type in ('BASE TABLE', 'VIEW')
        order by c.table_name, c.ordinal_position`.execute(t.app.db)
    ).rows;
    // Partitions of crm_opportunity (one per snapshot) are the parent's columns again.
    const parents = (await sql<{ child: string }>`select c.relname as child from pg_inherits i join pg_class c on c.oid = i.inhrelid`.execute(t.app.db)).rows.map((r) => r.child);
    const actual = new Map<string, Map<string, boolean>>();
    for (const row of rows) {
      // (The client's CamelCasePlugin renames the result's keys.)
      if (INTERNAL.has(row.tableName) || parents.includes(row.tableName)) continue;
      const table = actual.get(row.tableName) ?? new Map<string, boolean>();
      actual.set(row.tableName, table.set(row.columnName, row.isNullable === "YES"));
    }
    expect([...declared.keys()].sort()).toEqual([...actual.keys()].sort());
    for (const [table, { columns }] of declared) {
      const columnsInDb = actual.get(table)!;
      expect([...columns.keys()].sort(), table).toEqual([...columnsInDb.keys()].sort());
      // Views report every column nullable; check nullability on tables only.
      const isView = table === "response_answer";
      if (isView) continue;
      for (const [column, { nullable }] of columns) expect(nullable, `${table}.${column} nullable`).toBe(columnsInDb.get(column));
    }
  });
});
