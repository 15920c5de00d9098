import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../../db/client";
import { databaseUrl } from "../../support/postgres-urls";
import type { TestMailbox } from "../../support/smtp";

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Waits until the output matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once the process has ended by itself. */
  exited(): Promise<number | null>;
  /** Sends SIGTERM and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
  /** The PGlite directory or PostgreSQL URL the server uses. */
  env: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A fresh empty PGlite directory for one server. */
export function tempPgliteDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "candor-e2e-")), "pglite");
}

/** A fresh empty PostgreSQL database on the TEST_DATABASE_URL server; returns its URL and a drop function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const name = `candor_e2e_${crypto.randomBytes(5).toString("hex")}`;
  const { sql } = await import("kysely");
  const admin = await openDatabase({ url: base, poolSize: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  return {
    url: databaseUrl(base, name),
    drop: async () => {
      const again = await openDatabase({ url: base, poolSize: 1 });
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      await again.close();
    },
  };
}

/**
 * The built server on a fresh PGlite with the demo organisation seeded. Given a mailbox, it mails there, and
 * its emailed links name the port it listens on.
 */
export async function startDemoServer(mailbox?: TestMailbox): Promise<RunningServer> {
  if (!mailbox) return startServer({ PGLITE_DIR: tempPgliteDir(), CANDOR_SEED_DEMO: "true" });
  const port = await freePort();
  return startServer({ PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, PGLITE_DIR: tempPgliteDir(), CANDOR_SEED_DEMO: "true", SMTP_URL: mailbox.url });
}

/**
 * The built server on a fresh PGlite with the demo seeded and no SMTP, as a demo runs: mail goes to an
 * outbox folder beside the data (the log says where each file is). Its emailed links name the port it listens on.
 */
export async function startOutboxDemoServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = tempPgliteDir();
  return startServer({
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    PGLITE_DIR: dataDir,
    OUTBOX_DIR: path.join(path.dirname(dataDir), "outbox"),
    CANDOR_SEED_DEMO: "true",
  });
}

export interface StartOptions {
  /** Wait until the output matches `readyWhen` (default true). */
  waitForListening?: boolean;
  /** What the output says once the process is ready (default: the server's "listening on"). */
  readyWhen?: RegExp;
  /**
   * Another command than `node build/server/main.js` ([program, ...args]: `npm start`, the worker): it runs
   * in a process group of its own, and `stop` signals the whole group (npm and the node process under it).
   */
  command?: string[];
  /** The working directory (default: the project's). */
  cwd?: string;
}

/** Starts the built server (build/server/main.js), or `options.command`, as its own process and waits until it is ready. */
export async function startServer(env: Record<string, string>, options: StartOptions = {}): Promise<RunningServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  // CANDOR_ENV_FILE empty: a developer's .env in the project folder must not reach the servers tests start.
  const fullEnv: Record<string, string> = { NODE_ENV: "production", HOST: "127.0.0.1", CANDOR_ENV_FILE: "", ...env, PORT: String(port) };
  const [program, ...args] = options.command ?? [process.execPath, "build/server/main.js"];
  const group = options.command !== undefined;
  const child = spawn(program!, args, {
    cwd: options.cwd,
    detached: group,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...fullEnv } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(output)) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`server output did not match ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      listeners.add(check);
      void exited.then((code) => {
        if (listeners.has(check)) {
          listeners.delete(check);
          clearTimeout(timer);
          if (pattern.test(output)) resolve();
          else reject(new Error(`server exited (${code}) before printing ${pattern}:\n${output}`));
        }
      });
      check();
    });

  const server: RunningServer = {
    url: env.APP_URL ?? `http://127.0.0.1:${port}`,
    port,
    process: child,
    output: () => output,
    waitForOutput,
    env: fullEnv,
    exited: () => exited,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, ms: 0 };
      const started = Date.now();
      if (group) process.kill(-child.pid!, signal);
      else child.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
  if (options.waitForListening !== false) await waitForOutput(options.readyWhen ?? /listening on/);
  return server;
}

/** Signs in over HTTP the way a browser form does; returns the Cookie header value. */
export async function signInOverHttp(server: RunningServer, email: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return cookie.split(";")[0]!;
}

/**
 * The server's log lines (JSON, one a line: ADR 039) as objects. Lines that are not JSON (a crash before
 * the logger exists) are skipped.
 */
export function logLines(output: string): Array<Record<string, unknown> & { level: string; msg: string }> {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown> & { level: string; msg: string }];
      } catch {
        return [];
      }
    });
}

/** A demo login the server logged when it seeded the demo: `demoLogin(server.output(), "rep in NA Enterprise (pulse open)")`. */
export function demoLogin(output: string, who: string): string {
  const logins = logLines(output).find((line) => line.logins)?.logins as Record<string, string> | undefined;
  const email = logins?.[who];
  if (!email) throw new Error(`the server logged no demo login for "${who}":\n${output.slice(0, 2000)}`);
  return email;
}
