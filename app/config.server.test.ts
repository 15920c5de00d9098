import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseSettings, loadConfig, secretKeyWarning, seedsDemo } from "./config.server";

const root = path.resolve(import.meta.dirname, "..");
const KEY = "ab".repeat(32);

describe("seedsDemo: the demo only on embedded PGlite, or when asked", () => {
  const url = "postgres://candor@db.example/candor";
  it.each([
    ["npm start on PGlite", { CANDOR_SEED_DEMO: undefined, DATABASE_URL: undefined }, true, true],
    ["npm start with DATABASE_URL", { CANDOR_SEED_DEMO: undefined, DATABASE_URL: url }, true, false],
    ["npm run serve on PGlite", { CANDOR_SEED_DEMO: undefined, DATABASE_URL: undefined }, false, false],
    ["npm run serve with DATABASE_URL", { CANDOR_SEED_DEMO: undefined, DATABASE_URL: url }, false, false],
    ["asked, with DATABASE_URL", { CANDOR_SEED_DEMO: true, DATABASE_URL: url }, false, true],
    ["refused, npm start on PGlite", { CANDOR_SEED_DEMO: false, DATABASE_URL: undefined }, true, false],
  ])("%s", (_name, config, tryingOut, expected) => {
    expect(seedsDemo(config, { tryingOut })).toBe(expected);
  });

  it("loadConfig reads CANDOR_SEED_DEMO's words and decides with the start kind", () => {
    expect(loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, DATABASE_URL: "postgres://x/y" }, { tryingOut: true }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY }, { tryingOut: true }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, DATABASE_URL: "postgres://x/y", CANDOR_SEED_DEMO: "yes" }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, CANDOR_SEED_DEMO: "0" }, { tryingOut: true }).seedDemo).toBe(false);
    expect(() => loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, CANDOR_SEED_DEMO: "maybe" })).toThrow(/CANDOR_SEED_DEMO/);
  });
});

describe("the database settings go through the schema", () => {
  it("pool size and connect timeout are checked and reach openDatabase's options", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      CANDOR_SECRET_KEY: KEY,
      DATABASE_URL: "postgres://db/candor",
      DATABASE_POOL_SIZE: "25",
      DATABASE_CONNECT_TIMEOUT_MS: "1500",
    });
    expect(databaseSettings(config)).toEqual({ url: "postgres://db/candor", poolSize: 25, connectTimeoutMs: 1500 });
    expect(databaseSettings(loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, PGLITE_DIR: "/tmp/x" }))).toEqual({ pgliteDir: "/tmp/x" });
    expect(() => loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, DATABASE_POOL_SIZE: "ten" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, DATABASE_CONNECT_TIMEOUT_MS: "soon" })).toThrow(/DATABASE_CONNECT_TIMEOUT_MS/);
  });
});

describe("loadEnvFile: .env fills in, the environment wins", () => {
  /** Runs loadEnvFile and then loadConfig in a process of its own (they change process.env), in `cwd`. */
  function inChild(cwd: string, env: Record<string, string>) {
    const script = `
      import { loadConfig, loadEnvFile } from ${JSON.stringify(path.join(root, "app/config.server.ts"))};
      const file = loadEnvFile();
      const c = loadConfig();
      console.log(JSON.stringify({ file, port: c.PORT, pool: c.DATABASE_POOL_SIZE, from: c.MAIL_FROM, seed: c.CANDOR_SEED_DEMO ?? null }));`;
    const output = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["--eval", script], {
      cwd,
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CANDOR_SECRET_KEY: KEY, ...env },
      encoding: "utf8",
    });
    return JSON.parse(output.trim().split("\n").pop()!) as { file: string | null; port: number; pool: number; from: string; seed: boolean | null };
  }

  it("reads .env in the working directory, keeps the environment's values, and reads nothing when told", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-env-"));
    try {
      fs.writeFileSync(path.join(dir, ".env"), 'PORT=4100\nDATABASE_POOL_SIZE=3\n# a comment\nMAIL_FROM="Candor <pulse@example.com>"\nCANDOR_SEED_DEMO=false\n');
      expect(inChild(dir, {})).toEqual({ file: path.join(dir, ".env"), port: 4100, pool: 3, from: "Candor <pulse@example.com>", seed: false });
      // The real environment wins over the file, variable by variable.
      expect(inChild(dir, { PORT: "4200", CANDOR_SEED_DEMO: "true" })).toEqual({
        file: path.join(dir, ".env"),
        port: 4200,
        pool: 3,
        from: "Candor <pulse@example.com>",
        seed: true,
      });
      // Another file, or none.
      fs.writeFileSync(path.join(dir, "candor.env"), "PORT=4300\n");
      expect(inChild(dir, { CANDOR_ENV_FILE: "candor.env" })).toMatchObject({ file: path.join(dir, "candor.env"), port: 4300, pool: 10 });
      expect(inChild(dir, { CANDOR_ENV_FILE: "" })).toMatchObject({ file: null, port: 3000, pool: 10 });
      // No .env at all is no error.
      fs.rmSync(path.join(dir, ".env"));
      expect(inChild(dir, {})).toMatchObject({ file: null, port: 3000 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a secret key made by one process of a PostgreSQL installation is worth a warning", () => {
  it("warns on the start that made the key file, with DATABASE_URL, and only then", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-key-"));
    try {
      const env = { NODE_ENV: "production" as const, CANDOR_SECRET_KEY_FILE: path.join(dir, "secret-key"), DATABASE_URL: "postgres://db/candor" };
      const first = loadConfig(env);
      expect(first.secretKeyCreated).toBe(true);
      expect(secretKeyWarning(first)).toMatch(/made a new secret key in .*secret-key\. Every server and the worker of this installation need the same key/);
      const second = loadConfig(env);
      expect(second.secretKeyCreated).toBe(false);
      expect(second.secretKey).toEqual(first.secretKey);
      expect(secretKeyWarning(second)).toBeNull();
      // On PGlite there is one process: nothing to share the key with.
      expect(secretKeyWarning({ ...first, DATABASE_URL: undefined })).toBeNull();
      expect(secretKeyWarning(loadConfig({ NODE_ENV: "production", CANDOR_SECRET_KEY: KEY, DATABASE_URL: "postgres://db/candor" }))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
