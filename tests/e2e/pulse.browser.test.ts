import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn, TestMailbox } from "../support/smtp";
import { expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, hasChromium, launchBrowser, phone, screenshot } from "./support/browser";
import { signInOverHttp, startDemoServer, type RunningServer } from "./support/server";

const PS2 = "I can raise problems and difficult topics with this team.";
const PS4 = "I can try something risky here without worrying about how it will look.";

describe.skipIf(!hasChromium)("a rep answers a pulse from the emailed link, on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let mailbox: TestMailbox;
  const reps: string[] = [];

  beforeAll(async () => {
    mailbox = await new TestMailbox().start();
    server = await startDemoServer(mailbox);
    // Enablement starts a pulse for NA Enterprise today: the invitations go out by email.
    const cookie = await signInOverHttp(server, "eli.enablement@northwind.example", "northwind-demo");
    const teams = await (await fetch(`${server.url}/programs/new`, { headers: { Cookie: cookie } })).text();
    const teamId = /id="team-([0-9a-f-]{36})"[^>]*\/?>\s*<label[^>]*>NA Enterprise/.exec(teams)?.[1];
    expect(teamId).toBeDefined();
    const form = new URLSearchParams({ name: "Quick check-in", cadence: "once", startsOn: new Date().toISOString().slice(0, 10), openDays: "5", reminderDays: "" });
    for (const d of ["psychological_safety"]) form.append("dimensionKeys", d);
    for (const code of ["ENPS", "COMMENT"]) form.append("itemCodes", code);
    form.append("teamIds", teamId!);
    const created = await fetch(`${server.url}/programs/new`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
    });
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

  it("answers as a sealed ballot on a phone: the answers go without a cookie; sees where they can appear, changes one; axe finds nothing", async () => {
    const link = linkIn(await mailbox.waitFor(reps[0]!));
    const context = await browser.newContext(phone);
    // The rep is also signed in to Candor on this phone: their session cookie is in the browser's jar for
    // this origin, so a ballot sent with credentials would carry it (and the server would refuse it).
    const [sessionName, sessionValue] = (await signInOverHttp(server, reps[0]!, "northwind-demo")).split("=") as [string, string];
    await context.addCookies([{ name: sessionName, value: sessionValue, url: server.url, httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    // Every POST the page makes, with the headers the browser really sent (cookies included).
    const posts: Array<{ path: string; headers: Record<string, string>; body: string }> = [];
    page.on("request", (request) => {
      if (request.method() !== "POST") return;
      void request.allHeaders().then((headers) => posts.push({ path: new URL(request.url()).pathname, headers, body: request.postData() ?? "" }));
    });
    const opened = await page.goto(link);
    // The page itself was asked for with the session cookie: the jar holds it for this origin.
    expect((await opened!.request().allHeaders()).cookie).toContain(`${sessionName}=`);
    await page.getByRole("heading", { level: 1, name: "Quick check-in" }).waitFor();
    await expect(page.getByText("0 of 9 answered").isVisible()).resolves.toBe(true);
    // Nothing is chosen for the person: no radio button starts checked, and skipping is said in words.
    await expect(page.locator("input[type=radio]:checked").count()).resolves.toBe(0);
    await expect(page.getByText("Every question is optional: a question you leave unanswered is skipped.").isVisible()).resolves.toBe(true);
    // The receipt is on the page before sending, above the first question.
    const receipt = page.getByRole("region", { name: "Where your answers can appear" });
    const firstQuestion = page.getByRole("group").first();
    expect((await receipt.boundingBox())!.y).toBeLessThan((await firstQuestion.boundingBox())!.y);
    await expect(receipt.evaluate((el) => Boolean(el.compareDocumentPosition(document.querySelector("fieldset")!) & Node.DOCUMENT_POSITION_FOLLOWING))).resolves.toBe(true);
    // 0–10 fits a 390 px phone on one row: eleven buttons side by side, none past the screen's edge.
    const scale = await page
      .getByRole("group", { name: /recommend this team/ })
      .locator(".scale__number")
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, width: r.width })));
    expect(scale).toHaveLength(11);
    expect(new Set(scale.map((b) => Math.round(b.top))).size).toBe(1);
    for (const box of scale) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(390);
      expect(box.width).toBeGreaterThanOrEqual(24);
    }
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expect(receipt.textContent()).resolves.toMatch(
      /only in the results of NA Enterprise.*at least 5 answers.*shuffled order and dated.*Nobody — not your manager, not the administrators/s,
    );
    await expectNoAxeViolations(page);
    await expect(receipt.textContent()).resolves.toMatch(/Sealed ballot\..*cannot tell which answers are yours/s);

    await rate(page, PS2, "6, Agree");
    await rate(page, PS4, "3, Somewhat disagree");
    // A choice can be taken back: the question is unanswered again, not "skipped" as a choice.
    await page.getByText("2 of 9 answered").waitFor();
    await page.getByRole("button", { name: `Clear answer to: ${PS4}` }).click();
    await page.getByText("1 of 9 answered").waitFor();
    await expect(page.getByRole("group", { name: PS4 }).locator("input:checked").count()).resolves.toBe(0);
    await rate(page, PS4, "3, Somewhat disagree");
    await page
      .getByRole("group", { name: /recommend this team/ })
      .getByRole("radio", { name: "9" })
      .check();
    await page.getByLabel("One thing that would help this team win more.").fill("Deal reviews that ask questions instead of handing out verdicts.");
    await page.getByText("4 of 9 answered").waitFor();
    await screenshot(page, "pulse-phone");
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByRole("status").filter({ hasText: "Thank you — your answers are saved." }).waitFor();
    // A way home after sending.
    await expect(page.getByRole("status").getByRole("link", { name: "Back to the home page" }).getAttribute("href")).resolves.toBe("/");
    await expectNoAxeViolations(page);
    // Two requests: the signature (says who asks: the personal link; no answers in it), then the ballot
    // (the answers, with no cookie, no link and no referrer).
    const path = new URL(link).pathname;
    await expect.poll(() => posts.length).toBe(2);
    expect(posts.map((p) => p.path)).toEqual([`${path}/ballot-signature`, "/ballots"]);
    // Same-origin requests carry the jar's cookies unless told not to: the signature request did...
    expect(posts[0]!.headers.cookie).toContain(`${sessionName}=`);
    expect(posts[0]!.body).not.toMatch(/Deal reviews|"a\./);
    expect(posts[1]!.body).toContain("Deal reviews that ask questions");
    expect(posts[1]!.headers.cookie).toBeUndefined();
    expect(posts[1]!.headers.referer).toBeUndefined();
    expect(posts[1]!.body).not.toContain(path.split("/")[2]!);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).not.toContain(expect.stringMatching(/^candor_pulse_/));

    // Back on the same link, the saved answers are there and can be changed.
    await page.goto(link);
    // The browser fetches them (without cookies) after the page is drawn: wait for them.
    await expect.poll(() => page.getByRole("group", { name: PS2 }).getByRole("radio", { name: "6, Agree" }).isChecked(), { timeout: 15_000 }).toBe(true);
    await rate(page, PS2, "7, Strongly agree");
    await page.getByRole("button", { name: "Save my changes" }).click();
    await page.getByRole("status").filter({ hasText: "Your changes are saved." }).waitFor();
    await expect(page.getByRole("group", { name: PS2 }).getByRole("radio", { name: "7, Strongly agree" }).isChecked()).resolves.toBe(true);
    // The change went as the same ballot: no second signature was asked for. Back on the page, the browser
    // also asked, without cookies, whether its comment has a reply (ADR 054).
    const answering = () => posts.filter((p) => p.path !== "/ballots/thread");
    await expect.poll(() => answering().map((p) => p.path), { timeout: 15_000 }).toEqual([`${path}/ballot-signature`, "/ballots", "/ballots"]);
    expect(answering()[2]!.headers.cookie).toBeUndefined();
    for (const read of posts.filter((p) => p.path === "/ballots/thread")) expect(read.headers.cookie).toBeUndefined();
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
    await expect(page.locator("input[type=radio]:checked").count()).resolves.toBe(0);
    // The page says plainly that this path is weaker than a ballot.
    await expect(page.getByRole("region", { name: "Where your answers can appear" }).textContent()).resolves.toMatch(/Plain form\..*server sees who sends this form/s);
    await expectNoAxeViolationsWithoutJavaScript(page);
    await rate(page, PS2, "2, Disagree");
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.waitForURL(/saved=new/);
    await page.getByText("Thank you — your answers are saved.").waitFor();
    await rate(page, PS2, "5, Somewhat agree");
    await page.getByRole("button", { name: "Save my changes" }).click();
    await page.waitForURL(/saved=changed/);
    await page.getByText("Your changes are saved.").waitFor();
    await expect(page.getByRole("group", { name: PS2 }).getByRole("radio", { name: "5, Somewhat agree" }).isChecked()).resolves.toBe(true);
    // Without JavaScript a choice is taken back with "No answer": saved, the question is unanswered again.
    await rate(page, PS4, "4, Neither agree nor disagree");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Save my changes" }).click()]);
    await page.getByText("Your changes are saved.").waitFor();
    await expect(page.getByRole("group", { name: PS4 }).getByRole("radio", { name: "4, Neither agree nor disagree" }).isChecked()).resolves.toBe(true);
    await page
      .getByRole("group", { name: PS4 })
      .getByRole("radio", { name: /^No answer/ })
      .check();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Save my changes" }).click()]);
    await page.getByText("Your changes are saved.").waitFor();
    await expect(page.getByRole("group", { name: PS4 }).locator("input:checked").count()).resolves.toBe(0);
    await expect(page.getByRole("group", { name: PS2 }).getByRole("radio", { name: "5, Somewhat agree" }).isChecked()).resolves.toBe(true);
    // Sending the same answers from another browser adds nothing: it is told the rep already answered.
    const other = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const second = await other.newPage();
    await second.goto(link);
    await second.getByText("You have already answered this pulse from another browser or device.").waitFor();
    // Not a dead end: the next step in words, and a way home.
    await expect(second.getByRole("region", { name: "What you can do now" }).textContent()).resolves.toMatch(/Nothing more is needed.*To change them, open this pulse/s);
    await expect(second.getByRole("link", { name: "Back to the home page" }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolationsWithoutJavaScript(second);
    await screenshot(second, "pulse-answered-elsewhere-phone");
    await other.close();
    await context.close();
  });

  it("answers plain form posts in the HTTP layer as the route would: saved once, refusals rendered, anything else passed on", async () => {
    const link = linkIn(await mailbox.waitFor(reps[2]!));
    const path = new URL(link).pathname;
    const page = await (await fetch(link)).text();
    const key = /name="idempotencyKey" value="([a-z2-7]{26})"/.exec(page)?.[1];
    expect(key).toBeDefined();
    const post = (form: Record<string, string>, cookie?: string) =>
      fetch(link, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(form),
      });

    // A refusal is rendered by the route, with the form and its message, and stores nothing.
    const outOfRange = await post({ idempotencyKey: key!, "a.PS2": "9" });
    expect(outOfRange.status).toBe(400);
    const refusedPage = await outOfRange.text();
    expect(refusedPage).toContain("<h1");
    expect(refusedPage).toMatch(/field__error/);

    // Saved: a 303 back to the page with the edit cookie; the same form again is the same answer, not a second one.
    const saved = await post({ idempotencyKey: key!, "a.PS2": "4" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`${path}?saved=new`);
    const editCookie = saved.headers.get("set-cookie")!.split(";")[0]!;
    expect(editCookie).toMatch(/^candor_pulse_[0-9a-f]{32}=[a-z2-7]{26}$/);
    const resent = await post({ idempotencyKey: key!, "a.PS2": "4" });
    expect(resent.status).toBe(303);
    expect(resent.headers.get("location")).toBe(`${path}?saved=new`);
    // Another form without the cookie is another browser: refused with 409.
    const elsewhere = await post({ idempotencyKey: "a".repeat(26), "a.PS2": "5" });
    expect(elsewhere.status).toBe(409);
    expect(await elsewhere.text()).toContain("You have already answered this pulse from another browser or device.");
    // With the cookie the answer changes, and the page shows it.
    const changed = await post({ idempotencyKey: "b".repeat(26), "a.PS2": "6" }, editCookie);
    expect(changed.headers.get("location")).toBe(`${path}?saved=changed`);
    const after = await (await fetch(link, { headers: { Cookie: editCookie } })).text();
    expect(after).toContain(`name="a.PS2" checked="" value="6"`);

    // Too big to be a pulse form: 413, nothing read into the database.
    const huge = await post({ idempotencyKey: key!, "a.COMMENT": "x".repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(await (await fetch(link, { headers: { Cookie: editCookie } })).text()).toContain(`name="a.PS2" checked="" value="6"`);
    // A malformed escape in the link is a bad request (400, answered past this layer), not a server error.
    const malformed = await fetch(`${server.url}/pulse/%E0%A4%A`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "a.PS2=4",
    });
    expect(malformed.status).toBe(400);
    // Not for this layer: an unknown link and a pulse page without a session go to Remix as they are.
    const unknown = await fetch(`${server.url}/pulse/nope`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "a.PS2=4",
    });
    expect(unknown.status).toBe(404);
    const signedOut = await fetch(`${server.url}/pulses/00000000-0000-4000-8000-000000000000`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "a.PS2=4",
    });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    // A session cookie that is no session: the same.
    const forged = await fetch(`${server.url}/pulses/00000000-0000-4000-8000-000000000000`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: `candor_session=${"a".repeat(24)}.${"b".repeat(32)}` },
      body: `idempotencyKey=${"c".repeat(26)}&a.PS2=4`,
    });
    expect(forged.status).toBe(302);
    expect(forged.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});
