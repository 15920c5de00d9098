import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS } from "../../app/services/demo/seed.server";
import { expectNoAxeViolations, hasChromium, launchBrowser, phone, screenshot, signInAs } from "./support/browser";
import { startDemoServer, type RunningServer } from "./support/server";

// Issue 25 part 3 (ADR 051), on a phone: an admin uploads a 4-row Salesforce report on the CRM page; it
// waits as a preview with the "far fewer deals/owners" warnings and each team's deals before and now; the
// admin confirms it, and the snapshot list shows it counted; then deletes it from its own page. Axe on
// every step, and nothing scrolls sideways.

const FILE = [
  '"Opportunity Owner","Opportunity Name","Stage","Amount","Close Date","Created Date","Opportunity ID"',
  `"${DEMO_LOGINS.manager}","Filtered A","Closed Won","USD 52,000.00","${usToday(-3)}","${usToday(-20)}","0065g0000999001"`,
  `"${DEMO_LOGINS.manager}","Filtered B","Negotiation/Review","USD 9,000.00","${usToday(20)}","${usToday(-19)}","0065g0000999002"`,
  `"${DEMO_LOGINS.manager}","Filtered C","Prospecting","USD 4,000.00","${usToday(40)}","${usToday(-18)}","0065g0000999003"`,
  `"${DEMO_LOGINS.manager}","Filtered D","Prospecting","USD 3,000.00","${usToday(60)}","${usToday(-17)}","0065g0000999004"`,
].join("\r\n");

function usToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

describe.skipIf(!hasChromium)("CRM snapshots: upload, preview, confirm, delete on a phone", () => {
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

  it("a 4-row file waits as a preview with the warnings until the admin confirms it", async () => {
    const page = await signInAs(browser, server.url, DEMO_LOGINS.admin, phone);
    const noSidewaysScroll = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.goto(`${server.url}/admin/crm`);
    await page.getByRole("heading", { level: 1, name: "CRM data" }).waitFor();
    const before = await page.getByRole("table", { name: "CRM snapshots" }).getByRole("row").count();

    await page.getByLabel("Dates like 3/4/2026 are").selectOption("us");
    await page.getByLabel(/^CRM export \(CSV\)/).setInputFiles({ name: "report.csv", mimeType: "text/csv", buffer: Buffer.from(FILE) });
    await page.getByRole("button", { name: "Upload to check it" }).click();
    await page.getByRole("heading", { level: 2, name: "Check the upload before it counts" }).waitFor();
    const preview = page.locator("section", { has: page.getByRole("heading", { name: "Check the upload before it counts" }) });
    await expect(preview.getByText(/This file holds far fewer deals than the last snapshot: 4 deals against [\d,]+ in the snapshot of/).isVisible()).resolves.toBe(true);
    await expect(preview.getByText(/This file names far fewer deal owners than the last snapshot: 1 owner against \d+/).isVisible()).resolves.toBe(true);
    // Each team before and now: NA Enterprise had deals and has none in this file.
    const enterprise = preview.getByRole("row", { name: /^NA Enterprise/ });
    await expect(enterprise.getByRole("cell").nth(1).textContent()).resolves.toBe("0");
    // What confirming changes, named.
    await expect(preview.getByText(/^Every quarter's win rate, won and lost deals, .* will read the snapshot of/).isVisible()).resolves.toBe(true);
    // Nothing counts yet: the list shows it as a preview.
    // (The list is read again after the upload's answer is drawn: wait for it.)
    await expect.poll(() => page.getByRole("link", { name: /^Preview: review, replace or delete the snapshot of/ }).count(), { timeout: 15_000 }).toBe(1);
    await noSidewaysScroll();
    await expectNoAxeViolations(page);
    await screenshot(page, "crm-preview-390");

    await preview.getByRole("button", { name: /^Confirm: count the snapshot of/ }).click();
    await page.getByText(/^The snapshot of .* counts now: the metrics read it\.$/).waitFor();
    await expect(page.getByRole("heading", { name: "Check the upload before it counts" }).count()).resolves.toBe(0);
    await expect(page.getByRole("table", { name: "CRM snapshots" }).getByRole("row").count()).resolves.toBe(before + 1);
    await expect(page.getByRole("link", { name: /^Preview:/ }).count()).resolves.toBe(0);
    await noSidewaysScroll();
    await expectNoAxeViolations(page);

    // Its own page: what it feeds, and the deletion that names what changes.
    await page
      .getByRole("link", { name: /^Counted: review, replace or delete the snapshot of/ })
      .first()
      .click();
    await page.getByRole("heading", { level: 1, name: /^CRM snapshot of/ }).waitFor();
    await expect(page.getByRole("heading", { level: 2, name: "What it feeds" }).isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByText(/will read the snapshot of .* instead of/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await noSidewaysScroll();
    await expectNoAxeViolations(page);
    await screenshot(page, "crm-snapshot-390");
    await page.getByRole("button", { name: /^Delete the snapshot of/ }).click();
    await page.getByText(/^The snapshot of .* was deleted with its deals: the metrics read the other snapshots\.$/).waitFor();
    await expect(page.getByRole("table", { name: "CRM snapshots" }).getByRole("row").count()).resolves.toBe(before);
    await page.context().close();
  });
});
