import fs from "node:fs";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The lint config is what keeps the layers apart; these fixtures prove its rules fire where they should.
// The fixtures are linted under paths that do not exist, which the TypeScript project cannot type: the
// type-aware rules are switched off here (the import rules need no types).
const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });

async function restrictedImports(fixture: string, filePath: string): Promise<string[]> {
  const code = fs.readFileSync(new URL(`../fixtures/lint/${fixture}`, import.meta.url), "utf8");
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import boundaries", () => {
  it("keeps app/domain free of db, framework and React imports", async () => {
    const messages = await restrictedImports("domain-imports-db.ts.txt", "app/domain/fixture.ts");
    expect(messages).toHaveLength(3);
    expect(messages.filter((m) => m.includes("Only *.server.ts files may use the database"))).toHaveLength(2);
    expect(messages.filter((m) => m.includes("app/domain is pure TypeScript"))).toHaveLength(1);
  });

  it("stops a route from importing the database layer", async () => {
    const messages = await restrictedImports("route-imports-db.ts.txt", "app/routes/fixture.tsx");
    expect(messages).toEqual([expect.stringContaining("Only *.server.ts files may use the database")]);
  });

  it("lets a *.server.ts service import the database layer", async () => {
    expect(await restrictedImports("service-imports-db.ts.txt", "app/services/fixture.server.ts")).toEqual([]);
  });
});
