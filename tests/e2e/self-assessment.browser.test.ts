import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestMailbox } from "../support/smtp";
import { expectNoAxeViolations, hasChromium, launchBrowser, screenshot } from "./support/browser";
import { formKey, postForm, startPulseForTeam } from "./support/flows";
import { startDemoServer, type RunningServer } from "./support/server";

describe.skipIf(!hasChromium)("a manager answers the self-assessment and sees the gap once the wave has closed", () => {
  let server: RunningServer;
  let browser: Browser;
  let mailbox: TestMailbox;

  beforeAll(async () => {
    mailbox = await new TestMailbox().start();
    server = await startDemoServer(mailbox);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox?.stop();
  });

  it("works end to end", async () => {
    const { programId, links, enablementCookie } = await startPulseForTeam(server, mailbox, "NA Enterprise", { dimensions: ["psychological_safety"] });
    expect(links.size).toBe(8);
    // Six reps answer from their emailed links: the team is rather critical.
    for (const link of [...links.values()].slice(0, 6)) {
      const form = new URLSearchParams({ idempotencyKey: formKey() });
      for (const code of ["PS2", "PS4", "PS6", "PS7"]) form.set(`a.${code}`, "3");
      for (const code of ["PS1", "PS3", "PS5"]) form.set(`a.${code}`, "5");
      const response = await postForm(server, new URL(link).pathname, form);
      expect(response.status).toBe(303);
    }
    const managerMail = await mailbox.waitFor("marcus.bell@northwind.example");
    expect(managerMail.subject).toBe("Your self-assessment for NA Enterprise is open");

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill("marcus.bell@northwind.example");
    await page.getByLabel("Password").fill("northwind-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Your self-assessments" }).waitFor();
    await page.getByRole("link", { name: /NA Enterprise: NA Enterprise check-in/ }).click();
    await page.getByRole("heading", { level: 1, name: "Your view of NA Enterprise" }).waitFor();
    await expectNoAxeViolations(page);
    // The manager sees the team very favourably.
    const groups = page.getByRole("group");
    for (let i = 0; i < (await groups.count()); i++) {
      const group = groups.nth(i);
      const reverse = /gets something wrong|left out|awkward/.test(
        (await group
          .getByRole("radio")
          .first()
          .evaluate((el) => el.closest("fieldset")?.querySelector("legend")?.textContent)) ?? "",
      );
      await group.getByRole("radio", { name: reverse ? "1, Strongly disagree" : "7, Strongly agree" }).check();
    }
    await page.getByRole("button", { name: "Save my self-assessment" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await screenshot(page, "self-assessment");

    // Enablement closes the wave; the gap appears.
    const programPage = await (await fetch(`${server.url}/programs/${programId}`, { headers: { Cookie: enablementCookie } })).text();
    const waveId = /name="waveId" value="([0-9a-f-]{36})"/.exec(programPage)![1]!;
    const closed = await postForm(server, `/programs/${programId}`, new URLSearchParams({ intent: "close-wave", waveId }), enablementCookie);
    expect(closed.status).toBe(200);

    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "NA Enterprise", exact: true }).first().click();
    // The manager's home links to the gap page too: wait for the team page before following its link.
    await page.getByRole("heading", { level: 1, name: "NA Enterprise" }).waitFor();
    await page
      .getByRole("link", { name: /Self vs team/ })
      .first()
      .click();
    await page.getByRole("heading", { level: 1, name: "Self vs team: NA Enterprise" }).waitFor();
    await expect(page.getByText("NA Enterprise check-in, wave of").isVisible()).resolves.toBe(true);
    const dimensionRow = page.getByRole("table", { name: "By dimension" }).getByRole("row", { name: /Psychological safety/ });
    await expect(dimensionRow.textContent()).resolves.toMatch(/7\.0.*Blind spot You rate psychological safety higher than your team does\./);
    // A reverse-keyed item reads as agreement with its wording: the manager strongly disagreed (1), the
    // team somewhat agreed (5), and here agreeing is the worse answer (ADR 033).
    const reversed = page.getByRole("table", { name: "By item: agreement with the team's wording" }).getByRole("row", { name: /gets something wrong/ });
    await expect(reversed.textContent()).resolves.toMatch(/lower is better1\.05\.0 .*−4\.0Blind spot Your team agrees more than you do, and agreeing is the worse answer here\./);
    await expect(page.getByRole("heading", { name: "Largest blind spots" }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, "gap-view");
    await context.close();
  });
});
