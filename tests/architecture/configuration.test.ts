import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../app/config.server";

// One list of settings, written three times for three readers: the schema (the code), the README's table (the
// operator) and .env.example (the file an operator copies). Each can drift from the others, and code can read
// an environment variable around the schema (DATABASE_POOL_SIZE and DATABASE_CONNECT_TIMEOUT_MS did, in
// db/client.ts, and UPLOAD_LIMIT_MB was missing from the README): this test fails when any of that happens.
const root = path.resolve(import.meta.dirname, "../..");
const schemaKeys = Object.keys(ConfigSchema.shape).sort();
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

/** The variables of a README table: the first cell of each row, `NAME` in backticks. */
function tableVariables(heading: string, next: string): string[] {
  const start = readme.indexOf(`${heading}\n`);
  const end = readme.indexOf(`${next}\n`, start + 1);
  expect(start, `README has "${heading}"`).toBeGreaterThan(-1);
  expect(end, `README has "${next}" after "${heading}"`).toBeGreaterThan(start);
  return [...readme.slice(start, end).matchAll(/^\| `([A-Z][A-Z0-9_]*\*?)` \|/gm)].map((m) => m[1]!);
}

const settings = tableVariables("## Configuration", "### Tests and tools");
const tools = tableVariables("### Tests and tools", "## Commands");

/** Every file under a folder (of the given extensions), relative to the repository. */
function filesUnder(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry.name)) out.push(rel);
    }
  };
  walk(folder);
  return out;
}

/**
 * How code reads the environment: `process.env.NAME`, `process.env["NAME"]`, or anything else done with
 * `process.env` but passing it on whole (`...process.env`, `loadConfig(process.env`), which hands the
 * schema everything and reads nothing itself.
 */
function environmentReads(file: string): Array<{ line: number; text: string; name: string | null }> {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return text.split("\n").flatMap((line, i) =>
    /^\s*(\/\/|\*|\/\*)/.test(line)
      ? []
      : [...line.matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[["']([A-Z_][A-Z0-9_]*)["']\])?/g)]
          .filter((m) => {
            const before = line.slice(0, m.index);
            return !before.endsWith("...") && !before.endsWith("loadConfig(");
          })
          .map((m) => ({ line: i + 1, text: line.trim(), name: m[1] ?? m[2] ?? null })),
  );
}

// Tools, not Candor: the benchmarks, the measuring scripts and the build helpers. Their knobs are the README's
// "Tests and tools" table. The bare servers benchmarks compare Candor with are given their settings by the
// benchmark that starts them.
const TOOL_PATHS = ["scripts/bench/", "scripts/lighthouse", "scripts/anonymity/", "scripts/audit", "scripts/build", "scripts/db-functions", "scripts/prepare-pglite"];
const BARE_BASELINES = "scripts/bench/baselines/";
const SYSTEM_VARIABLES = new Set(["PATH", "HOME"]);

describe("configuration: one list of settings", () => {
  it("the README's configuration table lists exactly the schema's variables, once each", () => {
    expect([...settings].sort()).toEqual(schemaKeys);
    expect(new Set(settings).size).toBe(settings.length);
    for (const key of ["DATABASE_POOL_SIZE", "DATABASE_CONNECT_TIMEOUT_MS", "UPLOAD_LIMIT_MB", "CANDOR_ENV_FILE"]) expect(settings).toContain(key);
  });

  it(".env.example lists exactly the schema's variables, each with a comment above it or its group", () => {
    const example = fs.readFileSync(path.join(root, ".env.example"), "utf8");
    const listed = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    expect([...listed].sort()).toEqual(schemaKeys);
    expect(new Set(listed).size).toBe(listed.length);
    // Every variable's line follows a comment line (its explanation), not a blank line.
    const lines = example.split("\n");
    for (const key of schemaKeys) {
      const at = lines.findIndex((l) => new RegExp(`^#? ?${key}=`).test(l));
      expect(lines[at - 1]?.startsWith("#"), `${key} has a comment above it`).toBe(true);
    }
  });

  it("nothing in the server, the worker or the CLI reads an environment variable around the schema", () => {
    const candor = ["app", "db", "server", "scripts"]
      .flatMap(filesUnder)
      .filter((f) => !TOOL_PATHS.some((t) => f.startsWith(t)) && !f.endsWith(".test.ts") && f !== "app/config.server.ts");
    expect(candor).toContain("db/client.ts");
    expect(candor).toContain("scripts/start.mjs");
    expect(candor).toContain("scripts/cli/commands.ts");
    const reads = candor.flatMap((file) => environmentReads(file).map((r) => `${file}:${r.line}: ${r.text}`));
    expect(reads).toEqual([]);
    // The schema's own file reads the whole environment (readSettings' and loadConfig's default), the one
    // variable needed before the schema (the settings file's name), and writes NODE_ENV for React and Express
    // (shareNodeEnv).
    expect(environmentReads("app/config.server.ts").map((r) => r.name)).toEqual([null, null, "CANDOR_ENV_FILE", "NODE_ENV"]);
  });

  it("every variable the tests and tools read is in the README's tests-and-tools table", () => {
    const toolFiles = [
      ...["scripts"].flatMap(filesUnder).filter((f) => TOOL_PATHS.some((t) => f.startsWith(t)) && !f.startsWith(BARE_BASELINES)),
      ...filesUnder("tests").filter((f) => f !== "tests/architecture/configuration.test.ts"),
    ];
    const documented = (name: string) => tools.some((t) => (t.endsWith("*") ? name.startsWith(t.slice(0, -1)) : name === t)) || SYSTEM_VARIABLES.has(name);
    const undocumented = toolFiles.flatMap((file) =>
      environmentReads(file)
        .filter((r) => r.name !== null && !documented(r.name) && !schemaKeys.includes(r.name))
        .map((r) => `${file}:${r.line}: ${r.name}`),
    );
    expect(undocumented).toEqual([]);
    // And the table names no setting of Candor's own: those belong in the configuration table.
    expect(tools.filter((t) => schemaKeys.includes(t))).toEqual([]);
  });
});
