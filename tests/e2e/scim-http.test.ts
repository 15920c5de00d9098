import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm } from "./support/flows";
import { signInOverHttp, startOutboxDemoServer, type RunningServer } from "./support/server";

// SCIM through the built server (ADR 044): Remix's routing of /scim/v2/… with every method a provider uses,
// the same-origin rule (a provider sends no Origin), the body limit, and the server log, which must hold
// neither the token nor the addresses a filter names (the log keeps paths without their query).

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("SCIM over the built server", () => {
  let server: RunningServer;
  let admin: string;
  let token: string;

  const scim = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/scim/v2${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get("content-type"), json: (text ? JSON.parse(text) : {}) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  beforeAll(async () => {
    server = await startOutboxDemoServer();
    admin = await signInOverHttp(server, "avery.admin@northwind.example", "northwind-demo");
    const page = await postForm(server, "/admin/scim", new URLSearchParams({ intent: "create", name: "Okta" }), admin);
    expect(page.status).toBe(200);
    token = /(candor_scim_[a-z2-7]{24}\.[a-z2-7]{32})/.exec(await page.text())![1]!;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("provisions a user and a group with every method, in application/scim+json", async () => {
    const email = "sam.scim@northwind.example";
    const none = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
    expect(none.status).toBe(200);
    expect(none.type).toBe("application/scim+json; charset=utf-8");
    expect(none.json.totalResults).toBe(0);
    const created = await scim("POST", "/Users", {
      schemas: [USER],
      userName: email,
      name: { givenName: "Sam", familyName: "Scim" },
      emails: [{ value: email, type: "work", primary: true }],
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await scim("PUT", `/Users/${id}`, { schemas: [USER], userName: email, name: { givenName: "Samuel", familyName: "Scim" }, active: true })).json.name.givenName).toBe(
      "Samuel",
    );
    const group = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "SCIM pushed team", members: [] });
    expect(group.status).toBe(201);
    const added = await scim("PATCH", `/Groups/${group.json.id}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] });
    expect(added.json.members.map((m: { value: string }) => m.value)).toEqual([id]);
    const off = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.json.active).toBe(false);
    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
    expect((await scim("GET", `/Users/${id}`)).status).toBe(404);
    expect((await scim("DELETE", `/Groups/${group.json.id}`)).status).toBe(204);
  });

  it("gives a session cookie alone 401, refuses a body past 1 MB with 413, and lets no page form through without Origin", async () => {
    const bySession = await fetch(`${server.url}/scim/v2/Users`, { headers: { Cookie: admin } });
    expect(bySession.status).toBe(401);
    expect(await bySession.json()).toMatchObject({ status: "401" });
    const big = await scim("POST", "/Users", { schemas: [USER], userName: "big@northwind.example", title: "x".repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "413" });
    const page = await fetch(`${server.url}/admin/scim`, {
      method: "POST",
      headers: { Cookie: admin, "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=create&name=x",
    });
    expect(page.status).toBe(403);
  });

  it("leaves neither the token nor a filtered address in the server log", () => {
    const output = server.output();
    expect(output).toContain("/scim/v2/Users");
    expect(output).not.toContain(token.split(".")[1]!);
    expect(output).not.toContain("sam.scim@northwind.example");
  });
});
