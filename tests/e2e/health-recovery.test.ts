import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyFor, type TcpProxy } from "../support/tcp-proxy";
import { freshPostgresDatabase, startServer, type RunningServer } from "./support/server";

async function health(server: RunningServer) {
  const response = await fetch(`${server.url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}

// PostgreSQL goes away under a running server and comes back: the server stays up, answers 503,
// then 200 again by itself. The proxy cuts every connection like a stopped PostgreSQL does.
describe.skipIf(!process.env.TEST_DATABASE_URL)("health while PostgreSQL stops and restarts", () => {
  let proxy: TcpProxy;
  let server: RunningServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    proxy = proxyFor(fresh.url);
    await proxy.up();
    server = await startServer({ DATABASE_URL: proxy.rewrite(fresh.url), DATABASE_CONNECT_TIMEOUT_MS: "1000" });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.down();
    await drop?.();
  });

  it("answers 503 while the database is gone and 200 once it is back, without a restart", async () => {
    expect(await health(server)).toEqual({ status: 200, body: { db: "ok" } });

    await proxy.down();
    const down = await eventually(
      () => health(server),
      (h) => h.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body.db).toBe("unavailable");
    // A page that needs the database fails politely with 503, and the process keeps running.
    const page = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.example&password=whatever",
    });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("<h1>Candor is temporarily unavailable</h1>");
    expect(server.process.exitCode).toBeNull();

    await proxy.up();
    const up = await eventually(
      () => health(server),
      (h) => h.status === 200,
    );
    expect(up).toEqual({ status: 200, body: { db: "ok" } });
    expect(server.output()).not.toMatch(/uncaught|unhandled/i);
  });
});
