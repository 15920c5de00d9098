import { beforeAll, expect, it } from "vitest";
import * as forgot from "../../app/routes/forgot-password";
import { MAX_FAILURES, RESET_MAX_PER_ADDRESS, RESET_MAX_PER_EMAIL } from "../../app/auth/throttle.server";
import { signIn, type SignInResult } from "../../app/services/sign-in.server";
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 23: the sign-in throttle checked, then recorded, so 30 wrong passwords sent at once for one account
// got 15 password checks, not 10; and password resets had no limit (an inbox could be flooded). Every
// attempt that is not refused as throttled has its password checked (or a dummy hash, for an unknown
// email): the number of "invalid" answers is the number of password checks.

describeWithDb("sign-in and reset throttles", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
  });

  const tally = (results: SignInResult[]) => {
    const counts: Record<string, number> = {};
    for (const r of results) {
      const key = r.ok ? "signed-in" : r.reason;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  it("30 wrong passwords at once for one account: exactly 10 password checks, 20 refused, 10 failures recorded", async () => {
    t.setNow("2026-06-01T09:00:00Z");
    const email = org.people.managerA!.email;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(t.app, { email, password: `wrong-${i}`, address: `192.0.2.${i + 1}` })));
    expect(tally(results)).toEqual({ invalid: MAX_FAILURES, throttled: 30 - MAX_FAILURES });
    const throttled = results.find((r) => !r.ok && r.reason === "throttled") as { retryAt: Date };
    expect(throttled.retryAt.toISOString()).toBe("2026-06-01T09:10:00.000Z");
    // The right password is refused too until the window has passed, then works.
    expect(tally([await signIn(t.app, { email, password: TEST_PASSWORD, address: "192.0.2.200" })])).toEqual({ throttled: 1 });
    t.setNow("2026-06-01T09:10:01Z");
    expect(tally([await signIn(t.app, { email, password: TEST_PASSWORD, address: "192.0.2.200" })])).toEqual({ "signed-in": 1 });
  });

  it("30 attempts at once from one address on 30 emails: exactly 10 password checks", async () => {
    t.setNow("2026-06-02T09:00:00Z");
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(t.app, { email: `guess-${i}@${org.slug}.example`, password: "x", address: "203.0.113.50" })));
    expect(tally(results)).toEqual({ invalid: MAX_FAILURES, throttled: 30 - MAX_FAILURES });
  });

  it("right passwords do not lock anyone out: each gives its place back once checked", async () => {
    t.setNow("2026-06-03T09:00:00Z");
    const email = org.people.managerB!.email;
    // Up to the limit at once (an attempt holds its place while its password is checked)…
    const results = await Promise.all(Array.from({ length: MAX_FAILURES }, () => signIn(t.app, { email, password: TEST_PASSWORD, address: "198.51.100.77" })));
    expect(tally(results)).toEqual({ "signed-in": MAX_FAILURES });
    // …and as many more after them as anyone likes: nothing of theirs is left counted.
    for (let i = 0; i < MAX_FAILURES; i++) expect(tally([await signIn(t.app, { email, password: TEST_PASSWORD, address: "198.51.100.77" })])).toEqual({ "signed-in": 1 });
    expect(await t.app.db.selectFrom("loginFailure").select("id").where("failedAt", ">=", new Date("2026-06-03T09:00:00Z")).execute()).toEqual([]);
  });

  const requestReset = (email: string, clientAddress: string) => callRoute(forgot.action, { app: t.app, path: "/forgot-password", method: "POST", form: { email }, clientAddress });
  const resetLinksOf = async (personId: string) =>
    (await t.app.db.selectFrom("authToken").select("id").where("personId", "=", personId).where("purpose", "=", "password_reset").execute()).length;

  it("password resets: 5 an hour per email, the same answers for an account and for no account", async () => {
    t.setNow("2026-06-04T09:00:00Z");
    const person = org.people.repA!;
    const ghost = `ghost@${org.slug}.example`;
    for (let i = 1; i <= RESET_MAX_PER_EMAIL; i++) {
      const [known, unknown] = [await requestReset(person.email, `198.51.100.${i}`), await requestReset(ghost, `198.51.100.${i}`)];
      expect([known.status, unknown.status], `request ${i}`).toEqual([200, 200]);
      expect(known.data).toEqual(unknown.data);
    }
    expect(await resetLinksOf(person.id)).toBe(RESET_MAX_PER_EMAIL);
    const known = await requestReset(person.email, "198.51.100.99");
    const unknown = await requestReset(ghost, "198.51.100.99");
    expect([known.status, unknown.status]).toEqual([429, 429]);
    expect(known.data).toEqual(unknown.data);
    expect(known.headers.get("retry-after")).toBe("3600");
    expect((known.data as { formError: string }).formError).toBe(
      "Too many reset requests for this email or from your network. Try again in 60 minutes (at 10:00 UTC); a link sent earlier still works.",
    );
    expect(await resetLinksOf(person.id)).toBe(RESET_MAX_PER_EMAIL);
    // An hour after the first, the email may ask again.
    t.setNow("2026-06-04T10:00:01Z");
    expect((await requestReset(person.email, "198.51.100.99")).status).toBe(200);
    expect(await resetLinksOf(person.id)).toBe(RESET_MAX_PER_EMAIL + 1);
  });

  it("password resets sent at once: no more links than the limit", async () => {
    t.setNow("2026-06-05T09:00:00Z");
    const person = org.people.repB!;
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => requestReset(person.email, `203.0.113.${i + 1}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(RESET_MAX_PER_EMAIL);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15 - RESET_MAX_PER_EMAIL);
    expect(await resetLinksOf(person.id)).toBe(RESET_MAX_PER_EMAIL);
  });

  it("password resets: 20 an hour from one address, whatever the emails", async () => {
    t.setNow("2026-06-06T09:00:00Z");
    for (let i = 1; i <= RESET_MAX_PER_ADDRESS; i++) expect((await requestReset(`someone-${i}@${org.slug}.example`, "192.0.2.250")).status, `request ${i}`).toBe(200);
    expect((await requestReset(org.people.admin!.email, "192.0.2.250")).status).toBe(429);
    expect((await requestReset(org.people.admin!.email, "192.0.2.251")).status).toBe(200);
  });
});
