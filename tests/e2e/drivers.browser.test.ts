import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, signInAs, hasChromium, launchBrowser, phone, screenshot } from "./support/browser";
import { startDemoServer, type RunningServer } from "./support/server";

// The drivers page on the demo organisation, as enablement on a laptop and a phone: the reading, the
// chart and its table, "not enough answers" where the demo is too small, a bad option, axe.

describe.skipIf(!hasChromium)("drivers page", () => {
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

  const signIn = (email: string, options = {}): Promise<Page> => signInAs(browser, server.url, email, options);

  it("enablement reaches it from Results; the demo is too small to weigh, and the page says so", async () => {
    const page = await signIn("eli.enablement@northwind.example");
    await page.goto(`${server.url}/results`);
    await page.getByRole("link", { name: "Drivers" }).click();
    await page.getByRole("heading", { level: 1, name: "Drivers" }).waitFor();
    // The demo's last wave has too few complete answers to weigh 23 questions: words, not a number.
    const enps = page.locator("section", { has: page.getByRole("heading", { name: "Which questions move eNPS" }) });
    await expect(enps.locator(".lead, .notice").first().textContent()).resolves.toMatch(
      /^Not enough answers to say: \d+ complete answers from \d+ teams; at least 230 from 8 teams are needed to weigh 23 questions\.$/,
    );
    // Dimensions on eNPS, and on win rate by month, through the forms.
    await enps.getByLabel("Weigh").selectOption("dimensions");
    await enps.getByRole("button", { name: "Show" }).click();
    await page.getByRole("heading", { name: "Which dimensions move eNPS" }).waitFor();
    const outcome = page.locator("section", { has: page.getByRole("heading", { name: /^Which dimensions move win rate/ }) });
    await outcome.getByLabel("Periods").selectOption("month");
    await outcome.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/period=month/);
    await expect(page.locator(".lead, .notice").allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Not enough answers to say: \d+ complete answers from \d+ teams; at least 40 from 8 teams are needed to weigh 4 dimensions\.$/),
      expect.stringMatching(/^Not enough team-periods to say: \d+ complete team-periods from \d+ teams; at least 40 from 8 teams are needed to weigh 4 dimensions\.$/),
    ]);
    await expectNoAxeViolations(page);
    await screenshot(page, "enablement-drivers");
    await page.context().close();
  });

  it("after an admin imports a larger past wave, enablement sees the ranked chart with intervals, n and teams", async () => {
    // Ten teams × 10 answers (the demo teams of 5 or more reps) and Nordics × 2 (below the minimum group).
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const teams = ["NA Enterprise", "NA Mid-Market", "NA Commercial", "EMEA Enterprise", "EMEA Mid-Market", "DACH", "ANZ", "Japan", "Southeast Asia", "India"];
    const lines = ["team,period,PS1,PS2,PS3,PS4,PS5,PS6,PS7,ENPS"];
    const answer = (latent: number, weight: number, reverse: boolean) => {
      const v = Math.min(7, Math.max(1, Math.round(4 + weight * latent + (next() - 0.5) * 3)));
      return reverse ? 8 - v : v;
    };
    for (const team of teams) {
      for (let i = 0; i < 10; i++) {
        const latent = (next() - 0.5) * 4;
        const items = [
          answer(latent, 0.6, true),
          answer(latent, 1.4, false),
          answer(latent, 0.5, true),
          answer(latent, 0.9, false),
          answer(latent, 0.7, true),
          answer(latent, 1, false),
          answer(latent, 0.4, false),
        ];
        lines.push(`${team},2026-06-01,${items.join(",")},${Math.min(10, Math.max(0, Math.round(5 + 1.8 * latent + (next() - 0.5) * 3)))}`);
      }
    }
    lines.push("Nordics,2026-06-01,7,1,7,1,7,1,1,0", "Nordics,2026-06-01,7,1,7,1,7,1,1,0");
    const admin = await signIn("avery.admin@northwind.example");
    await admin.goto(`${server.url}/admin/history`);
    await admin.setInputFiles("#history-file", { name: "June survey.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
    await admin.getByRole("button", { name: "Import" }).click();
    await admin.getByText(/Imported 102 responses in 1 wave/).waitFor();
    await admin.context().close();

    const page = await signIn("eli.enablement@northwind.example");
    await page.goto(`${server.url}/results/drivers`);
    const enps = page.locator("section", { has: page.getByRole("heading", { name: "Which questions move eNPS" }) });
    await enps.getByLabel("Wave").selectOption({ label: "June survey, 2026-06-01" });
    await enps.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/wave=/);
    // The URL changes a moment before the new reading is rendered: wait for the imported wave's reading, not
    // the demo wave's (16 answers from 6 teams), which a loaded machine once showed here.
    await enps.locator("p.lead", { hasText: /answers from (9|10) teams/ }).waitFor();
    const reading = (await enps.locator("p.lead").textContent())!;
    expect(reading).toMatch(
      /^Of what these questions explain about eNPS together \(R² = 0\.\d\d, (90|100) answers from (9|10) teams\), ".+" carries the most: \d+% \(95% interval \d+% to \d+%\)\. Relative weights share out what the questions explain together; they are not causes\.$/,
    );
    await expect(enps.getByRole("img", { name: /Which questions move eNPS/ }).isVisible()).resolves.toBe(true);
    // The table alternative: seven ranked rows with share, interval, n and teams.
    await enps.getByText("Show the numbers").click();
    const rows = enps.locator("table tbody tr");
    await expect(rows.count()).resolves.toBe(7);
    await expect(rows.first().textContent()).resolves.toMatch(/^1.+\d+%\d+% to \d+%(90|100)(9|10)$/);
    await expect(
      enps
        .getByText(/^(90|100)$/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, "enablement-drivers-chart");
    const url = page.url();
    await page.context().close();

    const onPhone = await signIn("eli.enablement@northwind.example", phone);
    await onPhone.goto(url);
    await onPhone.getByRole("heading", { level: 1, name: "Drivers" }).waitFor();
    const overflow = await onPhone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(onPhone);
    await screenshot(onPhone, "enablement-drivers-chart-phone");
    await onPhone.context().close();
  });

  it("a bad option is a clear message at its field with a way back, not an error page", async () => {
    const page = await signIn("eli.enablement@northwind.example");
    const response = await page.goto(`${server.url}/results/drivers?lag=9&metric=profit`);
    expect(response?.status()).toBe(400);
    await expect(page.getByText("2 of this page's options are not valid: the fields marked below say what to choose instead.").isVisible()).resolves.toBe(true);
    await expect(page.getByText("Choose one of the listed metrics.").isVisible()).resolves.toBe(true);
    await expect(page.getByText("Choose the same period, or one to three periods later.").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Start again with the defaults" }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
