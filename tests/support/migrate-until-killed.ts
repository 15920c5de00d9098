// node --import tsx tests/support/migrate-until-killed.ts <pglite dir> <table>
//
// Runs the real migrations (migrateToLatest, as the server and the CLI do) on a PGlite directory and
// SIGKILLs its own process the moment a migration starts creating <table>: every earlier migration has
// run inside the migrator's transaction, none is committed. PGlite runs in this process, so nothing
// outside it could stop it at an exact point; before dying it prints how many tables its transaction sees.
import fs from "node:fs";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

const [dir, table] = process.argv.slice(2);
if (!dir || !table) throw new Error("usage: migrate-until-killed.ts <pglite dir> <table>");
const database = await openDatabase({ pgliteDir: dir });
const pglite = database.pglite!;
const query = pglite.query.bind(pglite);
pglite.query = (async (text: string, ...rest: unknown[]) => {
  if (text.startsWith(`create table "${table}"`)) {
    // The same session as the migrator's transaction: it sees the uncommitted tables.
    const seen = await query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name not like 'kysely%'");
    fs.writeSync(1, `tables inside the migration's transaction: ${seen.rows[0]!.n}\n`);
    process.kill(process.pid, "SIGKILL");
    await new Promise(() => {});
  }
  return query(text, ...(rest as []));
}) as typeof pglite.query;
await migrateToLatest(database.db);
fs.writeSync(1, "migrations finished: the kill point was never reached\n");
