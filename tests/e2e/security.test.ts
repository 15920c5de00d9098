import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInOverHttp, startServer, tempPgliteDir, type RunningServer } from "./support/server";

describe("mutations over HTTP: the same-origin rule", () => {
  let server: RunningServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer({ PGLITE_DIR: tempPgliteDir(), CANDOR_SEED_DEMO: "true" });
    cookie = await signInOverHttp(server, "avery.admin@northwind.example", "northwind-demo");
  });
  afterAll(async () => {
    await server?.stop();
  });

  const createTeam = (name: string, headers: Record<string, string>) =>
    fetch(`${server.url}/admin/teams`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ name, parentId: "", managerId: "" }),
    });
  const teamList = async () => (await fetch(`${server.url}/admin/teams`, { headers: { Cookie: cookie } })).text();

  it("answers 403 to a POST from another origin, with a valid session, and changes nothing", async () => {
    const foreign = await createTeam("Forged Team", { Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const crossSite = await createTeam("Forged Team", { "Sec-Fetch-Site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(await teamList()).not.toContain("Forged Team");
  });

  it("accepts the same POST from Candor's own origin", async () => {
    const own = await createTeam("Real Team", { Origin: server.url });
    expect(own.status).toBe(200);
    const sameSiteFetch = await createTeam("Fetched Team", { "Sec-Fetch-Site": "same-origin" });
    expect(sameSiteFetch.status).toBe(200);
    const html = await teamList();
    expect(html).toContain("Real Team");
    expect(html).toContain("Fetched Team");
  });
});
