// Lighthouse against Debian's Chromium: the browser is started here with a DevTools port and
// Lighthouse connects to it (no browser download, no chrome-launcher). Shared by `npm run lighthouse`
// and tests/e2e/lighthouse.test.ts.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import { CLOSED_NETWORK_FLAGS } from "./chromium-flags";

export interface LighthouseScores {
  /** 0–100, as the report shows them. */
  performance: number;
  accessibility: number;
  /** The metrics behind the performance score, in ms (CLS unitless). */
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; speedIndex: number };
  /** Failed accessibility audits (id: title), empty at 100. */
  accessibilityFailures: string[];
  /** What Lighthouse could not do, if anything (an empty list when the run was clean). */
  warnings: string[];
  /** Where the JSON and HTML reports were written, when an output directory was given. */
  reports: { json: string; html: string } | null;
}

export interface RunningChromium {
  port: number;
  close(): Promise<void>;
}

/** Starts Chromium headless with a DevTools port on 127.0.0.1 and a throwaway profile. */
export async function launchChromium(executable = process.env.CHROMIUM_PATH || "/usr/bin/chromium"): Promise<RunningChromium> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "candor-lighthouse-profile-"));
  const child: ChildProcess = spawn(
    executable,
    ["--headless=new", "--no-sandbox", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", `--user-data-dir=${profile}`, ...CLOSED_NETWORK_FLAGS, "about:blank"],
    // Its own process group, so that closing it ends its helper processes too (they write to the profile).
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools port within 30 s:\n${stderr}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before listening:\n${stderr}`));
    });
  });
  child.stderr!.resume();
  return {
    port,
    close: async () => {
      const group = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // The group has ended already.
        }
      };
      if (child.exitCode === null) group("SIGTERM");
      await exited;
      group("SIGKILL");
      try {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (error) {
        // A throwaway directory under the system's temporary folder: left behind, not a failed audit.
        console.warn(`Could not remove Chromium's profile ${profile}: ${(error as Error).message}`);
      }
    },
  };
}

/**
 * Runs Lighthouse's performance and accessibility categories on `url` with its defaults: a mobile phone
 * (Moto G Power screen) on a simulated slow 4G link with a 4× slower CPU. `headers` go with every request
 * (a session cookie, for a signed-in page). Writes `<name>.report.json` and `.html` to `outputDir` if given.
 */
export async function auditPage(
  chromium: RunningChromium,
  url: string,
  options: { headers?: Record<string, string>; outputDir?: string; name?: string } = {},
): Promise<LighthouseScores> {
  const result = await lighthouse(url, {
    port: chromium.port,
    output: ["json", "html"],
    logLevel: "error",
    onlyCategories: ["performance", "accessibility"],
    extraHeaders: options.headers ?? null,
  });
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const metric = (id: string) => Number(lhr.audits[id]?.numericValue ?? Number.NaN);
  const accessibilityFailures = (lhr.categories.accessibility?.auditRefs ?? [])
    .map((ref) => lhr.audits[ref.id]!)
    .filter((audit) => audit.scoreDisplayMode === "binary" && audit.score !== 1)
    .map((audit) => `${audit.id}: ${audit.title}`);
  let reports: LighthouseScores["reports"] = null;
  if (options.outputDir) {
    fs.mkdirSync(options.outputDir, { recursive: true });
    const base = path.join(options.outputDir, `${options.name ?? "lighthouse"}.report`);
    const [json, html] = result.report as string[];
    fs.writeFileSync(`${base}.json`, json!);
    fs.writeFileSync(`${base}.html`, html!);
    reports = { json: `${base}.json`, html: `${base}.html` };
  }
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    metrics: {
      fcp: metric("first-contentful-paint"),
      lcp: metric("largest-contentful-paint"),
      tbt: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
      speedIndex: metric("speed-index"),
    },
    accessibilityFailures,
    warnings: lhr.runWarnings,
    reports,
  };
}

/**
 * The survey page of the demo's rep with an open pulse (named in the server's start-up lines): signs the
 * rep in and follows the link on their home page. Returns the page's URL and the session cookie.
 */
export async function repSurveyPage(serverUrl: string, serverOutput: string): Promise<{ url: string; cookie: string }> {
  // The server logs the demo's logins as JSON: `"rep in NA Enterprise (pulse open)":"…@northwind.example"`.
  const email = /"rep in NA Enterprise \(pulse open\)":"([^"]+@[^"]+)"/.exec(serverOutput)?.[1];
  if (!email) throw new Error("the server printed no demo rep (start it with CANDOR_SEED_DEMO=true on an empty database)");
  const signIn = await fetch(`${serverUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: serverUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "northwind-demo" }),
  });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
  if (signIn.status !== 302 || !cookie) throw new Error(`signing in as ${email} failed: ${signIn.status}`);
  const home = await (await fetch(`${serverUrl}/`, { headers: { Cookie: cookie } })).text();
  const pulse = /href="(\/pulses\/[0-9a-f-]{36})"/.exec(home)?.[1];
  if (!pulse) throw new Error(`${email} has no open pulse on their home page`);
  return { url: `${serverUrl}${pulse}`, cookie };
}
