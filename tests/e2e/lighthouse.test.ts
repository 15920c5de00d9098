import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditPage, launchChromium, repSurveyPage, type RunningChromium } from "../../scripts/lighthouse/audit";
import { hasChromium } from "./support/browser";
import { startServer, tempPgliteDir, type RunningServer } from "./support/server";

// Lighthouse with its mobile defaults (a phone screen, simulated slow 4G, a 4× slower CPU) on the page
// reps answer pulses on, signed in, served by the built server. The page must stay light: it works
// without JavaScript, so nothing on it may hold up the first paint.
describe.skipIf(!hasChromium)("Lighthouse on the rep's survey page (mobile)", () => {
  let server: RunningServer;
  let chromium: RunningChromium;
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), "candor-lighthouse-test-"));

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startServer({ PGLITE_DIR: tempPgliteDir(), CANDOR_SEED_DEMO: "true" }), launchChromium()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  it("scores 100 for accessibility and at least 95 for performance", async () => {
    const page = await repSurveyPage(server.url, server.output());
    const scores = await auditPage(chromium, page.url, { headers: { Cookie: page.cookie }, outputDir: reports, name: "survey" });
    console.info(
      `Lighthouse (mobile) on ${new URL(page.url).pathname}: performance ${scores.performance}, accessibility ${scores.accessibility};` +
        ` FCP ${Math.round(scores.metrics.fcp)} ms, LCP ${Math.round(scores.metrics.lcp)} ms, TBT ${Math.round(scores.metrics.tbt)} ms,` +
        ` CLS ${scores.metrics.cls.toFixed(3)}; report ${scores.reports!.html}` +
        // A busy machine gets a warning that its CPU is slower than Lighthouse expects: shown, not failed on.
        scores.warnings.map((w) => `\n  warning: ${w}`).join(""),
    );
    // The survey itself, not a redirect to the sign-in page.
    const lhr = JSON.parse(fs.readFileSync(scores.reports!.json, "utf8")) as { finalDisplayedUrl: string };
    expect(lhr.finalDisplayedUrl).toBe(page.url);
    expect(scores.accessibilityFailures).toEqual([]);
    expect(scores.accessibility).toBe(100);
    expect(scores.performance).toBeGreaterThanOrEqual(95);
  }, 90_000);
});
