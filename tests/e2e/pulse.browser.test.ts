import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn, TestMailbox } from "../support/smtp";
import { expectNoAxeViolations, hasChromium, launchBrowser, phone, screenshot } from "./support/browser";
import { freePort, signInOverHttp, startServer, tempPgliteDir, type RunningServer } from "./support/server";

const PS2 = "I can raise problems and difficult topics with this team.";
const PS4 = "I can try something risky here without worrying about how it will look.";

describe.skipIf(!hasChromium)("a rep answers a pulse from the emailed link, on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let mailbox: TestMailbox;
  const reps: string[] = [];

  beforeAll(async () => {
    mailbox = await new TestMailbox().start();
    const port = await freePort();
    server = await startServer({ PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, PGLITE_DIR: tempPgliteDir(), CANDOR_SEED_DEMO: "true", SMTP_URL: mailbox.url });
    // Enablement starts a pulse for NA Enterprise today: the invitations go out by email.
    const cookie = await signInOverHttp(server, "eli.enablement@northwind.example", "northwind-demo");
    const teams = await (await fetch(`${server.url}/programs/new`, { headers: { Cookie: cookie } })).text();
    const teamId = /id="team-([0-9a-f-]{36})"[^>]*\/?>\s*<label[^>]*>NA Enterprise/.exec(teams)?.[1];
    expect(teamId).toBeDefined();
    const form = new URLSearchParams({ name: "Quick check-in", cadence: "once", startsOn: new Date().toISOString().slice(0, 10), openDays: "5", reminderDays: "" });
    for (const d of ["psychological_safety"]) form.append("dimensionKeys", d);
    for (const code of ["ENPS", "COMMENT"]) form.append("itemCodes", code);
    form.append("teamIds", teamId!);
    const created = await fetch(`${server.url}/programs/new`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" }, body: form });
    expect(created.status).toBe(302);
    const deadline = Date.now() + 10_000;
    while (mailbox.messages.filter((m) => m.subject.startsWith("Your team pulse is open")).length < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    reps.push(...mailbox.messages.filter((m) => m.subject === "Your team pulse is open: NA Enterprise").map((m) => m.to[0]!));
    expect(reps).toHaveLength(8);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox?.stop();
  });

  const rate = (page: Page, question: string, label: string) => page.getByRole("group", { name: question }).getByRole("radio", { name: label }).check();

  it("answers, sees where the answers can appear, sends, changes an answer; axe finds nothing", async () => {
    const link = linkIn((await mailbox.waitFor(reps[0]!)));
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Quick check-in" }).waitFor();
    await expect(page.getByText("0 of 9 answered").isVisible()).resolves.toBe(true);
    // The receipt is on the page before sending.
    const receipt = page.getByRole("region", { name: "Where your answers can appear" });
    await expect(receipt.textContent()).resolves.toMatch(/only in the results of NA Enterprise.*at least 5 answers.*shuffled order and dated.*Nobody — not your manager, not the administrators/s);
    await expectNoAxeViolations(page);

    await rate(page, PS2, "6, Agree");
    await rate(page, PS4, "3, Somewhat disagree");
    await page.getByRole("group", { name: /recommend this team/ }).getByRole("radio", { name: "9" }).check();
    await page.getByLabel("One thing that would help this team win more.").fill("Deal reviews that ask questions instead of handing out verdicts.");
    await page.getByText("4 of 9 answered").waitFor();
    await screenshot(page, "pulse-phone");
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByRole("status").filter({ hasText: "Thank you — your answers are saved." }).waitFor();
    await expectNoAxeViolations(page);

    // Back on the same link, the saved answers are there and can be changed.
    await page.goto(link);
    await expect(page.getByRole("group", { name: PS2 }).getByRole("radio", { name: "6, Agree" }).isChecked()).resolves.toBe(true);
    await rate(page, PS2, "7, Strongly agree");
    await page.getByRole("button", { name: "Save my changes" }).click();
    await page.getByRole("status").filter({ hasText: "Your changes are saved." }).waitFor();
    await expect(page.getByRole("group", { name: PS2 }).getByRole("radio", { name: "7, Strongly agree" }).isChecked()).resolves.toBe(true);
    await screenshot(page, "pulse-saved-phone");
    await context.close();
  });

  it("works the same with JavaScript disabled", async () => {
    const link = linkIn(await mailbox.waitFor(reps[1]!));
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Quick check-in" }).waitFor();
    await expect(page.getByRole("region", { name: "Where your answers can appear" }).isVisible()).resolves.toBe(true);
    await rate(page, PS2, "2, Disagree");
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.waitForURL(/saved=new/);
    await page.getByText("Thank you — your answers are saved.").waitFor();
    await rate(page, PS2, "5, Somewhat agree");
    await page.getByRole("button", { name: "Save my changes" }).click();
    await page.waitForURL(/saved=changed/);
    await page.getByText("Your changes are saved.").waitFor();
    await expect(page.getByRole("group", { name: PS2 }).getByRole("radio", { name: "5, Somewhat agree" }).isChecked()).resolves.toBe(true);
    // Sending the same answers from another browser adds nothing: it is told the rep already answered.
    const other = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const second = await other.newPage();
    await second.goto(link);
    await second.getByText("You have already answered this pulse from another browser or device.").waitFor();
    await other.close();
    await context.close();
  });
});
