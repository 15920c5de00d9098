import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { generateSalesforceCsv } from "../../app/domain/crm";
import { cliDatabase, runCli } from "../support/cli";
import { backends } from "../support/test-db";

// The CLI as a user runs it, against the same kinds of database the server uses. Each call is a new
// process that opens (and on first use migrates) the database, so these take seconds each on a busy machine.
vi.setConfig({ testTimeout: 180_000 });
for (const kind of backends) {
  describe(`candor CLI: organisations, admins and rosters [${kind}]`, () => {
    const { env, dir } = cliDatabase(kind, "cli");

    it("creates an organisation, refuses a duplicate slug, and creates an admin with a one-time link", async () => {
      const created = await runCli(["create-org", "--slug", "acme", "--name", "Acme Sales"], env);
      expect(created).toMatchObject({ code: 0, stdout: 'Created organisation "Acme Sales" (slug acme).\n' });
      const again = await runCli(["create-org", "--slug", "acme", "--name", "Again"], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe('An organisation with the slug "acme" already exists.\n');
      const admin = await runCli(["create-admin", "--org", "acme", "--email", "ops@acme.example"], env);
      expect(admin.code).toBe(0);
      expect(admin.stdout).toMatch(
        /Created admin ops@acme\.example in Acme Sales\.\nOne-time link to set the password \(expires in 7 days\):\nhttp:\/\/candor\.test\/invite\/[a-z2-7]{24}\.[a-z2-7]{32}\n$/,
      );
      // With no SMTP_URL the invitation is also written to the outbox as an .eml file.
      expect(fs.readdirSync(env.OUTBOX_DIR!).filter((f) => f.endsWith(".eml"))).toHaveLength(1);
      const missing = await runCli(["create-admin", "--org", "nope", "--email", "x@y.example"], env);
      expect(missing).toMatchObject({ code: 1, stderr: 'There is no organisation with the slug "nope".\n' });
    });

    it("imports a roster, printing a JSON summary, and rejects a bad file with line numbers and exit 1", async () => {
      const good = path.join(dir, "roster.csv");
      fs.writeFileSync(good, "email,name,role,team,manager_email\r\nmia@acme.example,Mia Manager,manager,West,\r\nann@acme.example,Ann Rep,rep,West > Pod 1,mia@acme.example\r\n");
      const result = await runCli(["import-roster", "--org", "acme", "--file", good, "--json"], env);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, added: 2, newTeams: 2, managerChanges: 1, unchanged: 0 });

      const bad = path.join(dir, "bad.csv");
      fs.writeFileSync(bad, "email,name,role,team,manager_email\nbob@acme.example,Bob,rep,West,\nnot-an-email,Cy,rep,,\n");
      const rejected = await runCli(["import-roster", "--org", "acme", "--file", bad], env);
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toBe(
        `Nothing was imported: ${bad} has 2 problems.\n  line 3, email: "not-an-email" is not an email address\n  line 3, team: is empty: every rep belongs to a team\n`,
      );
      const json = await runCli(["import-roster", "--org", "acme", "--file", bad, "--json"], env);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({
        ok: false,
        problems: [
          { line: 3, column: "email", message: '"not-an-email" is not an email address' },
          { line: 3, column: "team", message: "is empty: every rep belongs to a team" },
        ],
      });
      // Bob from the bad file was not imported.
      const again = await runCli(["import-roster", "--org", "acme", "--file", good, "--json"], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, added: 0, unchanged: 2 });
    });

    it("explains unknown commands and missing options", async () => {
      const unknown = await runCli(["frobnicate"], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('Unknown command "frobnicate"');
      const missing = await runCli(["import-roster", "--org", "acme"], env);
      expect(missing).toMatchObject({ code: 1, stderr: "--file is required.\n" });
    });

    it("imports a CRM export and exports results as JSON or a zip of spreadsheet-safe CSVs, refusing bad options", async () => {
      const file = path.join(dir, "opportunities.csv");
      fs.writeFileSync(file, [...generateSalesforceCsv({ rows: 300, owners: ["ana@acme.test", "=cmd@acme.test"], asOf: "2026-06-30", seed: 7 })].join(""));
      const imported = await runCli(["import-crm", "--org", "acme", "--file", file, "--dates", "us", "--as-of", "2026-06-30", "--json"], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ status: "imported", rows: 300, asOf: "2026-06-30", format: "salesforce" });
      const again = await runCli(["import-crm", "--org", "acme", "--file", file, "--json"], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ status: "unchanged" });

      const json = await runCli(["export-results", "--org", "acme", "--period", "month", "--metrics", "winRate,wonCount", "--lags", "0,1"], env);
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout) as Record<string, unknown>;
      expect(Object.keys(report)).toEqual(expect.arrayContaining(["teamScores", "enps", "reliability", "metrics", "correlations", "gaps"]));
      expect(report.options).toEqual({ period: "month", metrics: ["winRate", "wonCount"], lags: [0, 1] });

      const zip = path.join(dir, "results.zip");
      const csv = await runCli(["export-results", "--org", "acme", "--format", "csv", "--out", zip], env);
      expect(csv.code, csv.stderr).toBe(0);
      const files = unzipSync(fs.readFileSync(zip));
      expect(Object.keys(files).sort()).toEqual(["README.txt", "correlations.csv", "enps.csv", "gaps.csv", "metrics.csv", "reliability.csv", "teamScores.csv"]);
      expect(strFromU8(files["teamScores.csv"]!).split("\r\n")[0]).toBe("team,teamId,period,dimension,n,mean,sd,ciLow,ciHigh,alpha,rwgJ,suppressed");
      expect(strFromU8(files["metrics.csv"]!).split("\r\n")[0]).toMatch(/^team,teamId,period,winRate,wonCount,lostCount,/);

      const badLags = await runCli(["export-results", "--org", "acme", "--lags", "0,7"], env);
      expect(badLags.code).toBe(1);
      expect(badLags.stderr).toContain("--lags: lags must be whole numbers from 0 to 3");
      const badMetric = await runCli(["export-results", "--org", "acme", "--metrics", "vibes"], env);
      expect(badMetric.stderr).toContain("--metrics: metrics must be among winRate");
      expect((await runCli(["export-results", "--org", "acme", "--format", "csv"], env)).stderr).toContain("--out");
    });
  });
}
