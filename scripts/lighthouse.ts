// npm run lighthouse — Lighthouse (performance and accessibility, mobile with simulated throttling) on
// the rep's survey page of the demo organisation, served by the built server on a fresh PGlite database,
// in Debian's Chromium, in LIGHTHOUSE_LANG (a language of Candor's, default en). Prints the scores of each run
// (LIGHTHOUSE_RUNS, default 3) and writes each run's
// JSON and HTML report to a temporary directory. Exits 1 when a run is under the targets (95 and 100).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { auditPage, launchChromium, repSurveyPage, type LighthouseScores } from "./lighthouse/audit";

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const LANGUAGE = process.env.LIGHTHOUSE_LANG ?? "en";
const TARGETS = { performance: 95, accessibility: 100 };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function main() {
  if (!fs.existsSync("build/server/main.js")) throw new Error("No build found: run `npm run build` first.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-lighthouse-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["build/server/main.js"], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: url,
      PGLITE_DIR: path.join(dir, "pglite"),
      OUTBOX_DIR: path.join(dir, "outbox"),
      CANDOR_SEED_DEMO: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  server.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const stopped = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const chromium = await launchChromium();
  try {
    console.info("[lighthouse] starting the built server with the demo organisation…");
    const deadline = Date.now() + 120_000;
    while (!/listening on/.test(output)) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const page = await repSurveyPage(url, output);
    console.info(`[lighthouse] ${page.url} (the demo rep's survey page, signed in), mobile, simulated slow 4G and 4× CPU`);
    const runs: LighthouseScores[] = [];
    for (let i = 1; i <= RUNS; i++) {
      // The language switcher's cookie: the demo rep has no language setting of their own.
      const cookie = `${page.cookie}; candor_lang=${LANGUAGE}`;
      const run = await auditPage(chromium, page.url, { headers: { Cookie: cookie }, outputDir: dir, name: `survey-${LANGUAGE}-${i}` });
      runs.push(run);
      const m = run.metrics;
      console.info(
        `run ${i}: performance ${run.performance}, accessibility ${run.accessibility}` +
          ` (FCP ${Math.round(m.fcp)} ms, LCP ${Math.round(m.lcp)} ms, TBT ${Math.round(m.tbt)} ms, CLS ${m.cls.toFixed(3)}, Speed Index ${Math.round(m.speedIndex)} ms)`,
      );
      for (const failure of run.accessibilityFailures) console.info(`  accessibility: ${failure}`);
      for (const warning of run.warnings) console.info(`  warning: ${warning}`);
    }
    console.info(`reports: ${dir}/survey-${LANGUAGE}-<run>.report.{json,html}`);
    const under = runs.filter((r) => r.performance < TARGETS.performance || r.accessibility < TARGETS.accessibility);
    if (under.length > 0) {
      console.error(`${under.length} of ${runs.length} runs under the targets (performance ${TARGETS.performance}, accessibility ${TARGETS.accessibility})`);
      process.exitCode = 1;
    }
  } finally {
    await chromium.close();
    server.kill("SIGTERM");
    await stopped;
    fs.rmSync(path.join(dir, "pglite"), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
