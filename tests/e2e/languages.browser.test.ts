import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestMailbox } from "../support/smtp";
import { startPulseForTeam } from "./support/flows";
import { expectNoAxeViolations, hasChromium, launchBrowser, phone } from "./support/browser";
import { startDemoServer, type RunningServer } from "./support/server";

// Issue 26: a rep answers a pulse in German and in Japanese on a phone (the browser's language chooses), axe
// finds nothing, and the Arabic form and receipt lay out right to left (screenshots in docs/screenshots).

describe.skipIf(!hasChromium)("a rep answers a pulse in their language, on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let mailbox: TestMailbox;
  const links: string[] = [];

  beforeAll(async () => {
    mailbox = await new TestMailbox().start();
    server = await startDemoServer(mailbox);
    const started = await startPulseForTeam(server, mailbox, "NA Enterprise", { dimensions: ["psychological_safety"], items: ["ENPS", "COMMENT"] });
    links.push(...started.links.values());
    expect(links.length).toBeGreaterThanOrEqual(3);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox?.stop();
  });

  const cases = [
    {
      locale: "de-DE",
      lang: "de",
      receipt: "Wo Ihre Antworten erscheinen können",
      question: "Ich kann in diesem Team Probleme und schwierige Themen ansprechen.",
      option: "6, Stimme zu",
      send: "Antworten senden",
      saved: "Vielen Dank – Ihre Antworten sind gespeichert.",
      progress: "0 von 9 beantwortet",
    },
    {
      locale: "ja-JP",
      lang: "ja",
      receipt: "回答が表示されうる場所",
      question: "このチームでは、問題や言いにくい話題を持ち出すことができる。",
      option: "6, そう思う",
      send: "回答を送信する",
      saved: "ありがとうございます。回答を保存しました。",
      progress: "9問中0問に回答済み",
    },
  ];

  cases.forEach((c, index) => {
    it(`answers in ${c.lang}: the page, the receipt, the items and the scale in ${c.lang}; axe finds nothing`, async () => {
      const context = await browser.newContext({ ...phone, locale: c.locale });
      const page = await context.newPage();
      await page.goto(links[index]!);
      await page.getByRole("heading", { level: 1, name: "NA Enterprise check-in" }).waitFor();
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe(c.lang);
      await expect(page.getByText(c.progress).isVisible()).resolves.toBe(true);
      await expect(page.getByRole("region", { name: c.receipt }).isVisible()).resolves.toBe(true);
      await expectNoAxeViolations(page);
      await page.getByRole("group", { name: c.question }).getByRole("radio", { name: c.option }).check();
      await page.getByRole("button", { name: c.send }).click();
      await page.getByRole("status").filter({ hasText: c.saved }).waitFor();
      await expectNoAxeViolations(page);
      await context.close();
    });
  });

  it("lays the Arabic form and receipt out right to left", async () => {
    const context = await browser.newContext({ ...phone, locale: "ar" });
    const page = await context.newPage();
    await page.goto(links[2]!);
    await page.getByRole("heading", { level: 1, name: "NA Enterprise check-in" }).waitFor();
    await expect(page.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    const receipt = page.getByRole("region", { name: "أين يمكن أن تظهر إجاباتك" });
    await expect(receipt.isVisible()).resolves.toBe(true);
    // Right to left: the receipt's heading's words start at the right edge (the box of the text, not of the
    // block, which spans the line either way), and the scale runs from the right.
    const words = await receipt.getByRole("heading").evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const box = range.getBoundingClientRect();
      return { left: box.left, right: box.right };
    });
    const width = phone.viewport!.width;
    expect(width - words.right).toBeLessThan(words.left);
    const ends = await page.locator(".scale__number").evaluateAll((els) => els.slice(0, 2).map((el) => el.getBoundingClientRect().left));
    expect(ends[0]!).toBeGreaterThan(ends[1]!);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "docs/screenshots/pulse-arabic-rtl-390.png", fullPage: true });
    await context.close();
  });
});
