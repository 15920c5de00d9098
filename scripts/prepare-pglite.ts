// Makes the prepared PGlite data directories that a new embedded database starts from (ADR 028). Run by
// `npm run build` (scripts/build.mjs) beside Vite's build, into .cache/pglite (then linked into build/pglite):
//   baseline/  initdb, every migration and SQL function: what any new data directory needs
//   demo/      the baseline plus the demo organisation's history (seedDemoHistory), for today
// each with its manifest (<name>.json). An image whose key still matches is kept: the baseline changes only
// with the migrations, the SQL functions or PGlite; the demo also with this bundle (the seed's code) or the
// day. What must differ between installations (passwords, the open pulse's ballot keys) is made on the
// first start (seedDemo); see server/prepared-image.ts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prepareBaselineImage, prepareDemoImage, removePreparedImage } from "../server/prepared-image";

const bundle = fileURLToPath(import.meta.url);
const root = process.argv[2] ?? path.join(".cache", "pglite");
const log = (line: string) => console.info(`[prepare-pglite] ${line}`);

// A build that cannot make an image leaves none behind: a server then runs initdb as before.
fs.mkdirSync(root, { recursive: true });
let baseline: Awaited<ReturnType<typeof prepareBaselineImage>>;
try {
  baseline = await prepareBaselineImage(root, log);
} catch (error) {
  removePreparedImage(root, "baseline");
  removePreparedImage(root, "demo");
  throw error;
}
try {
  await prepareDemoImage(root, baseline, { now: new Date(), codeKey: crypto.createHash("sha256").update(fs.readFileSync(bundle)).digest("hex"), log });
} catch (error) {
  removePreparedImage(root, "demo");
  throw error;
}
