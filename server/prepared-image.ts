import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { migrations } from "#db/migrations/index";
import { preparePgliteImage, schemaKey, writeManifest } from "#db/prepare-image";
import { pgliteVersion, readPreparedImage, type PreparedImage } from "#db/prepared";
import { loadConfig } from "~/config.server";
import { createAppContext } from "~/context.server";
import { dateInZone } from "~/domain/organisation-settings";
import { seedDemoHistory } from "~/services/demo/seed.server";

// The prepared PGlite data directories a new embedded database starts from (ADR 028): which one a server
// takes, and how `npm run build` makes them (scripts/prepare-pglite.ts).

/** Where `npm run build` puts the prepared PGlite data directories: build/pglite, beside build/server. */
export function preparedImagesDir(serverDir: string): string {
  return path.join(serverDir, "..", "pglite");
}

/**
 * The prepared data directory a new PGlite database starts from: with the demo wanted, the demo image when
 * it was made for today (its history is dated from the day it was seeded); otherwise the baseline (the
 * migrated schema); none when the build has none that fits this code.
 */
export function choosePreparedImage(root: string, options: { demo: boolean; now: Date }): PreparedImage | null {
  const known = Object.keys(migrations);
  if (options.demo) {
    const demo = readPreparedImage(root, "demo", known);
    if (demo?.manifest.demo && demo.manifest.demo.date === dateInZone(options.now, demo.manifest.demo.timezone)) return demo;
  }
  return readPreparedImage(root, "baseline", known);
}

/** The baseline image in `root`: kept when its key still matches (the migrations, SQL functions and PGlite), made otherwise. */
export async function prepareBaselineImage(root: string, log: (line: string) => void = () => {}): Promise<PreparedImage> {
  const known = Object.keys(migrations);
  const key = schemaKey();
  const kept = readPreparedImage(root, "baseline", known);
  if (kept?.manifest.key === key) {
    log(`baseline: kept (${kept.manifest.migrations.length} migrations, made ${kept.manifest.createdAt})`);
    return kept;
  }
  const started = performance.now();
  const applied = await preparePgliteImage(path.join(root, "baseline"));
  writeManifest(root, { format: 1, kind: "baseline", key, pglite: pgliteVersion(), migrations: applied, createdAt: new Date().toISOString() });
  log(`baseline: initdb, ${applied.length} migrations and the SQL functions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const made = readPreparedImage(root, "baseline", known);
  if (!made) throw new Error("the baseline image was made but cannot be read back");
  return made;
}

/**
 * The demo image in `root`: the baseline plus the demo organisation's history (seedDemoHistory) as of
 * `now`, kept when it was made for the same day with the same `codeKey` (what the seed's code is). It holds
 * nothing that must differ between installations — no password hash, no ballot key, no token — and the
 * secret key it is made with is a throw-away one, forgotten when this process ends: the closed pulses'
 * issuance records and ballot hashes, the only rows it keys, are deleted when they close.
 */
export async function prepareDemoImage(root: string, baseline: PreparedImage, options: { now: Date; codeKey: string; log?: (line: string) => void }): Promise<PreparedImage> {
  const log = options.log ?? (() => {});
  const known = Object.keys(migrations);
  const key = crypto.createHash("sha256").update(baseline.manifest.key).update(options.codeKey).digest("hex");
  const kept = readPreparedImage(root, "demo", known);
  if (kept?.manifest.key === key && kept.manifest.demo && kept.manifest.demo.date === dateInZone(options.now, kept.manifest.demo.timezone)) {
    log(`demo: kept (history for ${kept.manifest.demo.date})`);
    return kept;
  }
  const started = performance.now();
  const made: { demo?: { date: string; timezone: string } } = {};
  const applied = await preparePgliteImage(path.join(root, "demo"), {
    from: baseline.dir,
    fill: async (database) => {
      // The clock held at one instant, so that the whole history is dated from one day.
      const config = loadConfig({ NODE_ENV: "production", PORT: "3000", CANDOR_SECRET_KEY: crypto.randomBytes(32).toString("hex") });
      const app = createAppContext(database, config, { mailer: { description: "none", send: async () => {} }, now: () => new Date(options.now) });
      const { organisation } = await seedDemoHistory(app);
      made.demo = { date: dateInZone(options.now, organisation.timezone), timezone: organisation.timezone };
    },
  });
  if (!made.demo) throw new Error("the demo history was not made");
  writeManifest(root, { format: 1, kind: "demo", key, pglite: pgliteVersion(), migrations: applied, createdAt: options.now.toISOString(), demo: made.demo });
  log(`demo: the baseline and the demo organisation's history for ${made.demo.date} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const image = readPreparedImage(root, "demo", known);
  if (!image) throw new Error("the demo image was made but cannot be read back");
  return image;
}

/** Removes an image and its manifest (a build that cannot make one must not leave a stale one behind). */
export function removePreparedImage(root: string, name: "baseline" | "demo"): void {
  fs.rmSync(path.join(root, `${name}.json`), { force: true });
  fs.rmSync(path.join(root, name), { recursive: true, force: true });
}
