import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn, TestMailbox } from "../support/smtp";
import { expectNoAxeViolations, hasChromium, launchBrowser, phone, screenshot } from "./support/browser";
import { startDemoServer, type RunningServer } from "./support/server";

describe.skipIf(!hasChromium)("an admin invites a rep, who sets a password from the email and signs in", () => {
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

  it("works end to end in Chromium", async () => {
    const admin = await browser.newContext();
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/people`);
    // Not signed in: the guard sends the admin to the sign-in page and back.
    await page.waitForURL(/\/login\?redirectTo=%2Fadmin%2Fpeople/);
    await expectNoAxeViolations(page);
    await page.getByLabel("Email").fill("avery.admin@northwind.example");
    await page.getByLabel("Password").fill("northwind-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${server.url}/admin/people`);
    await expectNoAxeViolations(page);

    await page.getByLabel("Email", { exact: true }).fill("rosa.newhire@northwind.example");
    await page.getByLabel("Name", { exact: true }).fill("Rosa Newhire");
    await page.getByLabel("Role").selectOption("rep");
    await page.getByLabel("Team").selectOption({ label: "\u2003NA Enterprise" });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("status").filter({ hasText: "Invitation sent to rosa.newhire@northwind.example" }).waitFor();
    await screenshot(page, "admin-people");

    const mail = await mailbox.waitFor("rosa.newhire@northwind.example");
    const link = linkIn(mail);
    expect(link.startsWith(`${server.url}/invite/`)).toBe(true);

    const repContext = await browser.newContext(phone);
    const rep = await repContext.newPage();
    await rep.goto(link);
    await expect(rep.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Welcome to Candor");
    await expectNoAxeViolations(rep);
    await rep.getByLabel("New password", { exact: true }).fill("rosa's secret 123");
    await rep.getByLabel("New password again").fill("rosa's secret 123");
    await screenshot(rep, "invitation-phone");
    await rep.getByRole("button", { name: "Set password and sign in" }).click();
    await rep.getByRole("heading", { level: 1, name: "Hello, Rosa" }).waitFor();
    expect(new URL(rep.url()).pathname).toBe("/");

    // Sign out, then sign in with the new password.
    await rep.getByRole("button", { name: "Sign out" }).click();
    await rep.waitForURL(/\/login$/);
    await rep.getByLabel("Email").fill("rosa.newhire@northwind.example");
    await rep.getByLabel("Password").fill("rosa's secret 123");
    await rep.getByRole("button", { name: "Sign in", exact: true }).click();
    await rep.getByRole("heading", { level: 1, name: "Hello, Rosa" }).waitFor();

    // The link was single-use.
    await rep.goto(link);
    await rep.getByRole("alert").filter({ hasText: "already been used" }).waitFor();
    await admin.close();
    await repContext.close();
  });
});
