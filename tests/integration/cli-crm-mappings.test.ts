import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { cliDatabase, runCli } from "../support/cli";
import { backends } from "../support/test-db";

// `import-crm` applies and saves stage and column mappings, and reads owner ids through a users file
// (issue 25): what automation needs without the CRM page. Each call is a process of its own (seconds each).
vi.setConfig({ testTimeout: 180_000 });

const FIXTURES = path.join(import.meta.dirname, "../fixtures/crm-exports");

/** A HubSpot custom pipeline exported without "Is Deal Closed?": its stages need mapping. */
const CUSTOM_PIPELINE = [
  "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner",
  "1,Alpha,Closed: won,1000,2026-03-01,2026-01-01,Rep One",
  "2,Beta,Opportunity identified,2000,2026-08-01,2026-05-01,Rep One",
].join("\r\n");

/** A CSV of some other tool: no column Candor knows. */
const OTHER_TOOL = (id: string) => ["Ref,Title,Rep,Phase,Value,Due,Opened", `${id},Gamma,Rep One,Signed,500,2026-04-01,2026-02-01`].join("\r\n");

for (const kind of backends) {
  describe(`candor import-crm: mappings and users files [${kind}]`, () => {
    const { env, dir } = cliDatabase(kind, "climap");

    it("maps stages given with --map-stage, saves them for the next import, and refuses a status that is none", async () => {
      expect((await runCli(["create-org", "--slug", "acme", "--name", "Acme"], env)).code).toBe(0);
      const file = path.join(dir, "pipeline.csv");
      fs.writeFileSync(file, CUSTOM_PIPELINE);
      const bad = await runCli(["import-crm", "--org", "acme", "--file", file, "--map-stage", "Closed: won=maybe"], env);
      expect(bad).toMatchObject({ code: 1, stderr: '--map-stage: "maybe" is not open, won or lost.\n' });
      const refused = await runCli(["import-crm", "--org", "acme", "--file", file, "--json"], env);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ status: "rejected", problemCount: 2 });
      const mapped = await runCli(["import-crm", "--org", "acme", "--file", file, "--map-stage", "Closed: won=won", "--map-stage", "Opportunity identified=open", "--json"], env);
      expect(mapped.code, mapped.stderr).toBe(0);
      expect(JSON.parse(mapped.stdout)).toMatchObject({ status: "imported", format: "hubspot", rows: 2 });
      // Saved: the same stages in another file import with no option.
      const next = path.join(dir, "pipeline-2.csv");
      fs.writeFileSync(next, CUSTOM_PIPELINE.replace("1,Alpha", "3,Alpha"));
      const again = await runCli(["import-crm", "--org", "acme", "--file", next, "--json"], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ status: "imported", rows: 2 });
    });

    it("maps columns from --mapping file.json and --map-column, saves them for the file's header, and says what is wrong with a bad one", async () => {
      const file = path.join(dir, "other.csv");
      fs.writeFileSync(file, OTHER_TOOL("A-1"));
      const mapping = path.join(dir, "mapping.json");
      fs.writeFileSync(
        mapping,
        JSON.stringify({ stages: { Signed: "won" }, columns: { crmId: "Ref", name: "Title", owner: "Rep", stage: "Phase", amount: "Value", closeDate: "Due" } }),
      );
      const missing = await runCli(["import-crm", "--org", "acme", "--file", file, "--mapping", mapping], env);
      expect(missing).toMatchObject({ code: 1, stderr: "Choose the column that holds the date the deal was created.\n" });
      const imported = await runCli(["import-crm", "--org", "acme", "--file", file, "--mapping", mapping, "--map-column", "created_date=Opened", "--json"], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ status: "imported", format: "generic", rows: 1 });
      const next = path.join(dir, "other-2.csv");
      fs.writeFileSync(next, OTHER_TOOL("A-2"));
      const again = await runCli(["import-crm", "--org", "acme", "--file", next, "--json"], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ status: "imported", format: "generic", rows: 1 });
      const wrongField = await runCli(["import-crm", "--org", "acme", "--file", next, "--map-column", "colour=Title"], env);
      expect(wrongField.code).toBe(1);
      expect(wrongField.stderr).toContain('--map-column: "colour" is no field');
    });

    it("reads a Data Loader export's owner ids through --users User.csv, and prints the warnings", async () => {
      const result = await runCli(
        ["import-crm", "--org", "acme", "--file", path.join(FIXTURES, "salesforce-dataloader-Opportunity.csv"), "--users", path.join(FIXTURES, "salesforce-dataloader-User.csv")],
        env,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("Imported 6 deals");
      expect(result.stdout).toContain("warning: 2 stages are not in the CRM's default stages");
      expect(result.stdout).toContain("warning: 1 owner id is not in the users file: 0055g00000GoneXAAA.");
      expect(result.stdout).toContain("unmatched owner: rep-a1@exports.example (3 deals)");
    });
  });
}
