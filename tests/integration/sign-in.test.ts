import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import * as account from "../../app/routes/account";
import * as login from "../../app/routes/login";
import * as people from "../../app/routes/admin.people";
import { SESSION_LIFETIME_MS, validateSessionToken } from "../../app/auth/session.server";
import { signIn } from "../../app/services/sign-in.server";
import { deactivatePerson } from "../../app/services/people.server";
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

const DAY = 24 * 60 * 60 * 1000;

describeWithDb("sign-in and sessions", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
  });

  const loginAs = (email: string, password: string, clientAddress = "198.51.100.1") =>
    callRoute(login.action, { app: t.app, path: "/login", method: "POST", form: { email, password, redirectTo: "/teams" }, clientAddress });

  it("signs in with the right password and sets a hardened cookie", async () => {
    const result = await loginAs(org.people.managerA!.email.toUpperCase(), TEST_PASSWORD);
    expect(result.status).toBe(302);
    expect(result.location).toBe("/teams");
    const cookie = result.headers.get("set-cookie")!;
    // Outside development (here NODE_ENV=test) the cookie is Secure too.
    expect(cookie).toMatch(/^candor_session=[a-z2-7]{24}\.[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Expires=.*; Max-Age=2592000; Secure$/);
  });

  it("answers a wrong password and an unknown email with the same words and status", async () => {
    const wrong = await loginAs(org.people.managerA!.email, "not the password", "198.51.100.2");
    const unknown = await loginAs(`nobody@${org.slug}.example`, "not the password", "198.51.100.3");
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrong.data).toEqual({ ...(unknown.data as object), email: org.people.managerA!.email });
    expect((wrong.data as { formError: string }).formError).toBe("That email and password do not match an account.");
  });

  it("answers the 11th failed sign-in for an account with 429 and a retry time, even with the right password", async () => {
    const email = org.people.managerB!.email;
    t.setNow("2026-05-01T10:00:00Z");
    for (let i = 1; i <= 10; i++) {
      const result = await loginAs(email, `wrong-${i}`, `192.0.2.${i}`);
      expect(result.status, `attempt ${i}`).toBe(400);
    }
    const eleventh = await loginAs(email, TEST_PASSWORD, "192.0.2.99");
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers.get("retry-after")).toBe("600");
    expect((eleventh.data as { formError: string }).formError).toMatch(/try again in 10 minutes \(at 10:10 UTC\)/);
    // Once the window has passed, the right password works again.
    t.setNow("2026-05-01T10:10:01Z");
    expect((await loginAs(email, TEST_PASSWORD, "192.0.2.99")).status).toBe(302);
  });

  it("also throttles one address trying many accounts", async () => {
    t.setNow("2026-05-02T10:00:00Z");
    for (let i = 1; i <= 10; i++) await loginAs(`guess${i}@${org.slug}.example`, "x", "203.0.113.200");
    const result = await loginAs(org.people.admin!.email, TEST_PASSWORD, "203.0.113.200");
    expect(result.status).toBe(429);
    expect((await loginAs(org.people.admin!.email, TEST_PASSWORD, "203.0.113.201")).status).toBe(302);
  });

  it("stores only a hash of the session secret, never the token", async () => {
    t.setNow("2026-05-03T10:00:00Z");
    const result = await signIn(t.app, { email: org.people.repA!.email, password: TEST_PASSWORD, address: null });
    if (!result.ok) throw new Error("sign-in failed");
    const [id, secret] = result.token.split(".");
    const row = await sql<Record<string, unknown>>`select * from session where id = ${id}`.execute(t.app.db).then((r) => r.rows[0]!);
    const dump = JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(result.token);
    expect(Buffer.from(row.secretHash as Uint8Array).length).toBe(32);
    const all = await sql<{ text: string }>`select string_agg(s::text, ' ') as text from session s`.execute(t.app.db);
    expect(all.rows[0]!.text).not.toContain(secret);
    // A token with the right id but a wrong secret is refused.
    expect(await validateSessionToken(t.app, `${id}.${"a".repeat(32)}`)).toBeNull();
    expect(await validateSessionToken(t.app, result.token)).toMatchObject({ email: org.people.repA!.email, renewed: false });
  });

  it("slides the expiry forward when under 15 days remain, and ends it after 30 days unused", async () => {
    t.setNow("2026-06-01T00:00:00Z");
    const result = await signIn(t.app, { email: org.people.repB!.email, password: TEST_PASSWORD, address: null });
    if (!result.ok) throw new Error("sign-in failed");
    t.setNow("2026-06-10T00:00:00Z");
    expect((await validateSessionToken(t.app, result.token))!.renewed).toBe(false);
    t.setNow("2026-06-20T00:00:00Z");
    const renewed = (await validateSessionToken(t.app, result.token))!;
    expect(renewed.renewed).toBe(true);
    expect(renewed.expiresAt.getTime()).toBe(new Date("2026-06-20T00:00:00Z").getTime() + SESSION_LIFETIME_MS);
    t.setNow(new Date(renewed.expiresAt.getTime() + DAY));
    expect(await validateSessionToken(t.app, result.token)).toBeNull();
    const left = await t.app.db.selectFrom("session").select("id").where("id", "=", result.token.split(".")[0]!).execute();
    expect(left).toEqual([]);
  });

  it("ends a deactivated person's sessions at once", async () => {
    t.setNow("2026-07-01T00:00:00Z");
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const rep = fresh.people.repA!;
    const before = await callRoute(account.loader, { app: t.app, path: "/account", cookie: rep.cookie });
    expect(before.status).toBe(200);
    const admin = await validateSessionToken(t.app, fresh.people.admin!.cookie.split("=")[1]!);
    await deactivatePerson(t.app, admin!, rep.id);
    const after = await callRoute(account.loader, { app: t.app, path: "/account", cookie: rep.cookie });
    expect(after.status).toBe(302);
    expect(after.location).toBe("/login?redirectTo=%2Faccount");
    expect((await loginAs(rep.email, TEST_PASSWORD, "198.51.100.77")).status).toBe(400);
  });

  it("changing the password ends every other session and keeps this browser signed in", async () => {
    t.setNow("2026-07-02T00:00:00Z");
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const admin = fresh.people.admin!;
    const other = await signIn(t.app, { email: admin.email, password: TEST_PASSWORD, address: null });
    if (!other.ok) throw new Error("sign-in failed");
    const result = await callRoute(account.action, {
      app: t.app,
      path: "/account",
      method: "POST",
      cookie: admin.cookie,
      form: { intent: "change-password", currentPassword: TEST_PASSWORD, newPassword: "a brand new password", confirm: "a brand new password" },
    });
    expect(result.status).toBe(200);
    const newCookie = result.headers.get("set-cookie")!.split(";")[0]!;
    expect(await validateSessionToken(t.app, other.token)).toBeNull();
    expect(await validateSessionToken(t.app, admin.cookie.split("=")[1]!)).toBeNull();
    expect((await callRoute(people.loader, { app: t.app, path: "/admin/people", cookie: newCookie })).status).toBe(200);
    const wrongCurrent = await callRoute(account.action, {
      app: t.app,
      path: "/account",
      method: "POST",
      cookie: newCookie,
      form: { intent: "change-password", currentPassword: "nope", newPassword: "another new password", confirm: "another new password" },
    });
    expect(wrongCurrent.status).toBe(400);
    expect((wrongCurrent.data as { fieldErrors: Record<string, string> }).fieldErrors.currentPassword).toBe("This is not your current password");
  });

  it("signs out everywhere", async () => {
    t.setNow("2026-07-03T00:00:00Z");
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const person = fresh.people.enablement!;
    const second = await signIn(t.app, { email: person.email, password: TEST_PASSWORD, address: null });
    if (!second.ok) throw new Error("sign-in failed");
    const result = await callRoute(account.action, { app: t.app, path: "/account", method: "POST", cookie: person.cookie, form: { intent: "sign-out-everywhere" } });
    expect(result.status).toBe(302);
    expect(result.headers.get("set-cookie")).toMatch(/candor_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect(await validateSessionToken(t.app, second.token)).toBeNull();
    expect(await validateSessionToken(t.app, person.cookie.split("=")[1]!)).toBeNull();
  });
});
