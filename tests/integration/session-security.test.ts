import { beforeAll, expect, it } from "vitest";
import * as account from "../../app/routes/account";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { validateSessionToken } from "../../app/auth/session.server";
import { createTestOrganisation, sessionCookieFor, TEST_PASSWORD, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Session fixation and reuse after sign-out, down to the session table (ADR 005). The same over HTTP
// against the built server is in tests/e2e/security.test.ts; sessions ended by a password change, a
// reset and deactivation in sign-in.test.ts and invitations.test.ts.

const tokenOf = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;
const idOf = (token: string) => token.split(".")[0]!;

describeWithDb("session fixation and sign-out", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
  });

  const sessionIds = async (personId: string) => (await t.app.db.selectFrom("session").select("id").where("personId", "=", personId).execute()).map((r) => r.id).sort();
  const signInWith = (cookie: string, email: string) =>
    callRoute(login.action, { app: t.app, path: "/login", method: "POST", cookie, form: { email, password: TEST_PASSWORD }, clientAddress: "198.51.100.50" });

  it("a cookie planted before sign-in is not the session after it, and never becomes valid", async () => {
    const planted = `${"c".repeat(24)}.${"d".repeat(32)}`;
    const admin = org.people.admin!;
    const before = await sessionIds(admin.id);
    const result = await signInWith(`candor_session=${planted}`, admin.email);
    expect(result.status).toBe(302);
    const issued = tokenOf(result.headers.get("set-cookie")!);
    expect(issued).not.toBe(planted);
    expect(idOf(issued)).not.toBe(idOf(planted));
    // One new row, under the new id; nothing under the planted one.
    expect(await sessionIds(admin.id)).toEqual([...before, idOf(issued)].sort());
    expect(await t.app.db.selectFrom("session").select("id").where("id", "=", idOf(planted)).execute()).toEqual([]);
    expect(await validateSessionToken(t.app, planted)).toBeNull();
    expect((await validateSessionToken(t.app, issued))!.personId).toBe(admin.id);
  });

  it("signing in over someone else's valid session leaves that session theirs", async () => {
    const attacker = org.people.repA!;
    const attackerCookie = await sessionCookieFor(t.app, attacker);
    const result = await signInWith(attackerCookie, org.people.managerA!.email);
    const issued = tokenOf(result.headers.get("set-cookie")!);
    expect(issued).not.toBe(tokenOf(attackerCookie));
    expect((await validateSessionToken(t.app, tokenOf(attackerCookie)))!.personId).toBe(attacker.id);
    expect((await validateSessionToken(t.app, issued))!.personId).toBe(org.people.managerA!.id);
  });

  it("sign-out deletes the session row; the old cookie then gets the sign-in page; other sessions go on", async () => {
    const person = org.people.enablement!;
    const cookie = await sessionCookieFor(t.app, person);
    const other = await sessionCookieFor(t.app, person);
    expect(await sessionIds(person.id)).toContain(idOf(tokenOf(cookie)));
    const out = await callRoute(logout.action, { app: t.app, path: "/logout", method: "POST", cookie });
    expect(out.status).toBe(302);
    expect(out.location).toBe("/login");
    expect(out.headers.get("set-cookie")).toMatch(/^candor_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect(await sessionIds(person.id)).not.toContain(idOf(tokenOf(cookie)));
    expect(await sessionIds(person.id)).toContain(idOf(tokenOf(other)));
    const reuse = await callRoute(account.loader, { app: t.app, path: "/account", cookie });
    expect(reuse.status).toBe(302);
    expect(reuse.location).toBe("/login?redirectTo=%2Faccount");
    expect((await callRoute(account.loader, { app: t.app, path: "/account", cookie: other })).status).toBe(200);
    // Signing out again with the dead cookie is harmless and ends nothing else.
    expect((await callRoute(logout.action, { app: t.app, path: "/logout", method: "POST", cookie })).status).toBe(302);
    expect(await sessionIds(person.id)).toContain(idOf(tokenOf(other)));
  });
});
