import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// scripts/audit.mjs on saved `npm audit --json` outputs (npm's report version 2), so that its three
// answers are checked without the network: clean, findings, and "the audit did not run".

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-audit-"));
function audit(report: unknown) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(report));
  const run = spawnSync(process.execPath, ["scripts/audit.mjs", "--from", file], { encoding: "utf8" });
  return { code: run.status, out: run.stdout, err: run.stderr };
}
const metadata = (counts: Partial<Record<"info" | "low" | "moderate" | "high" | "critical", number>>) => ({
  vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) },
  dependencies: { prod: 200, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 200 },
});

describe("npm run audit", () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("passes a report without high or critical findings", () => {
    const result = audit({ auditReportVersion: 2, vulnerabilities: {}, metadata: metadata({ low: 1 }) });
    expect(result.code).toBe(0);
    expect(result.out).toContain("0 critical, 0 high, 0 moderate, 1 low");
  });

  it("fails on a high finding and names the advisory, also when it comes in through another package", () => {
    const result = audit({
      auditReportVersion: 2,
      vulnerabilities: {
        "some-router": {
          name: "some-router",
          severity: "high",
          via: [
            { source: 1, name: "some-router", title: "Open redirect in some-router", url: "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", severity: "high", range: "<1.2.3" },
          ],
        },
        framework: { name: "framework", severity: "high", via: ["some-router"] },
      },
      metadata: metadata({ high: 2 }),
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain("high     some-router: Open redirect in some-router (GHSA-aaaa-bbbb-cccc)");
    expect(result.err.match(/GHSA-aaaa-bbbb-cccc/g)).toHaveLength(1);
  });

  it("says the audit did not run when the advisory endpoint fails, and exits 2", () => {
    const result = audit({ message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", statusCode: 405 });
    expect(result.code).toBe(2);
    expect(result.err).toContain("npm audit could not run");
    expect(result.err).toContain("405 Method Not Allowed");
    expect(result.err).toContain("This is NOT a clean result");
  });
});
