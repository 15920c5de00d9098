import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Prepared PGlite data directories (ADR 028). A new embedded database costs PGlite's initdb (seconds, and
// most of the start's peak memory) and the migrations replayed on it. `npm run build` makes a data directory
// once — initdb, every migration, the SQL functions, then closed cleanly (db/prepare-image.ts) — and a server
// that finds its PGLITE_DIR missing or empty copies that directory into place instead (openDatabase's
// `pglitePrepared`). Migrations added after the image was made apply on top as usual; an existing data
// directory is never touched.

/** What the build writes next to a prepared data directory (`<name>.json` beside `<name>/`). */
export interface PreparedManifest {
  format: 1;
  /** baseline: the migrated schema only; demo: the schema and the demo organisation's history (ADR 028). */
  kind: "baseline" | "demo";
  /** Changes whenever what the image holds would change: the migrations, the SQL functions, PGlite's version (and for the demo, the seed). */
  key: string;
  /** The PGlite version that wrote the directory: another version may not read it. */
  pglite: string;
  /** The migrations applied in it, in order. */
  migrations: string[];
  createdAt: string;
  /** For the demo image: the day (in the demo organisation's time zone) the history was made for. */
  demo?: { date: string; timezone: string };
}

export interface PreparedImage {
  /** The closed data directory to copy. */
  dir: string;
  manifest: PreparedManifest;
}

/** The installed PGlite's version, which the data directory format depends on. */
export function pgliteVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = path.dirname(require.resolve("@electric-sql/pglite"));
    while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * The prepared image `<root>/<name>/` with its manifest, when it is complete and usable with this code: made
 * by this PGlite version, and holding no migration this code does not know (those it lacks apply on top).
 */
export function readPreparedImage(root: string, name: "baseline" | "demo", knownMigrations: readonly string[]): PreparedImage | null {
  const dir = path.join(root, name);
  let manifest: PreparedManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, `${name}.json`), "utf8")) as PreparedManifest;
  } catch {
    return null;
  }
  if (manifest.format !== 1 || manifest.kind !== name || !fs.existsSync(path.join(dir, "PG_VERSION"))) return null;
  if (manifest.pglite !== pgliteVersion()) return null;
  if (!manifest.migrations.every((m, i) => knownMigrations[i] === m)) return null;
  return { dir, manifest };
}

/** Whether a PGlite data directory is new: missing, or an empty directory. */
export function isNewDataDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

/**
 * Copies a prepared data directory into place as `target` when `target` is new (missing or empty); returns
 * whether it did. The copy is made beside the target and renamed into place, so a process killed half-way
 * leaves no half-made data directory (the next start copies again). The caller holds the directory's lock.
 */
export function copyPreparedDataDir(image: string, target: string): boolean {
  if (!isNewDataDir(target)) return false;
  const draft = `${path.resolve(target)}.preparing`;
  fs.rmSync(draft, { recursive: true, force: true });
  // A copy-on-write clone where the file system can (btrfs, XFS, APFS), a plain copy elsewhere.
  fs.cpSync(image, draft, { recursive: true, mode: fs.constants.COPYFILE_FICLONE });
  if (fs.existsSync(target)) fs.rmdirSync(target);
  fs.renameSync(draft, target);
  return true;
}
