import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDP_ENTITY_ID, IDP_KEY, encodeSamlResponse, readAuthnRequest, samlResponseXml } from "../support/saml-idp";
import { expectNoAxeViolations, hasChromium, launchBrowser, screenshot, signInAs } from "./support/browser";
import { postForm } from "./support/flows";
import { freePort, startServer, tempPgliteDir, type RunningServer } from "./support/server";

// SAML sign-in in Chromium (ADR 043): an admin sets up a provider on its page and tests it, then a manager
// signs in through it. The identity provider is a small HTTP server of the test on http://localhost (another
// site than Candor's http://127.0.0.1), which signs a real assertion and answers with a page whose form posts
// itself to Candor's ACS, as Okta's, Entra ID's and Google's pages do: so the post is cross-site, and the
// flow cookie must be SameSite=None to come with it.

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ESC[c]!);

describe.skipIf(!hasChromium)("SAML sign-in through a local identity provider", () => {
  let server: RunningServer;
  let browser: Browser;
  let idp: http.Server;
  let idpUrl: string;
  /** Who the provider signs in next. */
  let signedInAtIdp = "marcus.bell@northwind.example";

  beforeAll(async () => {
    idp = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", idpUrl);
      if (url.pathname !== "/sso") {
        res.writeHead(404).end();
        return;
      }
      const request = readAuthnRequest(url.toString());
      const audience = request.issuer;
      const xml = samlResponseXml({
        acsUrl: request.acsUrl,
        audience,
        inResponseTo: request.id,
        nameId: signedInAtIdp,
        attributes: { displayName: "Marcus Bell", department: "Sales" },
      });
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>` +
          `<form method="post" action="${escapeHtml(request.acsUrl)}"><input type="hidden" name="SAMLResponse" value="${escapeHtml(encodeSamlResponse(xml))}">` +
          `<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    idpUrl = `http://localhost:${(idp.address() as AddressInfo).port}`;
    // Candor on 127.0.0.1 (its emailed links and SAML addresses name it), the provider on localhost.
    const port = await freePort();
    server = await startServer({ PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, PGLITE_DIR: tempPgliteDir(), CANDOR_SEED_DEMO: "true" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => idp?.close(resolve));
  });

  it("an admin adds and tests a provider; a manager then signs in through it", async () => {
    const page = await signInAs(browser, server.url, "avery.admin@northwind.example");
    await page.goto(`${server.url}/admin/sso/saml/new`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Name", { exact: true }).fill("Test IdP");
    await page.getByLabel("Email domains").fill("northwind.example");
    await page.getByLabel("Provider’s entity id (issuer)").fill(IDP_ENTITY_ID);
    await page.getByLabel("Provider’s sign-in address (SSO URL)").fill(`${idpUrl}/sso`);
    await page.getByLabel("Provider’s signing certificate").fill(IDP_KEY.cert);
    await page.getByLabel(/^Switched on/).check();
    await page.getByRole("button", { name: "Add provider" }).click();
    await page.getByRole("heading", { level: 1, name: "SAML 2.0 provider: Test IdP" }).waitFor();
    await page.locator("strong", { hasText: "CN=Candor test identity provider (idp), O=Candor tests" }).waitFor();
    await expectNoAxeViolations(page);
    await screenshot(page, "admin-sso-saml");

    // Test the connection: to the provider and back to this page, with what it sent; nobody signed in anew.
    await page.getByRole("link", { name: "Test the connection" }).click();
    await page.getByRole("heading", { level: 2, name: "Test result" }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/sso\/saml\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("This would sign in Marcus Bell (marcus.bell@northwind.example)");
    await page.getByRole("cell", { name: "department" }).waitFor();
    await page.getByText("Last tested on").waitFor();
    await expectNoAxeViolations(page);
    await screenshot(page, "admin-sso-saml-tested");

    // A manager, signed out, signs in with the company account from the sign-in page.
    const context = await browser.newContext();
    const manager = await context.newPage();
    manager.on("pageerror", (error) => {
      throw error;
    });
    await manager.goto(`${server.url}/login?redirectTo=%2Fteams`);
    await manager.getByLabel("Email").fill("marcus.bell@northwind.example");
    await manager.getByRole("button", { name: "Sign in with your company account" }).click();
    await manager.waitForURL(`${server.url}/teams`);
    const cookies = await context.cookies(server.url);
    expect(cookies.map((c) => c.name)).toContain("candor_session");
    expect(cookies.map((c) => c.name)).not.toContain("candor_saml_flow");
    await manager.goto(`${server.url}/`);
    await manager.getByRole("heading", { level: 1, name: "Hello, Marcus" }).waitFor();

    // A refusal is a page that says why: someone outside the provider's domains.
    signedInAtIdp = "someone@elsewhere.example";
    const stranger = await (await browser.newContext()).newPage();
    const connectionPath = new URL(page.url()).pathname.replace("/admin/sso/saml/", "/sso/saml/");
    await stranger.goto(`${server.url}${connectionPath}/start`);
    await stranger.getByRole("heading", { level: 1, name: "Company sign-in did not work" }).waitFor();
    await expect(stranger.getByRole("alert").textContent()).resolves.toContain("not in a domain this sign-in is set up for");
    await expectNoAxeViolations(stranger);
    await context.close();
  });

  it("lets only a form post through to the ACS from another site", async () => {
    const foreign = (path: string, type: string) =>
      fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { Origin: "https://evil.example", "Content-Type": type }, body: "SAMLResponse=x" });
    const acs = "/sso/saml/00000000-0000-4000-8000-000000000000/acs";
    // Through the same-origin check to the route, which answers an unknown connection 404.
    expect((await foreign(acs, "application/x-www-form-urlencoded")).status).toBe(404);
    // Anything else from another site is refused by the check itself.
    for (const [path, type] of [
      [acs, "text/plain"],
      ["/sso/saml/00000000-0000-4000-8000-000000000000/start", "application/x-www-form-urlencoded"],
      ["/admin/sso", "application/x-www-form-urlencoded"],
    ] as const) {
      const refused = await foreign(path, type);
      expect(refused.status, `${path} ${type}`).toBe(403);
      await expect(refused.text()).resolves.toBe("Forbidden: this request did not come from a Candor page.");
    }
    // The same post from Candor's own origin reaches the route.
    expect((await postForm(server, acs, new URLSearchParams({ SAMLResponse: "x" }))).status).toBe(404);
  });
});
