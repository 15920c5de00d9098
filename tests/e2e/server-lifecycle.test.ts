import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations/index";
import { demoLogin, startServer, tempPgliteDir, type RunningServer } from "./support/server";

// The built server as a user runs it: embedded PGlite, demo seed, real HTTP.
describe("built server on PGlite", () => {
  let server: RunningServer;
  const dir = tempPgliteDir();

  beforeAll(async () => {
    server = await startServer({ PGLITE_DIR: dir, CANDOR_SEED_DEMO: "true" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("migrates, seeds the demo organisation and serves the home page", async () => {
    expect(server.output()).toContain(`applied migrations: ${Object.keys(migrations).join(", ")}`);
    expect(server.output()).toMatch(/demo organisation: Northwind Sales \(seeded now\); every demo login has the password northwind-demo/);
    expect(demoLogin(server.output(), "admin")).toBe("avery.admin@northwind.example");
    // Every line is a JSON object with a time, a level and a message (ADR 039).
    const lines = server.output().trim().split("\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.any(String), msg: expect.any(String) });
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Sign in");
  });

  it("answers /healthz with the database state", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ db: "ok" });
  });

  it("shows a friendly 404 page", async () => {
    const response = await fetch(`${server.url}/no/such/page`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).toContain("Go to the start page");
  });

  it("sends the security headers, with a fresh nonce per response that Remix's scripts carry", async () => {
    const [a, b] = await Promise.all([fetch(`${server.url}/`), fetch(`${server.url}/`)]);
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("same-origin");
    expect(a.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("refuses a mutation from another origin with 403", async () => {
    const foreign = await fetch(`${server.url}/`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const noOrigin = await fetch(`${server.url}/`, { method: "POST" });
    expect(noOrigin.status).toBe(403);
  });

  it("makes a second process on the same data directory refuse with a message naming the server", async () => {
    const second = await startServer({ PGLITE_DIR: dir }, { waitForListening: false });
    await second.waitForOutput(/could not start/);
    expect(second.output()).toMatch(/open in another process: Candor server \(pid \d+, port \d+\)/);
    expect(await second.exited()).toBe(1);
  });

  it("exits within a few seconds on SIGTERM and reopens its data on the next start", async () => {
    const { code, ms } = await server.stop("SIGTERM");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    server = await startServer({ PGLITE_DIR: dir, CANDOR_SEED_DEMO: "true" });
    expect(server.output()).toMatch(/already seeded/);
    expect(server.output()).not.toMatch(/applied migrations/);
  });
});
