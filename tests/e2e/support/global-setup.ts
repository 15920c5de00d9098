import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string | null;
  }
}

export default function setup(project: TestProject) {
  if (!fs.existsSync(path.resolve("build/server/main.js"))) {
    throw new Error("No build found: run `npm run build` first (`npm run test:e2e` does it for you).");
  }
  const chromium = findChromium();
  if (!chromium) {
    if (process.env.CI === "true") {
      throw new Error("CI=true but Chromium was not found (set CHROMIUM_PATH or apt-get install chromium)");
    }
    console.warn("\n" + "=".repeat(72) + "\nSKIPPED: no Chromium (apt-get install chromium)\n" + "=".repeat(72) + "\n");
  }
  project.provide("chromiumPath", chromium);
}
