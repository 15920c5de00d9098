import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { cliDatabase, runCli } from "../support/cli";
import { backends } from "../support/test-db";

// The command line and CRM snapshots (ADR 051): `import-crm` counts a file at once, so that scheduled
// imports keep working, and prints the same comparison and "far fewer" warnings as the CRM page; with
// --preview the file waits; `crm-snapshots` lists, confirms and deletes. Each call is a process of its own.
vi.setConfig({ testTimeout: 480_000 });

const HEADER = "Opportunity Owner,Opportunity Name,Amount,Close Date,Created Date,Stage,Closed,Won,Opportunity ID";
/** 24 deals of six owners. */
const FULL = [HEADER, ...Array.from({ length: 24 }, (_, i) => `owner${i % 6}@acme.example,Deal ${i},1000,9/${(i % 28) + 1}/2026,6/1/2026,Closed Won,1,1,006FULL${i}`)].join("\r\n");
/** The filtered report: two deals of one owner. */
const FILTERED = (suffix: string) =>
  [
    HEADER,
    `owner0@acme.example,Deal A,5000,11/2/2026,10/1/2026,Closed Won,1,1,006F${suffix}1`,
    `owner0@acme.example,Deal B,5000,12/20/2026,10/1/2026,Prospecting,0,0,006F${suffix}2`,
  ].join("\r\n");

for (const kind of backends) {
  describe(`candor import-crm and crm-snapshots [${kind}]`, () => {
    const { env, dir } = cliDatabase(kind, "clisnap");
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };

    it("counts at once, printing the comparison and warnings; --preview waits until crm-snapshots --confirm; --delete removes", async () => {
      expect((await runCli(["create-org", "--slug", "acme", "--name", "Acme"], env)).code).toBe(0);
      const full = await runCli(["import-crm", "--org", "acme", "--file", write("full.csv", FULL), "--as-of", "2026-10-01"], env);
      expect(full.code, full.stderr).toBe(0);
      expect(full.stdout).toContain("Imported 24 deals from");
      expect(full.stdout).toContain("  the first counted snapshot:\n    No team (owner matches no one): 24 deals, $24,000");

      // Automation: a filtered file still counts at once, and says loudly what it looks like.
      const counted = await runCli(["import-crm", "--org", "acme", "--file", write("filtered-1.csv", FILTERED("x")), "--as-of", "2026-11-01"], env);
      expect(counted.code, counted.stderr).toBe(0);
      expect(counted.stdout).toContain(
        "  compared with the counted snapshot of 2026-10-01 (24 deals, 6 owners):\n    No team (owner matches no one): 24 → 2 deals (-22), $24,000 → $10,000",
      );
      expect(counted.stdout).toContain("  warning: This file holds far fewer deals than the last snapshot: 2 deals against 24 in the snapshot of 1 Oct 2026.");
      expect(counted.stdout).toContain("  warning: This file names far fewer deal owners than the last snapshot: 1 owner against 6 in the snapshot of 1 Oct 2026.");

      const preview = await runCli(["import-crm", "--org", "acme", "--file", write("filtered-2.csv", FILTERED("y")), "--as-of", "2026-12-01", "--preview", "--json"], env);
      expect(preview.code, preview.stderr).toBe(0);
      const result = JSON.parse(preview.stdout) as { status: string; snapshotStatus: string; snapshotId: string; review: { warnings: unknown[] } };
      expect(result).toMatchObject({ status: "imported", snapshotStatus: "preview" });
      // Compared with the latest counted snapshot (the filtered one), whose two deals this matches.
      expect(result.review.warnings).toEqual([]);

      const listed = await runCli(["crm-snapshots", "--org", "acme", "--json"], env);
      const rows = JSON.parse(listed.stdout) as Array<{ id: string; asOf: string; status: string; feeds: string[] }>;
      expect(rows.map((r) => [r.asOf, r.status])).toEqual([
        ["2026-12-01", "preview"],
        ["2026-11-01", "counted"],
        ["2026-10-01", "counted"],
      ]);
      expect(rows[1]!.feeds[0]).toMatch(/^Every quarter's win rate/);

      const confirmed = await runCli(["crm-snapshots", "--org", "acme", "--confirm", result.snapshotId], env);
      expect(confirmed.code, confirmed.stderr).toBe(0);
      expect(confirmed.stdout).toContain("The snapshot of 2026-12-01 counts now.");
      expect(confirmed.stdout).toContain("will read the snapshot of 1 Dec 2026 instead of 1 Nov 2026.");
      const twice = await runCli(["crm-snapshots", "--org", "acme", "--confirm", result.snapshotId], env);
      expect(twice).toMatchObject({ code: 1, stderr: "The snapshot of 2026-12-01 counts already; nothing changed.\n" });

      const deleted = await runCli(["crm-snapshots", "--org", "acme", "--delete", result.snapshotId], env);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(deleted.stdout).toContain("The snapshot of 2026-12-01 was deleted with its deals.");
      const after = JSON.parse((await runCli(["crm-snapshots", "--org", "acme", "--json"], env)).stdout) as Array<{ status: string }>;
      expect(after.map((r) => r.status)).toEqual(["counted", "counted"]);
      const unknown = await runCli(["crm-snapshots", "--org", "acme", "--delete", result.snapshotId], env);
      expect(unknown).toMatchObject({ code: 1, stderr: "There is no such CRM snapshot.\n" });
    });
  });
}
