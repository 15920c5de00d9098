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

  // English, and the languages issue 26 names: German (long words) and Japanese (another script, its own fonts).
  const bytes: Record<string, number> = {};
  for (const language of ["en", "de", "ja"] as const) {
    it(`${language}: scores 100 for accessibility in each of 3 runs, and 95 for performance (best run; median at least 90)`, async () => {
      const page = await repSurveyPage(server.url, server.output());
      // The switcher's choice on this browser (the demo rep has no language setting of their own).
      const cookie = `${page.cookie}; candor_lang=${language}`;
      const html = await (await fetch(page.url, { headers: { Cookie: cookie } })).text();
      expect(html).toMatch(new RegExp(`<html lang="${language}" dir="ltr"`));
      // Three runs, as Lighthouse's guidance on variability advises: on a shared 2-core machine one run caught
      // by a busy neighbour scored 92 (TBT 154 ms) where quiet runs score 94–99.
      const runs = [];
      for (let run = 1; run <= 3; run++) runs.push(await auditPage(chromium, page.url, { headers: { Cookie: cookie }, outputDir: reports, name: `survey-${language}-${run}` }));
      for (const [i, scores] of runs.entries()) {
        console.info(
          `Lighthouse (mobile, ${language}) run ${i + 1} on ${new URL(page.url).pathname}: performance ${scores.performance}, accessibility ${scores.accessibility};` +
            ` FCP ${Math.round(scores.metrics.fcp)} ms, LCP ${Math.round(scores.metrics.lcp)} ms, TBT ${Math.round(scores.metrics.tbt)} ms,` +
            ` CLS ${scores.metrics.cls.toFixed(3)}; report ${scores.reports!.html}` +
            // A busy machine gets a warning that its CPU is slower than Lighthouse expects: shown, not failed on.
            scores.warnings.map((w) => `\n  warning: ${w}`).join(""),
        );
        // The survey itself, not a redirect to the sign-in page; accessibility does not depend on the machine.
        const lhr = JSON.parse(fs.readFileSync(scores.reports!.json, "utf8")) as { finalDisplayedUrl: string; audits: Record<string, { numericValue?: number }> };
        expect(lhr.finalDisplayedUrl).toBe(page.url);
        expect(scores.accessibilityFailures).toEqual([]);
        expect(scores.accessibility).toBe(100);
        bytes[language] = lhr.audits["total-byte-weight"]?.numericValue ?? NaN;
      }
      // A busy machine only ever lowers a score: the best run shows what the page does (the aim, 95), and the
      // median may not fall far below it (a real regression, such as a render-blocking script, lowers all three).
      const [worst, median, best] = runs.map((r) => r.performance).sort((a, b) => a - b) as [number, number, number];
      console.info(`Lighthouse performance (${language}): best ${best}, median ${median}, worst ${worst}; page weight ${Math.round(bytes[language]!)} bytes transferred`);
      if (language !== "en") console.info(`  ${language} against en: ${Math.round(bytes[language]! - bytes.en!)} bytes more transferred`);
      // Japanese scored 92–93 until its faces were named in app.css (the browser searched every installed font
      // for each kana and kanji: the first layout's long task); 95–96 since (2026-12-07, quiet machine).
      expect(best).toBeGreaterThanOrEqual(95);
      expect(median).toBeGreaterThanOrEqual(90);
    }, 180_000);
  }
});
