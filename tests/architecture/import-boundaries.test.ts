import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The lint config is what keeps the layers apart (README, "How the code is laid out"; ADR 032); these fixtures
// prove its rules fire where they should, however an import is spelt. The fixtures are linted under paths that
// do not exist, which the TypeScript project cannot type: the type-aware rules are switched off here (the import
// rules need no types).
const eslint = new ESLint({ overrideConfig: [tseslint.configs.disableTypeChecked] });
const LAYER_RULES = new Set(["no-restricted-imports", "import-x/no-restricted-paths"]);

async function layerMessages(fixture: string, filePath: string): Promise<string[]> {
  const code = fs.readFileSync(new URL(`../fixtures/lint/${fixture}`, import.meta.url), "utf8");
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result!.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
}

describe("import boundaries", () => {
  it("keeps app/domain free of db, framework and React imports", async () => {
    const messages = await layerMessages("domain-imports-db.ts.txt", "app/domain/fixture.ts");
    expect(messages).toHaveLength(3);
    expect(messages.filter((m) => m.includes("Only the data layer"))).toHaveLength(1);
    expect(messages.filter((m) => m.includes("app/domain is pure TypeScript"))).toHaveLength(2);
  });

  it("keeps app/domain from every other layer when the import is a relative path", async () => {
    const messages = await layerMessages("domain-imports-layers-by-relative-path.ts.txt", "app/domain/fixture.ts");
    expect(messages).toHaveLength(4);
    expect(messages.every((m) => m.includes("app/domain is pure TypeScript"))).toBe(true);
  });

  it("stops a route from importing the database layer", async () => {
    const messages = await layerMessages("route-imports-db.ts.txt", "app/routes/fixture.tsx");
    expect(messages).toEqual([expect.stringContaining("Routes call one service")]);
  });

  it("stops the route edge (app/http) from importing the database layer", async () => {
    const messages = await layerMessages("http-imports-db.ts.txt", "app/http/fixture.server.ts");
    expect(messages).toEqual([expect.stringContaining("app/http is the route edge")]);
  });

  it("stops app/utils from importing services or auth", async () => {
    const messages = await layerMessages("utils-imports-services.ts.txt", "app/utils/fixture.ts");
    expect(messages).toEqual([expect.stringContaining("app/utils holds small helpers"), expect.stringContaining("app/utils holds small helpers")]);
  });

  it("stops a service from importing the route edge or components", async () => {
    const messages = await layerMessages("service-imports-route-edge.ts.txt", "app/services/fixture.server.ts");
    expect(messages).toEqual([expect.stringContaining("Services are use cases below the routes"), expect.stringContaining("Services are use cases below the routes")]);
  });

  it("lets a service import the database layer", async () => {
    expect(await layerMessages("service-imports-db.ts.txt", "app/services/fixture.server.ts")).toEqual([]);
  });

  it("applies the cycle rule to the app's code, and the rule finds a cycle of two modules", async () => {
    const config = await eslint.calculateConfigForFile("app/services/answering.server.ts");
    const cycleRule = config.rules["import-x/no-cycle"];
    expect(cycleRule).toEqual([2, expect.objectContaining({ ignoreExternal: true })]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-cycle-"));
    try {
      fs.writeFileSync(path.join(dir, "a.js"), 'import { b } from "./b.js";\nexport const a = () => b;\n');
      fs.writeFileSync(path.join(dir, "b.js"), 'import { a } from "./a.js";\nexport const b = () => a;\n');
      const isolated = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [{ files: ["**/*.js"], plugins: { "import-x": importX }, rules: { "import-x/no-cycle": cycleRule } }],
      });
      const [result] = await isolated.lintFiles(["a.js"]);
      expect(result!.messages.map((m) => m.ruleId)).toEqual(["import-x/no-cycle"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
