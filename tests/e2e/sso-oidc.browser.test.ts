import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type RunningOidcProvider } from "../support/oidc-provider";
import { DEMO_PASSWORD, expectNoAxeViolations, hasChromium, launchBrowser, screenshot } from "./support/browser";
import { demoLogin, startOutboxDemoServer, type RunningServer } from "./support/server";

// Company sign-in through OpenID Connect in Chromium (ADR 046), against a real provider (oidc-provider on
// 127.0.0.1) and its own login page: an admin adds the provider and tests it, then a rep signs in with it.

describe.skipIf(!hasChromium)("a rep signs in through the company's OpenID Connect provider", () => {
  let server: RunningServer;
  let provider: RunningOidcProvider;
  let browser: Browser;
  let repEmail: string;

  beforeAll(async () => {
    server = await startOutboxDemoServer();
    repEmail = demoLogin(server.output(), "rep in NA Enterprise (pulse open)");
    provider = await startOidcProvider({
      clients: [{ clientId: "candor-e2e", clientSecret: "e2e-client-secret-41b7", redirectUri: `${server.url}/sso/oidc/callback` }],
      accounts: [
        { sub: "okta-rep", email: repEmail, email_verified: true, name: "Demo Rep" },
        { sub: "okta-admin", email: "avery.admin@northwind.example", email_verified: true, name: "Avery Admin" },
      ],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await provider?.stop();
    await server?.stop();
  });

  it("works end to end in Chromium, and the provider's page in Candor is accessible", async () => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    admin.on("pageerror", (error) => {
      throw error;
    });
    await admin.goto(`${server.url}/login?redirectTo=%2Fadmin%2Fsso%2Foidc%2Fnew`);
    await admin.getByLabel("Email").fill("avery.admin@northwind.example");
    await admin.getByLabel("Password").fill(DEMO_PASSWORD);
    await admin.getByRole("button", { name: "Sign in", exact: true }).click();
    await admin.getByRole("heading", { level: 1, name: "New OpenID Connect provider" }).waitFor();
    await expect(admin.locator("#redirect-uri").textContent()).resolves.toBe(`${server.url}/sso/oidc/callback`);
    await expectNoAxeViolations(admin);

    // A form with mistakes: the errors sit by their fields, and the page stays accessible.
    await admin.getByLabel("Issuer URL", { exact: true }).fill("http://idp.example.com");
    await admin.getByRole("button", { name: "Add provider" }).click();
    await admin.getByText("The issuer URL must start with https://").waitFor();
    await expectNoAxeViolations(admin);

    await admin.getByLabel("Name", { exact: true }).fill("Northwind Okta");
    await admin.getByLabel("Email domains", { exact: true }).fill("northwind.example");
    await admin.getByLabel("Issuer URL", { exact: true }).fill(provider.issuer);
    await admin.getByLabel("Client id", { exact: true }).fill("candor-e2e");
    await admin.getByLabel("Client secret", { exact: true }).fill("e2e-client-secret-41b7");
    await admin.getByRole("button", { name: "Add provider" }).click();
    await admin.getByRole("heading", { level: 1, name: "Northwind Okta" }).waitFor();
    await admin.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    // The secret is never shown again.
    await expect(admin.getByLabel("Client secret", { exact: true }).inputValue()).resolves.toBe("");
    expect(await admin.content()).not.toContain("e2e-client-secret-41b7");
    await expectNoAxeViolations(admin);
    await screenshot(admin, "admin-sso-oidc");

    // Test the connection: through the provider's login page and back to the report; the admin stays who they are.
    await admin.getByRole("link", { name: "Test the connection" }).click();
    await admin.waitForURL((url) => url.origin === provider.issuer);
    await admin.locator('input[name="login"]').fill("okta-rep");
    await admin.locator('input[name="password"]').fill("anything");
    await admin.locator('button[type="submit"]').click();
    await admin.getByRole("heading", { level: 1, name: "Test of Northwind Okta" }).waitFor();
    await admin.getByRole("status").filter({ hasText: `This would sign in` }).waitFor();
    await admin.getByRole("cell", { name: repEmail }).first().waitFor();
    await expectNoAxeViolations(admin);
    await admin.getByRole("link", { name: "Back to the provider’s settings" }).click();
    await admin.getByText(/Last tested/).waitFor();
    await admin.goto(`${server.url}/`);
    await admin.getByRole("heading", { level: 1, name: /^Hello, Avery/ }).waitFor();
    await adminContext.close();

    // The rep: their work email on the sign-in page, then the company account.
    const repContext = await browser.newContext();
    const rep = await repContext.newPage();
    rep.on("pageerror", (error) => {
      throw error;
    });
    await rep.goto(`${server.url}/login`);
    // The page's script has run (the button's submit goes through Remix then, as it does for most people).
    await rep.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter) && document.readyState === "complete");
    const callbacks: string[] = [];
    rep.on("request", (request) => {
      if (request.url().startsWith(`${server.url}/sso/oidc/callback`)) callbacks.push(request.url());
    });
    await rep.getByLabel("Email").fill(repEmail);
    await rep.getByRole("button", { name: "Sign in with your company account" }).click();
    await rep.waitForURL((url) => url.origin === provider.issuer);
    await rep.locator('input[name="login"]').fill("okta-rep");
    await rep.locator('input[name="password"]').fill("anything");
    await rep.locator('button[type="submit"]').click();
    await rep.waitForURL(`${server.url}/`);
    await rep.getByRole("heading", { level: 1, name: /^Hello/ }).waitFor();
    const cookies = await repContext.cookies(server.url);
    expect(cookies.map((c) => c.name)).toContain("candor_session");
    // The flow's cookie is gone once used.
    expect(cookies.map((c) => c.name)).not.toContain("candor_oidc_flow");

    // The provider's answer opened again does not sign in again: it was used once.
    expect(callbacks).toHaveLength(1);
    await rep.goto(callbacks[0]!);
    await rep.getByRole("heading", { level: 1, name: "Sign-in did not work" }).waitFor();
    await expectNoAxeViolations(rep);
    await repContext.close();
  });

  // Without JavaScript the form is the browser's own, and Candor's CSP (form-action 'self') would stop its
  // redirect on to the provider: the page offers the provider's button (a link) instead.
  it("works without JavaScript too, with one more click", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(repEmail);
    await page.getByRole("button", { name: "Sign in with your company account" }).click();
    await page.getByRole("link", { name: "Sign in with Northwind Okta" }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill("okta-rep");
    await page.locator('input[name="password"]').fill("anything");
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("heading", { level: 1, name: /^Hello/ }).waitFor();
    await context.close();
  });
});
