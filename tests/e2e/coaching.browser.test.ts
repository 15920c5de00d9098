import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, hasChromium, launchBrowser, phone, screenshot, signInAs } from "./support/browser";
import { startDemoServer, type RunningServer } from "./support/server";

// Coaching priorities and plays read as a person wrote them (issue 22): badges the right way round for
// forecast pressure, each reason once, no internal item codes, one number style; a play becomes an action plan.

const desktop = { viewport: { width: 1366, height: 900 } };

/** What a page says that only an insider could read: item codes (PS2, FP2), the eNPS and comment items' codes. */
async function expectPlainWords(page: Page): Promise<void> {
  const text = (await page.locator("main").innerText()).replace(/\s+/g, " ");
  expect(text).not.toMatch(/\b(PS|FP|AI|CO|KS)\d\b/);
  expect(text).not.toMatch(/\b(ENPS|COMMENT)\b/);
  // No stray punctuation from joined sentences, and negatives with a true minus sign.
  expect(text).not.toMatch(/\.\)|\.;|\.\.(?!\.)/);
  expect(text).not.toMatch(/(^|[\s(])-\d/);
}

describe.skipIf(!hasChromium)("coaching and plays in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("enablement: coaching priorities with badges the right way round, each reason once, no internal codes", async () => {
    const page = await signInAs(browser, server.url, "eli.enablement@northwind.example", desktop);
    await page.goto(`${server.url}/results/coaching`);
    await page.getByRole("heading", { level: 1, name: "Coaching priorities" }).waitFor();
    await expectPlainWords(page);
    const reasons = await page.locator(".priority-list > li > ul > li").allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) {
      // A higher-is-worse score in the worst quarter is high, and its worsening is a rise: never "Low score" or "Falling".
      if (/\(higher is worse\)/.test(reason)) expect(reason).not.toMatch(/^(Low score|Falling)\b/);
    }
    // Within a team, no reason (and no play's reason) is said twice.
    for (const team of await page.locator(".priority-list > li").all()) {
      const lines = [...(await team.locator("li").allInnerTexts()), ...(await team.locator(".play-recommendations .muted").allInnerTexts())].map((s) => s.trim());
      const sentences = lines.filter((l) => !l.includes("\n"));
      expect(new Set(sentences).size).toBe(sentences.length);
    }
    await expectNoAxeViolations(page);
    await screenshot(page, "coaching");

    const onPhone = await signInAs(browser, server.url, "eli.enablement@northwind.example", phone);
    await onPhone.goto(`${server.url}/results/coaching`);
    await onPhone.getByRole("heading", { level: 1, name: "Coaching priorities" }).waitFor();
    await expect(onPhone.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expectNoAxeViolations(onPhone);
    await screenshot(onPhone, "coaching-phone");
    await page.context().close();
    await onPhone.context().close();
  });

  it("manager: a play reads without codes and becomes an action plan for their team", async () => {
    const page = await signInAs(browser, server.url, "marcus.bell@northwind.example", desktop);
    await page.goto(`${server.url}/playbook`);
    await page.getByRole("link", { name: "Forecast calls that praise an accurate bad call" }).click();
    await page.getByRole("heading", { level: 1, name: "Forecast calls that praise an accurate bad call" }).waitFor();
    await expectPlainWords(page);
    await expect(page.getByText(/last changed \d{1,2} [A-Z][a-z]{2} \d{4}/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { level: 2, name: "Make it an action plan" }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Action", { exact: true }).inputValue()).resolves.toMatch(/^Forecast calls that praise an accurate bad call: /);
    await expectNoAxeViolations(page);
    await screenshot(page, "playbook-play");

    const onPhone = await signInAs(browser, server.url, "marcus.bell@northwind.example", phone);
    await onPhone.goto(page.url());
    await onPhone.getByRole("heading", { level: 2, name: "Make it an action plan" }).waitFor();
    await expect(onPhone.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expectNoAxeViolations(onPhone);
    await screenshot(onPhone, "playbook-play-phone");
    await onPhone.context().close();

    // A bad date is refused with its message and the values kept; then the plan is made and shown on the team's guide.
    await page.getByLabel("Review on", { exact: true }).fill("2020-01-01");
    await page.getByRole("button", { name: "Create the action plan" }).click();
    await page.getByText(/Pick a date after today/).waitFor();
    await expect(page.getByLabel("Action", { exact: true }).inputValue()).resolves.toMatch(/^Forecast calls that praise an accurate bad call: /);
    await expectNoAxeViolations(page);
    const team = await page.getByLabel("Team", { exact: true }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]!.textContent!.trim());
    const review = await page.evaluate(() => {
      const date = new Date(Date.now() + 21 * 86_400_000);
      return date.toISOString().slice(0, 10);
    });
    await page.getByLabel("Review on", { exact: true }).fill(review);
    await page.getByRole("button", { name: "Create the action plan" }).click();
    await page.getByText("Action plan saved.", { exact: false }).waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(`Team conversation: ${team}`);
    await expect(
      page
        .getByRole("heading", { level: 3, name: /^Forecast calls that praise an accurate bad call: / })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await page.context().close();
  });
});
