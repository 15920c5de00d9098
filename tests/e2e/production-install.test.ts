import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasTestPostgres } from "./support/postgres-only";
import { freePort, freshPostgresDatabase, startServer, type RunningServer } from "./support/server";

// Production installs only the production dependencies (`npm ci --omit=dev`, as the Dockerfile does): the
// built server, the worker and the built CLI must run from such an install, configured by a `.env` file in
// their working directory. This copies what a release holds (build/, package.json, package-lock.json,
// .npmrc) to a temporary folder, installs there from npm's cache, and runs them against PostgreSQL.
const root = path.resolve(import.meta.dirname, "../..");
/** The packages npm's lockfile marks as needed by development only (`"dev": true`), by their folder. */
const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
const devOnly = Object.entries(lock.packages)
  .filter(([folder, entry]) => folder !== "" && entry.dev === true)
  .map(([folder]) => folder);

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe.skipIf(!hasTestPostgres("production-install"))("a production-only install (npm ci --omit=dev)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-release-"));
  const processes: RunningServer[] = [];
  let database: { url: string; drop(): Promise<void> };
  let install: { code: number | null; output: string };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, "build/server/main.js"))) throw new Error("run `npm run build` first");
    fs.cpSync(path.join(root, "build"), path.join(dir, "build"), { recursive: true });
    for (const file of ["package.json", "package-lock.json", ".npmrc"]) fs.copyFileSync(path.join(root, file), path.join(dir, file));
    // Only the npm registry is reachable from CI machines: the cache answers what it can.
    install = await run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"], dir, { npm_config_cache: path.join(os.homedir(), ".npm") });
    database = await freshPostgresDatabase();
    // Settings from .env in the working directory; the real environment (PORT below) wins over the file's.
    fs.writeFileSync(
      path.join(dir, ".env"),
      [
        `DATABASE_URL=${database.url}`,
        "CANDOR_WORKER=off",
        `CANDOR_SECRET_KEY=${crypto.randomBytes(32).toString("hex")}`,
        "OUTBOX_DIR=./outbox",
        "PORT=1",
        "HOST=127.0.0.1",
        "",
      ].join("\n"),
    );
  }, 300_000);

  afterAll(async () => {
    for (const p of processes) await p.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("installs without any development dependency", () => {
    expect(install.code, install.output).toBe(0);
    expect(devOnly.length).toBeGreaterThan(500);
    expect(devOnly.filter((folder) => fs.existsSync(path.join(dir, folder)))).toEqual([]);
    // The build and test tools among them, by name: what a server that needed them would fail without.
    for (const name of ["vite", "@remix-run/dev", "esbuild", "tsx", "vitest", "eslint"]) expect(fs.existsSync(path.join(dir, "node_modules", name)), name).toBe(false);
    for (const name of ["@remix-run/react", "react-dom", "pg", "pg-boss", "@electric-sql/pglite"]) expect(fs.existsSync(path.join(dir, "node_modules", name)), name).toBe(true);
  });

  it("npm run serve answers /healthz and renders pages, configured by .env", async () => {
    const port = await freePort();
    const server = await startServer({ PORT: String(port), CANDOR_ENV_FILE: ".env" }, { command: ["npm", "run", "serve"], cwd: dir });
    processes.push(server);
    expect(server.output()).toContain(`settings from ${path.join(dir, ".env")}`);
    expect(server.output()).toContain("database: postgres");
    expect(server.output()).toContain("job worker: off");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ db: "ok" });
    const login = await fetch(`http://127.0.0.1:${port}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("Sign in");
    // The image's health check runs from such an install too.
    const health2 = await run(process.execPath, ["build/server/healthcheck.js"], dir, { PORT: String(port), CANDOR_ENV_FILE: "" });
    expect(health2).toEqual({ code: 0, output: "" });
  });

  it("npm run worker starts on the same PostgreSQL", async () => {
    const worker = await startServer({ CANDOR_ENV_FILE: ".env" }, { command: ["npm", "run", "worker"], cwd: dir, readyWhen: /worker running on postgres/ });
    processes.push(worker);
    expect(worker.output()).toContain(`settings from ${path.join(dir, ".env")}`);
    expect(worker.output()).not.toMatch(/error|could not start/i);
  });

  it("the built CLI runs there too (migrations, for one)", async () => {
    const cli = await run(process.execPath, ["build/server/candor.js", "migrate"], dir, {});
    expect(cli.output).toMatch(/Database \(postgres, .*\) is up to date: nothing to apply\./);
    expect(cli.code).toBe(0);
  });
});
