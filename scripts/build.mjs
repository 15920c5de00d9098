// `npm run build`: the Remix client and server build and the bundled server and CLI (scripts/build-server.mjs),
// and, at the same time, the prepared PGlite data directories that a new embedded database starts from
// (scripts/prepare-pglite.ts, ADR 028). The two run side by side: making a data directory is PGlite's initdb
// and the demo's history (seconds of one core), while Vite's build is mostly another, so on a machine with two
// cores or more the build takes little longer than before. Remix empties build/ when it starts, so the images
// are made and kept in .cache/pglite (an image whose key still matches is reused) and linked into
// build/pglite at the end. Plain JavaScript, so that it runs before anything is built.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { writeModule } from "./db-functions.mjs";

/** Runs a command with its output shown; resolves when it succeeds, rejects with its exit code otherwise. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(" ")} ended with ${signal ?? `exit code ${code}`}`))));
  });
}

// The SQL functions' module first: both builds bundle it.
if (await writeModule()) console.info("wrote db/functions/index.ts from db/functions/*.sql");

const CACHE = path.join(".cache", "pglite");
const TARGET = path.join("build", "pglite");

/** Hard links of a directory tree's files (the images are only ever copied from, never opened in place); a copy where links cannot be made. */
function linkTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else {
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
    }
  }
}

// The image maker is bundled on its own, then runs beside Vite.
await build({
  entryPoints: { "prepare-pglite": "scripts/prepare-pglite.ts" },
  outdir: path.join(".cache", "prepare-pglite"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  tsconfig: "tsconfig.json",
  packages: "external",
});
const images = run(process.execPath, [path.join(".cache", "prepare-pglite", "prepare-pglite.js"), CACHE]);
const app = (async () => {
  await run(process.execPath, [path.join("node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"]);
  await run(process.execPath, ["scripts/build-server.mjs"]);
})();
const results = await Promise.allSettled([app, images]);
const failed = results.filter((r) => r.status === "rejected");
if (failed.length > 0) {
  for (const f of failed) console.error(`build failed: ${f.reason instanceof Error ? f.reason.message : String(f.reason)}`);
  process.exit(1);
}
fs.rmSync(TARGET, { recursive: true, force: true });
for (const name of ["baseline", "demo"]) {
  // The manifest last: a manifest names a complete image.
  if (!fs.existsSync(path.join(CACHE, `${name}.json`))) continue;
  linkTree(path.join(CACHE, name), path.join(TARGET, name));
  fs.copyFileSync(path.join(CACHE, `${name}.json`), path.join(TARGET, `${name}.json`));
}
console.info(`prepared PGlite data directories in ${TARGET}`);
