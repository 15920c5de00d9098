import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, expectNoAxeViolations, hasChromium, launchBrowser, phone, screenshot } from "./support/browser";
import { startDemoServer, type RunningServer } from "./support/server";

// Issue 22, part 5: forms that forgive, in Chromium on the demo organisation at 1366 px and on a 390 px phone.

const desktop: BrowserContextOptions = { viewport: { width: 1366, height: 900 } };
const ENABLEMENT = "eli.enablement@northwind.example";
const ADMIN = "avery.admin@northwind.example";

describe.skipIf(!hasChromium)("forms that forgive, in Chromium", () => {
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

  /** A signed-in page (any home page): a page error fails the test. */
  async function signIn(email: string, options: BrowserContextOptions): Promise<Page> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on("pageerror", (error) => {
      throw error;
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    return page;
  }

  /** Waits until the page's script has run (React attached), so that live parts of a form answer. */
  async function hydrated(page: Page): Promise<void> {
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter) && document.readyState === "complete");
    await page.waitForTimeout(300);
  }

  it("creates a program with every error shown at once, a live preview with warnings, then changes it", async () => {
    const page = await signIn(ENABLEMENT, desktop);
    await page.goto(`${server.url}/programs/new`);
    await hydrated(page);
    const preview = page.getByTestId("program-preview");
    await expect(preview.textContent()).resolves.toMatch(/2 questions, about 1 minute to answer/);

    // No question chosen: no "About 0 minutes", but what to do.
    await page.getByLabel(/^eNPS, 0 to 10/).uncheck();
    await page.getByLabel(/^Comment:/).uncheck();
    await expect(preview.textContent()).resolves.toMatch(/Choose at least one question/);
    // What the page shows (its script data carries the catalogue's messages, plural forms included).
    expect(await page.locator("main").innerText()).not.toMatch(/About 0 minutes|0 minutes/);

    // Everything wrong at once: name, questions, teams and days, each shown with its field, in one go.
    await page.getByLabel("Each wave stays open for (days)").fill("0");
    await page.getByRole("button", { name: "Create program" }).click();
    const summary = page.getByTestId("error-summary");
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toContain("Nothing was created: 4 fields need attention");
    for (const expected of ["Name: Name the program", "Questions: Choose at least one question", "Who is asked: Choose at least one team", "Days open: At least 1 day"]) {
      expect(text).toContain(expected);
    }
    await expect(page.locator(".field__error").count()).resolves.toBe(4);
    await expect(page.getByLabel("Each wave stays open for (days)").inputValue()).resolves.toBe("0");
    await expectNoAxeViolations(page);
    await screenshot(page, "forms-program-new-errors");

    // Team counts are labelled; a small team and reps already asked by the demo's running program are warned about.
    await expect(page.getByText(/^Nordics \(3 reps\)$/).count()).resolves.toBe(1);
    await page.getByLabel("Name", { exact: true }).fill("Nordics check-in");
    await page.getByLabel(/^Psychological safety \(all/).check();
    await page.getByLabel(/^Nordics/).check();
    await page.getByLabel("Each wave stays open for (days)").fill("5");
    const audience = page.getByTestId("program-audience");
    await expect(audience.textContent()).resolves.toMatch(/3 reps asked in each wave/);
    const warnings = await audience.textContent();
    expect(warnings).toMatch(/fewer reps than the organisation's minimum group of 5, so its own results will never be shown: Nordics \(3 reps\)/);
    expect(warnings).toMatch(/All 3 reps asked are already asked by “Monthly team pulse”, which is running: they will get both pulses/);
    // What reps will see, before creating.
    await page.getByText(/^What reps will see/).click();
    await expect(page.locator(".program-preview__questions li").count()).resolves.toBe(7);

    // The server's preview checks everything and creates nothing.
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Preview: nothing is created yet" }).waitFor();
    await expect(page.getByTestId("server-preview").textContent()).resolves.toMatch(/3 reps in 1 team will be asked 7 questions/);
    await expectNoAxeViolations(page);
    await screenshot(page, "forms-program-new");

    await page.getByRole("button", { name: "Create program" }).click();
    await page.waitForURL(/\/programs\/[0-9a-f-]{36}/);
    await page.getByRole("heading", { level: 1, name: "Nordics check-in" }).waitFor();
    await expect(page.locator("section[aria-labelledby=teams-h]").textContent()).resolves.toMatch(/Nordics.*\(3 reps today\)/);

    // Edit after create: for the waves to come, and it says so.
    await page.getByText("Change the program").click();
    await expect(page.getByText(/Changes apply to the waves that open from now on/).isVisible()).resolves.toBe(true);
    await page.getByLabel("Name", { exact: true }).fill("Nordics and EMEA check-in");
    await page.getByLabel(/^EMEA Enterprise/).check();
    await expectNoAxeViolations(page);
    await screenshot(page, "forms-program-edit");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { level: 1, name: "Nordics and EMEA check-in" }).waitFor();
    await expect(page.getByText(/Changes saved/).isVisible()).resolves.toBe(true);
    await expect(page.locator("section[aria-labelledby=teams-h]").textContent()).resolves.toMatch(/EMEA Enterprise.*\(7 reps today\)/);
    await page.context().close();
  });

  it("shows a new API token once with a copy button, and empties the form after saving", async () => {
    const page = await signIn(ADMIN, desktop);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.goto(`${server.url}/admin/api-tokens`);
    await hydrated(page);
    await page.getByLabel("Name").fill("Power BI");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = page.locator(".copyable__value");
    await secret.waitFor();
    const token = (await secret.textContent())!;
    expect(token).toMatch(/^candor_/);
    // The page comes back with a new key, and the form with it, empty.
    await expect.poll(() => page.getByLabel("Name").inputValue()).toBe("");
    await page.getByRole("button", { name: "Copy the new API token" }).click();
    await page.locator(".copyable__status", { hasText: "Copied" }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(token);
    await expectNoAxeViolations(page);
    await screenshot(page, "forms-api-tokens");
    // Shown once: the list has the token's name, never its secret.
    await page.reload();
    expect(await page.content()).not.toContain(token);
    await page.context().close();

    // Without JavaScript the token is there to select; there is no copy button.
    const noScript = await signIn(ADMIN, { ...phone, javaScriptEnabled: false });
    await noScript.goto(`${server.url}/admin/api-tokens`);
    await noScript.getByLabel("Name").fill("Spreadsheet");
    await noScript.getByRole("button", { name: "Create token" }).click();
    await noScript.locator(".copyable__value").waitFor();
    await expect(noScript.locator(".copyable__value").evaluate((el) => getComputedStyle(el).userSelect)).resolves.toBe("all");
    await expect(noScript.getByRole("button", { name: /Copy/ }).count()).resolves.toBe(0);
    await expect(noScript.getByLabel("Name").inputValue()).resolves.toBe("");
    await noScript.context().close();
  });

  it("keeps the admin navigation on one line at 1366 px and folds it sensibly on a phone", async () => {
    const page = await signIn(ADMIN, desktop);
    for (const path of ["/admin/people", "/admin/api-tokens", "/programs/new"]) {
      await page.goto(`${server.url}${path}`);
      const tops = await page.locator(".site-nav > ul > li").evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
      expect(tops.length).toBeGreaterThanOrEqual(7);
      expect(new Set(tops).size, `nav on ${path} at 1366 px`).toBe(1);
      const header = await page.locator(".site-header__inner").evaluate((el) => el.getBoundingClientRect().height);
      expect(header).toBeLessThan(70);
    }
    // The admin pages sit behind one "Admin" disclosure, marked when one of them is open.
    await page.goto(`${server.url}/admin/people`);
    await hydrated(page);
    const admin = page.locator(".site-nav__more > summary");
    await expect(admin.getAttribute("class")).resolves.toBe("active");
    await admin.click();
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.waitForURL(/\/admin\/api-tokens$/);
    // Closed once the new page is drawn (the URL changes a moment before React has drawn it).
    await expect.poll(() => page.locator(".site-nav__more").evaluate((el) => (el as HTMLDetailsElement).open), { timeout: 15_000 }).toBe(false);
    await page.context().close();

    const onPhone = await signIn(ADMIN, phone);
    await onPhone.goto(`${server.url}/admin/people`);
    const width = await onPhone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await onPhone.locator(".site-nav__more > summary").click();
    await expect(onPhone.getByRole("link", { name: "Settings", exact: true }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(onPhone);
    await screenshot(onPhone, "forms-nav-phone");
    await onPhone.context().close();
  });

  it("invites someone and empties the form, so a second click cannot invite twice", async () => {
    const page = await signIn(ADMIN, desktop);
    await page.goto(`${server.url}/admin/people`);
    await hydrated(page);
    await page.getByLabel("Email", { exact: true }).fill("forms.rep@northwind.example");
    await page.getByLabel("Name", { exact: true }).fill("Forms Rep");
    await page.getByLabel("Team").selectOption({ label: "\u2003Nordics" });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText("Invitation sent to forms.rep@northwind.example").waitFor();
    await expect.poll(() => page.getByLabel("Email", { exact: true }).inputValue()).toBe("");
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("");
    await expectNoAxeViolations(page);
    await screenshot(page, "forms-admin-people");
    await page.context().close();
  });

  it("is axe clean at 1366 px and 390 px on every form page", async () => {
    const pages: Array<[string, string, string]> = [
      ["program-new", ENABLEMENT, "/programs/new"],
      ["programs", ENABLEMENT, "/programs"],
      ["admin-people", ADMIN, "/admin/people"],
      ["api-tokens", ADMIN, "/admin/api-tokens"],
    ];
    for (const [options, suffix] of [
      [desktop, ""],
      [phone, "-phone"],
    ] as const) {
      for (const [name, email, path] of pages) {
        const page = await signIn(email, options);
        await page.goto(`${server.url}${path}`);
        await hydrated(page);
        await expectNoAxeViolations(page);
        if (suffix || name === "programs") await screenshot(page, `forms-${name}${suffix}`);
        await page.context().close();
      }
    }
  });
});
