import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DatabaseKind } from "../../db/client";
import { databaseUrl } from "./postgres-urls";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const root = path.resolve(import.meta.dirname, "../..");

/** Runs `npm run candor -- <args>` the way a user does (tsx scripts/candor.ts), with its own environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/candor.ts", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", CANDOR_ENV_FILE: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The environment (and a temporary folder) for CLI runs on a database of their own: a PGlite directory, or a new database on the
 * TEST_DATABASE_URL server. Registers the beforeAll that makes it and the afterAll that removes it.
 */
export function cliDatabase(kind: DatabaseKind, prefix: string): { env: Record<string, string>; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `candor-${prefix}-`));
  const env: Record<string, string> = { OUTBOX_DIR: path.join(dir, "outbox"), APP_URL: "http://candor.test" };
  let dropDatabase = async () => {};
  beforeAll(async () => {
    if (kind === "pglite") {
      env.PGLITE_DIR = path.join(dir, "pglite");
      return;
    }
    const base = process.env.TEST_DATABASE_URL!;
    const name = `candor_${prefix}_${crypto.randomBytes(4).toString("hex")}`;
    const admin = await openDatabase({ url: base, poolSize: 1 });
    await sql`create database ${sql.id(name)}`.execute(admin.db);
    await admin.close();
    env.DATABASE_URL = databaseUrl(base, name);
    dropDatabase = async () => {
      const again = await openDatabase({ url: base, poolSize: 1 });
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      await again.close();
    };
  });
  afterAll(async () => {
    await dropDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { env, dir };
}
