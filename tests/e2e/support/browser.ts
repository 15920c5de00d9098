import fs from "node:fs";
import { createRequire } from "node:module";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { CLOSED_NETWORK_FLAGS } from "../../../scripts/lighthouse/chromium-flags";

/** Whether the browser tests can run here (the global setup prints the SKIPPED line when not). */
export const hasChromium = Boolean(inject("chromiumPath"));

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject("chromiumPath")!,
    headless: true,
    args: ["--no-sandbox", ...CLOSED_NETWORK_FLAGS],
  });
}

export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

// The axe-core that @axe-core/playwright runs, for preloadAxe.
const requireFromAxePlaywright = createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright"));

/**
 * Loads axe into every page of the context as it starts: axeViolations then runs it in the page directly,
 * with the same rules as AxeBuilder, about twice as fast as AxeBuilder's injection on each analysis.
 */
export async function preloadAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: fs.readFileSync(requireFromAxePlaywright.resolve("axe-core/axe.min.js"), "utf8") });
}

/** axe's violations on the page, one line each: the rule id, then the targets ("color-contrast: .a, .b"). */
export async function axeViolations(page: Page): Promise<string[]> {
  type Violations = Array<{ id: string; nodes: Array<{ target: unknown[] }> }>;
  const preloaded = await page.evaluate(() => "axe" in window);
  const violations: Violations = preloaded
    ? await page.evaluate(async () => {
        const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violations }> } };
        return (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target })) }));
      })
    : (await new AxeBuilder({ page }).analyze()).violations;
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Runs axe on the page and fails with the rule ids and targets of any violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

/**
 * axe on a page as a browser without JavaScript shows it: axe itself needs JavaScript, so the page's HTML
 * (scripts removed: they never ran) is audited in a fresh page of a context where it runs.
 */
export async function expectNoAxeViolationsWithoutJavaScript(page: Page): Promise<void> {
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const audit = await page.context().browser()!.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
  try {
    const copy = await audit.newPage();
    // The same address (so the stylesheets load as they did), answered with the page as it was shown.
    await copy.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    await copy.goto(url);
    await expectNoAxeViolations(copy);
  } finally {
    await audit.close();
  }
}

/** Saves a screenshot under tests/e2e/screenshots for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `tests/e2e/screenshots/${name}.png`, fullPage: true });
}

/** The demo organisation's password (`npm start` prints it with the demo logins). */
export const DEMO_PASSWORD = "northwind-demo";

/** A new browser context signed in as a demo person, on their home page; a page error fails the test. */
export async function signInAs(browser: Browser, baseUrl: string, email: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  // Exactly: the page also has "Sign in with your company account".
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: /^Hello/ }).waitFor();
  return page;
}
