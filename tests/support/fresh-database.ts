import crypto from "node:crypto";
import { sql } from "kysely";
import { openDatabase, type Database } from "../../db/client";

/**
 * Runs `work` on an empty, unmigrated database of its own — PGlite in memory, or a new database on the
 * TEST_DATABASE_URL server, dropped afterwards — for migration tests that start from an older schema.
 */
export async function withEmptyDatabase(kind: "pglite" | "postgres", work: (database: Database) => Promise<void>): Promise<void> {
  if (kind === "pglite") {
    const database = await openDatabase({ pgliteDir: "memory://" });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }
  const name = `candor_m_${crypto.randomBytes(4).toString("hex")}`;
  const admin = await openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 2 });
  try {
    await work(database);
  } finally {
    await database.close();
    await sql`drop database ${sql.id(name)}`.execute(admin.db);
    await admin.close();
  }
}
