import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, signInAs, hasChromium, launchBrowser, phone, screenshot } from "./support/browser";
import { startDemoServer, type RunningServer, demoLogin } from "./support/server";
import { formatDate, formatP, formatStatistic } from "../../app/domain/format";

// Every results view, as each role, on the demo organisation: numbers checked against the API export of
// the same organisation, suppressed cells marked, axe on every page, screenshots for people to look at.

interface Report {
  teamScores: Array<{ team: string; period: string; dimension: string; n: number | null; mean: number | null; suppressed: boolean }>;
  metrics: Array<{ team: string; period: string; winRate: number | null; wonCount: number; lostCount: number; knownUpsideShare: number | null }>;
  correlations: Array<{
    dimension: string;
    metric: string;
    lag: number;
    scope: string;
    nPairs: number;
    nTeams: number;
    betweenR: number | null;
    withinR: number | null;
    p: number | null;
    pAdjusted: number | null;
  }>;
}

describe.skipIf(!hasChromium)("results views for every role", () => {
  let server: RunningServer;
  let browser: Browser;
  let report: Report;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signIn = (email: string, options = {}): Promise<Page> => signInAs(browser, server.url, email, options);

  it("admin: creates an API token in the browser and reads the export over the API", async () => {
    const page = await signIn("avery.admin@northwind.example");
    await page.goto(`${server.url}/admin/api-tokens`);
    await page.getByLabel("Name").fill("Power BI");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.locator("code.token").textContent())!.trim();
    expect(token).toMatch(/^candor_[a-z2-7]{24}\.[a-z2-7]{32}$/);
    await expectNoAxeViolations(page);
    await screenshot(page, "admin-api-tokens");
    const response = await fetch(`${server.url}/api/v1/report?period=quarter&metrics=winRate&lags=0,1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    report = (await response.json()) as Report;
    expect(report.teamScores.length).toBeGreaterThan(0);
    // The two demo teams under 5 reps are suppressed in every period.
    for (const team of ["NA Renewals", "Nordics"]) {
      const rows = report.teamScores.filter((r) => r.team === team);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.suppressed && r.mean === null && r.n === null)).toBe(true);
    }
    await page.goto(`${server.url}/admin/crm`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectNoAxeViolations(page);
    await screenshot(page, "admin-crm");
    await page.context().close();
  });

  it("enablement: heatmap with suppressed cells marked, the explorer matching the export, coaching priorities", async () => {
    const page = await signIn("eli.enablement@northwind.example");
    await page.goto(`${server.url}/results`);
    await page.getByRole("heading", { level: 1, name: "Results across the organisation" }).waitFor();
    // The heatmap is a table: a hidden row keeps its place and says why in words.
    const nordics = page.getByRole("row", { name: /Nordics/ });
    await expect(nordics.textContent()).resolves.toMatch(/Hidden: fewer answers than the minimum reporting group/);
    // Each column says which way is better: forecast pressure's number runs the other way (ADR 033).
    await expect(page.getByRole("columnheader", { name: "Forecast-honesty pressure (higher is worse)" }).count()).resolves.toBe(1);
    await expect(page.getByRole("columnheader", { name: "Psychological safety (higher is better)" }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, "enablement-heatmap");

    await page.goto(`${server.url}/results/explorer?dimension=psychological_safety&metric=winRate&lag=0&period=quarter`);
    await page.getByRole("heading", { level: 1, name: "Culture and outcomes" }).waitFor();
    const expected = report.correlations.find((c) => c.dimension === "psychological_safety" && c.metric === "winRate" && c.lag === 0 && c.scope === "pooled")!;
    expect(expected.nPairs).toBeGreaterThanOrEqual(4);
    const stats = page.locator("dl.stats");
    // Between and within teams side by side, each with its n, and the team-clustered adjusted p: the export's numbers.
    await expect(stats.getByText(`${expected.nPairs} / ${expected.nTeams}`, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { level: 3, name: "Between teams" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { level: 3, name: "Within teams" }).isVisible()).resolves.toBe(true);
    if (expected.betweenR !== null) await expect(stats.getByText(formatStatistic(expected.betweenR), { exact: true }).first().isVisible()).resolves.toBe(true);
    if (expected.withinR !== null) await expect(stats.getByText(formatStatistic(expected.withinR), { exact: true }).first().isVisible()).resolves.toBe(true);
    // The clustered p is the export's (the adjusted one differs: the explorer's family is everything it offers).
    const clustered = formatP(expected.p);
    await expect(stats.getByText(clustered, { exact: true }).first().isVisible()).resolves.toBe(true);
    await expect(stats.getByText(/^p adjusted \(BH, \d+ tests\)$/).isVisible()).resolves.toBe(true);
    await expect(page.getByText(/describes teams, not individual reps/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("img", { name: /Psychological safety and win rate/ }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, "enablement-explorer");
    // Every chart offers its numbers as CSV and its picture as PNG.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the data (CSV)" }).click()]);
    const lines = fs
      .readFileSync((await csv.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv.suggestedFilename()).toMatch(/^psychological-safety-and-win-rate.*\.csv$/);
    expect(lines[0]).toBe('Team,"Psychological safety (1–7, higher is better)",Win rate');
    expect(lines).toHaveLength(expected.nPairs + 1);
    const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the image (PNG)" }).click()]);
    const bytes = fs.readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5000);

    await page.goto(`${server.url}/results/coaching`);
    await page.getByRole("heading", { level: 1, name: "Coaching priorities" }).waitFor();
    await expectNoAxeViolations(page);
    await screenshot(page, "enablement-coaching");
    await page.context().close();
  });

  it("enablement: records a training cohort and opens its impact view; the demo's training shows its effect", async () => {
    const page = await signIn("eli.enablement@northwind.example");
    await page.goto(`${server.url}/training`);
    await page.getByRole("heading", { level: 1, name: "Manager training" }).waitFor();
    await expectNoAxeViolations(page);
    // A bad form names its fields and saves nothing.
    await page.getByRole("button", { name: "Save the training" }).click();
    await page.getByText("Pick at least one manager who took the training").waitFor();
    await page.getByLabel("Training").fill("Forecast calls that praise accuracy");
    await page.getByLabel("Held on").fill("2026-08-10");
    await page.getByLabel(/Priya Raman/).check();
    await page.getByLabel(/Yusuf Demir/).check();
    await page.getByLabel("Forecast-honesty pressure").check();
    await page.getByRole("button", { name: "Save the training" }).click();
    await page.getByRole("heading", { level: 1, name: "Forecast calls that praise accuracy" }).waitFor();
    await expect(page.getByRole("row", { name: /Forecast-honesty pressure/ }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);

    await page.goto(`${server.url}/training`);
    await page.getByRole("link", { name: "Coaching by questions" }).click();
    await page.getByRole("heading", { level: 1, name: "Coaching by questions" }).waitFor();
    const safety = page.getByRole("row", { name: /Psychological safety/ });
    await expect(safety.textContent()).resolves.toContain("Improved");
    await expect(page.getByRole("img", { name: /Change after the training/ }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, "enablement-training-impact");
    // The pre-trend check (ADR 025): the demo's effect starts at the training, so safety was parallel before it.
    await expect(safety.textContent()).resolves.toContain("Parallel");
    const periods = page.getByRole("img", { name: /Psychological safety: trained and similar untrained teams' mean per wave/ });
    await expect(periods.isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByText(/Before the training the two groups' psychological safety moved in parallel/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);

    // On a phone: the charts fit the width, the table scrolls inside its own box, and axe is clean.
    const onPhone = await signIn("eli.enablement@northwind.example", phone);
    await onPhone.goto(page.url());
    await onPhone.getByRole("heading", { level: 2, name: "Before and after, period by period" }).waitFor();
    const chartBox = await onPhone.getByRole("img", { name: /Psychological safety: trained and similar untrained teams' mean per wave/ }).boundingBox();
    expect(chartBox!.width).toBeLessThanOrEqual(390);
    await expect(onPhone.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await onPhone.getByText("Show the numbers").first().click();
    await expectNoAxeViolations(onPhone);
    await screenshot(onPhone, "enablement-training-impact-phone");
    await onPhone.context().close();

    await page.goto(`${server.url}/results/action-plans`);
    await page.getByRole("heading", { level: 1, name: "Action plans" }).waitFor();
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it("manager: team results, CRM side by side matching the export, the gap and the conversation guide", async () => {
    const page = await signIn("marcus.bell@northwind.example");
    await page.getByRole("link", { name: "NA Enterprise", exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: "NA Enterprise" }).waitFor();
    await expect(page.getByRole("img", { name: /Scores in NA Enterprise/ }).isVisible()).resolves.toBe(true);
    // The CRM table's win rate for the latest quarter equals the export's.
    const crmRows = page.getByRole("table", { name: /Sales results of NA Enterprise/ }).getByRole("row");
    const lastRow = crmRows.nth((await crmRows.count()) - 1);
    const period = (await lastRow.getByRole("rowheader").textContent())!.trim();
    // The page writes the quarter's first day as "1 Oct 2026"; the export as 2026-10-01.
    const exported = report.metrics.find((m) => m.team === "NA Enterprise" && formatDate(m.period) === period)!;
    expect(exported).toBeDefined();
    await expect(lastRow.textContent()).resolves.toContain(exported.winRate === null ? "—" : `${Math.round(exported.winRate * 100)}%`);
    await expect(lastRow.textContent()).resolves.toContain(`${exported.wonCount} / ${exported.lostCount}`);
    // The forecast split (ADR 023): the share won from known deals not in Commit, as the export gives it, and its chart.
    await expect(lastRow.textContent()).resolves.toContain(exported.knownUpsideShare === null ? "—" : `${Math.round(exported.knownUpsideShare * 100)}%`);
    await expect(page.getByRole("img", { name: /Where NA Enterprise's wins came from/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { name: "Plays to try" }).isVisible()).resolves.toBe(true);
    // Items read the right way round (ADR 033): a reverse-keyed item shows agreement with its own wording
    // and that lower is better; a dimension says its direction next to its score.
    await page.getByText("Item by item").click();
    const items = page.getByRole("table", { name: "Agreement per item, latest wave" });
    await expect(items.getByRole("row", { name: /When someone on this team gets something wrong/ }).textContent()).resolves.toMatch(
      /^When someone.*afterwards\.\d\.\dlower is better/,
    );
    await expect(items.getByRole("row", { name: /I can raise problems/ }).textContent()).resolves.toMatch(/\d\.\dhigher is better/);
    await expect(items.getByRole("row", { name: /My manager wants my honest best estimate/ }).textContent()).resolves.toMatch(/\d\.\dhigher is better/);
    await page.getByText("Show the numbers").first().click();
    await expect(
      page
        .getByRole("row", { name: /Forecast-honesty pressure/ })
        .first()
        .textContent(),
    ).resolves.toContain("higher is worse");
    await expectNoAxeViolations(page);
    await screenshot(page, "manager-team");

    await page.goto(`${server.url}/playbook`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect(
      page
        .getByRole("link")
        .filter({ hasText: /pipeline review/i })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, "manager-playbook");
    await page.goBack();

    await page.getByRole("link", { name: /Self vs team/ }).click();
    await page.getByRole("heading", { level: 1, name: "Self vs team: NA Enterprise" }).waitFor();
    // Gap readings say in words what differs, and items show which way agreeing is better.
    const gapItems = page.getByRole("table", { name: "By item: agreement with the team's wording" });
    await expect(gapItems.getByRole("row", { name: /When someone on this team gets something wrong/ }).textContent()).resolves.toContain("lower is better");
    const clear = gapItems.getByRole("row").filter({ hasText: /Blind spot|Hidden strength/ });
    expect(await clear.count()).toBeGreaterThan(0);
    for (const text of await clear.allTextContents()) {
      expect(text).toMatch(/(Blind spot|Hidden strength) (You agree more than your team does|Your team agrees more than you do), and agreeing is the (better|worse) answer here\./);
    }
    await expect(
      page
        .getByRole("table", { name: "By dimension" })
        .getByRole("row", { name: /Forecast-honesty pressure/ })
        .textContent(),
    ).resolves.toContain("higher is worse");
    await expectNoAxeViolations(page);
    await screenshot(page, "manager-gap");

    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "NA Enterprise", exact: true }).first().click();
    await page.getByRole("link", { name: "Conversation guide and action plan" }).click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectNoAxeViolations(page);
    await screenshot(page, "manager-guide");
    await page.context().close();
  });

  it("rep on a phone: home shows open pulses and the team's published results", async () => {
    const rep = demoLogin(server.output(), "rep in NA Enterprise (pulse open)");
    const page = await signIn(rep, phone);
    await page.getByRole("heading", { name: "Your team's results", exact: true }).waitFor();
    await expect(page.getByRole("img", { name: /NA Enterprise: how the team sees itself/ }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, "rep-home-phone");
    await page.context().close();
  });
});
