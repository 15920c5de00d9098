// `npm run audit`: the production dependencies against the npm advisory database, failing on high or
// critical findings (ADR 013). Plain JavaScript so that it runs without a build. Exits 0 when clean,
// 1 on findings that are not explained exceptions, 2 when the audit could not run at all — never 0
// without an answer from the advisory endpoint.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

// Advisories accepted after review, each explained in docs/decisions (GHSA id → ADR). None so far.
const EXCEPTIONS = new Map([]);

// `--from <file>` reads a saved `npm audit --json` output instead of asking the registry (for the script's tests).
const from = process.argv.includes("--from") ? process.argv[process.argv.indexOf("--from") + 1] : null;
const run = from
  ? { stdout: fs.readFileSync(from, "utf8"), stderr: "" }
  : spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}

// npm prints an error object instead of a report when the advisory endpoint fails (offline, a proxy or
// mirror without /-/npm/v1/security/advisories/bulk, which answers 405 on some networks).
if (!report || !report.metadata || report.error || report.statusCode) {
  const reason = report?.message ?? report?.error?.summary ?? (run.stderr.trim() || run.error?.message || "no report");
  console.error(
    [
      "npm audit could not run: the advisory endpoint did not answer with a report.",
      `  ${reason}`,
      "This is NOT a clean result. Run `npm run audit` where registry.npmjs.org's advisory endpoint is",
      "reachable (CI, a developer machine), as docs/decisions/013-dependency-audit.md says.",
    ].join("\n"),
  );
  process.exit(2);
}

const counts = report.metadata.vulnerabilities;
console.info(`npm audit (production dependencies): ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low`);

/** Advisory ids (GHSA-…) behind a finding, following `via` through the packages that pull it in. */
function advisories(name, seen = new Set()) {
  if (seen.has(name)) return [];
  seen.add(name);
  const finding = report.vulnerabilities[name];
  if (!finding) return [];
  return finding.via.flatMap((via) =>
    typeof via === "string" ? advisories(via, seen) : [{ id: via.url?.split("/").pop() ?? via.title, title: via.title, severity: via.severity, package: via.name }],
  );
}

const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => v.severity === "high" || v.severity === "critical");
const unexplained = serious.flatMap((v) => advisories(v.name).filter((a) => (a.severity === "high" || a.severity === "critical") && !EXCEPTIONS.has(a.id)));
const unique = [...new Map(unexplained.map((a) => [a.id, a])).values()];
for (const [id, adr] of EXCEPTIONS) console.info(`  accepted: ${id} (${adr})`);
if (unique.length > 0) {
  console.error("High or critical advisories in production dependencies (fix them, or explain each in an ADR and list it in scripts/audit.mjs):");
  for (const a of unique) console.error(`  ${a.severity.padEnd(8)} ${a.package}: ${a.title} (${a.id})`);
  process.exit(1);
}
console.info("No high or critical advisories without an explained exception.");
