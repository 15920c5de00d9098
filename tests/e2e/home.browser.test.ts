import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, hasChromium, launchBrowser, phone, screenshot, signInAs } from "./support/browser";
import { startDemoServer, type RunningServer, demoLogin } from "./support/server";

describe.skipIf(!hasChromium)("home page in Chromium", () => {
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

  it("renders on a phone with no accessibility violations and no console errors", async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.url);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Candor");
    await expect(page.getByRole("link", { name: "Sign in", exact: true }).first().isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, "home-phone");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the 404 page for an unknown address", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/does-not-exist`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
    await expectNoAxeViolations(page);
    await context.close();
  });

  // Each role's dashboard on the demo organisation, at a laptop's 1366 px and on a 390 px phone.
  const desktop = { viewport: { width: 1366, height: 900 } };
  const LOGINS = {
    manager: "marcus.bell@northwind.example",
    director: "dana.whitfield@northwind.example",
    enablement: "eli.enablement@northwind.example",
    admin: "avery.admin@northwind.example",
    rep: () => demoLogin(server.output(), "rep in NA Enterprise (pulse open)"),
  };
  const loginOf = (role: keyof typeof LOGINS) => {
    const login = LOGINS[role];
    return typeof login === "function" ? login() : login;
  };

  /** Signs in as the role at both widths, checks the page each time, runs axe and saves the screenshots. */
  async function atBothWidths(role: keyof typeof LOGINS, check: (page: Page) => Promise<void>): Promise<void> {
    for (const [options, name] of [
      [desktop, `home-${role}`],
      [phone, `home-${role}-phone`],
    ] as const) {
      const page = await signInAs(browser, server.url, loginOf(role), options);
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await check(page);
      await expectNoAxeViolations(page);
      await screenshot(page, name);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }

  const section = (page: Page, name: string) => page.getByRole("region", { name });

  it("manager: the team's scores and change, the open pulse's rounded count, blind spots, plans due and a next step", async () => {
    await atBothWidths("manager", async (page) => {
      await expect(page.getByRole("heading", { level: 2, name: "Your next step" }).isVisible()).resolves.toBe(true);
      const team = section(page, "NA Enterprise: latest results");
      await expect(team.getByText(/Monthly team pulse, closed \d+ \w+ \d{4} · \d+ of \d+ answered \(\d+%\)/).isVisible()).resolves.toBe(true);
      await expect(
        team
          .locator("svg title")
          .filter({ hasText: /^Forecast-honesty pressure/ })
          .count(),
      ).resolves.toBeGreaterThan(0);
      // Every dimension's change is read with its direction: forecast pressure says higher is worse.
      const lines = await team.getByRole("list", { name: "What changed" }).getByRole("listitem").allTextContents();
      expect(lines).toHaveLength(4);
      expect(lines.find((l) => l.startsWith("Forecast-honesty pressure"))).toMatch(
        /^Forecast-honesty pressure \(higher is worse\): \d\.\d · (no change|(rose|fell) \d\.\d since the pulse of .*(Better|Worse|No clear change))/,
      );
      // The open pulse's count: the whole wave, as of the start of the day, in steps of 5.
      const pulse = section(page, "Open pulse");
      await expect(pulse.textContent()).resolves.toMatch(/(at least (\d*[05]) of \d+|fewer than 5 of \d+)answered by the start of/);
      await expect(pulse.textContent()).resolves.toContain("counted once a day in steps of 5");
      await expect(section(page, "Blind spots").textContent()).resolves.toMatch(/Where your self-assessment differs most/);
      await expect(section(page, "Action plans due").isVisible()).resolves.toBe(true);
    });
  });

  it("director (manager of a region): the region's results, rolled up over its teams", async () => {
    await atBothWidths("director", async (page) => {
      const region = section(page, "North America: latest results");
      await expect(
        region
          .locator("svg title")
          .filter({ hasText: /^Psychological safety/ })
          .count(),
      ).resolves.toBeGreaterThan(0);
      await expect(region.getByRole("list", { name: "What changed" }).getByRole("listitem").count()).resolves.toBe(4);
      await expect(section(page, "Open pulse").textContent()).resolves.toContain("counted once a day in steps of 5");
    });
  });

  it("enablement: the organisation's movement, where coaching is needed, trainings", async () => {
    await atBothWidths("enablement", async (page) => {
      const org = section(page, "The organisation");
      await expect(
        org
          .locator("svg title")
          .filter({ hasText: /^Psychological safety, higher is better: \d\.\d\b/ })
          .count(),
      ).resolves.toBe(1);
      await expect(org.getByRole("list", { name: "What changed" }).getByRole("listitem").count()).resolves.toBe(4);
      const coaching = section(page, "Where coaching is needed");
      await expect(coaching.getByRole("listitem").count()).resolves.toBe(3);
      await expect(coaching.textContent()).resolves.toMatch(/\d+ of \d+ teams with results have a reason/);
      await expect(section(page, "Manager training").getByRole("link", { name: "Coaching by questions" }).isVisible()).resolves.toBe(true);
    });
  });

  it("admin: setup health in plain words, each with a link to fix it", async () => {
    await atBothWidths("admin", async (page) => {
      const health = section(page, "Setup health");
      await expect(health.getByRole("heading", { level: 3 }).allTextContents()).resolves.toEqual([
        expect.stringMatching(/^Roster /),
        expect.stringMatching(/^CRM data Fine$/),
        expect.stringMatching(/^Pulse scheduler /),
        "Email delivery Fine",
        "People without a team Fine",
      ]);
      // The demo's teams came with its set-up, not from a roster file.
      await expect(health.textContent()).resolves.toContain("No roster file has been imported yet");
      await expect(health.textContent()).resolves.toMatch(/The latest snapshot is as of \d{1,2} [A-Z][a-z]+ \d{4} \((today|yesterday|\d+ days ago)\)/);
      for (const name of ["Import a roster file", "Upload CRM data", "Check the pulses", "See which emails failed", "Give them a team"]) {
        await expect(health.getByRole("link", { name }).isVisible()).resolves.toBe(true);
      }
    });
  });

  it("rep: the open pulse, and what the team's results led to", async () => {
    await atBothWidths("rep", async (page) => {
      await expect(section(page, "Your pulses").getByText("not answered yet").isVisible()).resolves.toBe(true);
      await expect(section(page, "What your team's results led to").isVisible()).resolves.toBe(true);
      await expect(page.getByRole("region", { name: "Setup health" }).count()).resolves.toBe(0);
    });
  });
});
