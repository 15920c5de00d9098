import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { hasTestPostgres } from "./support/postgres-only";
import { freshPostgresDatabase, startServer, tempPgliteDir, type RunningServer } from "./support/server";

// `npm start` is how people try Candor: on embedded PGlite it seeds the demo organisation, whose accounts
// share a password printed in the README. A platform that runs `npm start` with DATABASE_URL set (many
// do) must get an empty production database, not that organisation (issue 23: scripts/start.mjs set
// CANDOR_SEED_DEMO=true whatever the database).
const secret = crypto.randomBytes(32).toString("hex");
const outbox = fs.mkdtempSync(path.join(os.tmpdir(), "candor-start-outbox-"));
const npmStart = { command: ["npm", "start"] };

describe.skipIf(!hasTestPostgres("production-start"))("npm start with DATABASE_URL", () => {
  let server: RunningServer;
  let database: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    server = await startServer({ DATABASE_URL: database.url, CANDOR_SECRET_KEY: secret, OUTBOX_DIR: outbox }, npmStart);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("serves an empty database: no demo organisation, no demo password printed", async () => {
    expect(server.output()).toContain("database: postgres");
    expect(server.output()).not.toMatch(/demo organisation|northwind-demo/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const db = await openDatabase({ url: database.url, poolSize: 1 });
    try {
      const organisations = await db.db.selectFrom("organisation").select("slug").execute();
      const people = await db.db.selectFrom("person").select("email").execute();
      expect(organisations).toEqual([]);
      expect(people).toEqual([]);
    } finally {
      await db.close();
    }
    // And the demo's admin cannot sign in.
    const signIn = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "avery.admin@northwind.example", password: "northwind-demo" }),
    });
    expect(signIn.status).not.toBe(302);
  });
});

describe("npm start and npm run serve on embedded PGlite", () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
    fs.rmSync(outbox, { recursive: true, force: true });
  });

  it("npm start seeds the demo organisation on a new PGlite directory", async () => {
    const server = await startServer({ PGLITE_DIR: tempPgliteDir(), CANDOR_SECRET_KEY: secret, OUTBOX_DIR: outbox }, npmStart);
    servers.push(server);
    expect(server.output()).toContain("database: pglite");
    expect(server.output()).toMatch(/demo organisation: Northwind Sales \(seeded now\)/);
    // For people, not log collectors: the server's JSON lines read as plain lines, one demo login per line.
    expect(server.output()).toMatch(/^\[candor\] listening on http:\/\/\S+$/m);
    expect(server.output()).toMatch(/^ {2}admin: avery\.admin@northwind\.example$/m);
    expect(server.output()).toMatch(/^ {2}manager of NA Enterprise: \S+@northwind\.example$/m);
    expect(server.output()).not.toMatch(/^\{"time"/m);
    await server.stop();
  });

  it("npm start leaves the demo out when CANDOR_SEED_DEMO=false", async () => {
    const server = await startServer({ PGLITE_DIR: tempPgliteDir(), CANDOR_SECRET_KEY: secret, OUTBOX_DIR: outbox, CANDOR_SEED_DEMO: "false" }, npmStart);
    servers.push(server);
    expect(server.output()).not.toMatch(/demo organisation/);
    await server.stop();
  });

  it("npm run serve never seeds it unasked, even on PGlite", async () => {
    const server = await startServer({ PGLITE_DIR: tempPgliteDir(), CANDOR_SECRET_KEY: secret, OUTBOX_DIR: outbox }, { command: ["npm", "run", "serve"] });
    servers.push(server);
    expect(server.output()).toContain("database: pglite");
    expect(server.output()).not.toMatch(/demo organisation/);
    await server.stop();
  });
});
