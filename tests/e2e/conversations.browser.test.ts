import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestMailbox } from "../support/smtp";
import { expectNoAxeViolations, hasChromium, launchBrowser, phone, screenshot, signInAs } from "./support/browser";
import { postForm, startPulseForTeam } from "./support/flows";
import { startDemoServer, type RunningServer } from "./support/server";

// Issue 28, part 3 (ADR 054): a whole anonymous conversation in the browser. A rep of NA Enterprise answers
// a new pulse with a comment on a phone (four more answer without JavaScript, so the team reaches the
// comment minimum); enablement closes it; the manager replies; the rep sees "you have a reply", answers
// and closes it, every conversation request without a cookie; axe finds nothing on either side.

const desktop = { viewport: { width: 1366, height: 900 } };
const COMMENT = "Pipeline reviews feel like an audit. Could we make them a coaching session?";

describe.skipIf(!hasChromium)("an anonymous conversation on a comment, rep on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let mailbox: TestMailbox;
  let enablementCookie: string;
  let programId: string;
  let links: Map<string, string>;

  beforeAll(async () => {
    mailbox = await new TestMailbox().start();
    server = await startDemoServer(mailbox);
    const started = await startPulseForTeam(server, mailbox, "NA Enterprise", { dimensions: ["psychological_safety"], items: ["ENPS", "COMMENT"] });
    ({ programId, enablementCookie, links } = started);
    expect(links.size).toBe(8);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox?.stop();
  });

  const rate = (page: Page, question: RegExp, label: string) => page.getByRole("group", { name: question }).getByRole("radio", { name: label }).check();

  it("rep comments → manager replies → rep reads 'you have a reply' and answers → manager reads it → rep closes; no cookie on the rep's conversation requests", async () => {
    // The rep answers signed in, on a phone, with a comment: a sealed ballot.
    const reps = [...links.keys()];
    const rep = await signInAs(browser, server.url, reps[0]!, phone);
    const posts: Array<{ path: string; cookie: string | undefined; referer: string | undefined }> = [];
    rep.on("request", (request) => {
      if (request.method() !== "POST") return;
      void request.allHeaders().then((headers) => posts.push({ path: new URL(request.url()).pathname, cookie: headers.cookie, referer: headers.referer }));
    });
    await rep
      .getByRole("link", { name: /NA Enterprise check-in/ })
      .first()
      .click();
    await rep.getByRole("heading", { level: 1, name: "NA Enterprise check-in" }).waitFor();
    const waveId = /\/pulses\/([0-9a-f-]{36})/.exec(rep.url())![1]!;
    await rate(rep, /recommend this team/, "8");
    await rep.getByLabel("One thing that would help this team win more.").fill(COMMENT);
    await rep.getByRole("button", { name: "Send my answers" }).click();
    await rep.getByRole("status").filter({ hasText: "Thank you — your answers are saved." }).waitFor();

    // Four more reps answer from their emailed links without JavaScript (the team reaches five answers).
    for (const email of reps.slice(1, 5)) {
      const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(links.get(email)!);
      await rate(page, /recommend this team/, "7");
      await page.getByRole("button", { name: "Send my answers" }).click();
      await page.waitForURL(/saved=new/);
      await context.close();
    }
    const closed = await postForm(server, `/programs/${programId}`, new URLSearchParams({ intent: "close-wave", waveId }), enablementCookie);
    expect(closed.status).toBeLessThan(400);

    // The manager finds the comment on the team's conversations page and replies under their name.
    const manager = await signInAs(browser, server.url, "marcus.bell@northwind.example", desktop);
    await manager.goto(`${server.url}/teams`);
    await manager.getByRole("link", { name: "NA Enterprise", exact: true }).first().click();
    await manager.getByRole("link", { name: /Reply to comments/ }).click();
    await manager.getByRole("heading", { level: 1, name: "Conversations: NA Enterprise" }).waitFor();
    const thread = manager.locator("li.conversation").filter({ hasText: COMMENT });
    await expectNoAxeViolations(manager);
    await thread.getByLabel("Reply to this comment").fill("Thank you, that is fair. What would a coaching review look like for you?");
    await thread.getByRole("button", { name: "Send reply" }).click();
    await manager.getByText("Reply sent.").waitFor();
    await expect(manager.locator("li.conversation").filter({ hasText: COMMENT }).getByText("Marcus Bell", { exact: true }).isVisible()).resolves.toBe(true);

    // The rep opens Candor on the same phone: "you have a reply", the reply, and a way to answer.
    await rep.goto(`${server.url}/`);
    const mine = rep.getByRole("region", { name: "Replies to your comments" });
    await mine.getByRole("status").filter({ hasText: "You have a reply." }).waitFor();
    await expect(mine.getByText(COMMENT).isVisible()).resolves.toBe(true);
    await expect(mine.getByText("What would a coaching review look like for you?").isVisible()).resolves.toBe(true);
    await expect(rep.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expectNoAxeViolations(rep);
    await screenshot(rep, "conversation-reply-phone");
    await mine.getByLabel("Your answer").fill("Ask what I learned from the deal, not why it slipped.");
    await mine.getByRole("button", { name: "Send my answer" }).click();
    await mine.getByText("You (anonymous)").waitFor();
    await expectNoAxeViolations(rep);

    // The manager sees the answer, from nobody by name.
    await manager.reload();
    const answered = manager.locator("li.conversation").filter({ hasText: COMMENT });
    await expect(answered.getByText("The comment's author (anonymous)").isVisible()).resolves.toBe(true);
    await expect(answered.getByText("Ask what I learned from the deal, not why it slipped.").isVisible()).resolves.toBe(true);

    // The rep closes it; the manager can no longer write.
    await rep.reload();
    await rep.getByRole("region", { name: "Replies to your comments" }).waitFor();
    await expect(rep.getByRole("status").filter({ hasText: "You have a reply." }).count()).resolves.toBe(0);
    await rep.getByRole("button", { name: "Close this conversation" }).click();
    await rep.getByText("You closed this conversation.").waitFor();
    await expectNoAxeViolations(rep);
    await manager.reload();
    const ended = manager.locator("li.conversation").filter({ hasText: COMMENT });
    await expect(ended.getByText("The author closed this conversation.").isVisible()).resolves.toBe(true);
    await expect(ended.getByRole("button", { name: "Send reply" }).count()).resolves.toBe(0);
    await expectNoAxeViolations(manager);

    // Every conversation request the rep's browser made carried no cookie and no referrer.
    const threadPosts = posts.filter((p) => p.path.startsWith("/ballots/thread"));
    // A read on every page that shows the conversations (the same request whether or not there is a reply), the answer, the closing.
    expect(threadPosts.map((p) => p.path)).toEqual(["/ballots/thread", "/ballots/thread/answer", "/ballots/thread", "/ballots/thread/close"]);
    for (const p of threadPosts) expect([p.cookie, p.referer]).toEqual([undefined, undefined]);
    await rep.context().close();
    await manager.context().close();
  }, 180_000);

  it("without JavaScript the page says plainly that replies need it", async () => {
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill([...links.keys()][5]!);
    await page.getByLabel("Password").fill("northwind-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: /^Hello/ }).waitFor();
    // In a <noscript>: what a browser without JavaScript shows (Chromium with scripts turned off by the test
    // harness still parses it as text, so the page's HTML is what is checked).
    expect(await page.content()).toContain(
      '<noscript><p class="muted">Replies to your comments are shown only with JavaScript: the key to them is kept by the browser you answered in.</p></noscript>',
    );
    await context.close();
  });
});
