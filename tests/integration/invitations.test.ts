import { beforeAll, expect, it } from "vitest";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import * as forgot from "../../app/routes/forgot-password";
import * as invite from "../../app/routes/invite.$token";
import * as people from "../../app/routes/admin.people";
import * as reset from "../../app/routes/reset-password.$token";
import { validateSessionToken } from "../../app/auth/session.server";
import { signIn } from "../../app/services/sign-in.server";
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { linkIn } from "../support/smtp";
import { describeWithDb } from "../support/test-db";

const tokenOf = (link: string) => link.split("/").pop()!;

describeWithDb("invitations and password reset", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
  });

  it("invites a rep by email; the single-use link sets a password and signs them in", async () => {
    t.setNow("2026-03-01T09:00:00Z");
    const email = `new.rep@${org.slug}.example`;
    const invited = await callRoute(people.action, {
      app: t.app,
      path: "/admin/people",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { email, name: "New Rep", role: "rep", teamId: org.teams.a! },
    });
    expect(invited.status).toBe(200);
    const mail = await t.mailbox.waitFor(email);
    expect(mail.subject).toBe(`You're invited to Candor at Org ${org.slug}`);
    expect(mail.text).toContain("nobody, including your manager and the administrators, can see what you answered");
    const link = linkIn(mail);
    expect(link).toMatch(/^http:\/\/candor\.test\/invite\/[a-z2-7]{24}\.[a-z2-7]{32}$/);

    // The token is not in the database in clear.
    const rows = await t.app.db.selectFrom("authToken").selectAll().execute();
    expect(JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v))).not.toContain(tokenOf(link).split(".")[1]);

    const page = await callRoute(invite.loader, { app: t.app, path: `/invite/${tokenOf(link)}`, params: { token: tokenOf(link) } });
    expect(page.data).toEqual({ ok: true, name: "New Rep", email, organisationName: `Org ${org.slug}` });

    const mismatch = await callRoute(invite.action, {
      app: t.app,
      path: "/invite/x",
      method: "POST",
      params: { token: tokenOf(link) },
      form: { password: "long enough password", confirm: "different password!" },
    });
    expect(mismatch.status).toBe(400);
    expect((mismatch.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({ confirm: "The two passwords do not match" });

    const set = await callRoute(invite.action, {
      app: t.app,
      path: "/invite/x",
      method: "POST",
      params: { token: tokenOf(link) },
      form: { password: "my new password", confirm: "my new password" },
    });
    expect(set.status).toBe(302);
    const cookie = set.headers.get("set-cookie")!.split(";")[0]!.split("=")[1]!;
    expect(await validateSessionToken(t.app, cookie)).toMatchObject({ email, role: "rep" });

    const again = await callRoute(invite.action, {
      app: t.app,
      path: "/invite/x",
      method: "POST",
      params: { token: tokenOf(link) },
      form: { password: "another password!", confirm: "another password!" },
    });
    expect(again.status).toBe(400);
    expect(sayInEnglish((again.data as { formError: string }).formError)).toBe("This link has already been used. Sign in, or ask for a new link.");
    expect((await signIn(t.app, { email, password: "my new password", address: null })).ok).toBe(true);
  });

  it("refuses an invitation link after 7 days", async () => {
    t.setNow("2026-03-10T09:00:00Z");
    const email = `late@${org.slug}.example`;
    await callRoute(people.action, {
      app: t.app,
      path: "/admin/people",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { email, name: "Late Larry", role: "enablement", teamId: "" },
    });
    const link = linkIn(await t.mailbox.waitFor(email));
    t.setNow("2026-03-17T09:00:01Z");
    const page = await callRoute(invite.loader, { app: t.app, path: "/invite/x", params: { token: tokenOf(link) } });
    expect(page.data).toMatchObject({ ok: false });
    expect(sayInEnglish((page.data as { problem: string }).problem)).toBe("This link has expired (links last 7 days). Ask for a new one.");
    const set = await callRoute(invite.action, {
      app: t.app,
      path: "/invite/x",
      method: "POST",
      params: { token: tokenOf(link) },
      form: { password: "my new password", confirm: "my new password" },
    });
    expect(set.status).toBe(400);
  });

  it("refuses to invite an email that already has an account, with the field named", async () => {
    const result = await callRoute(people.action, {
      app: t.app,
      path: "/admin/people",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { email: org.people.repA!.email.toUpperCase(), name: "Dup", role: "rep", teamId: org.teams.a! },
    });
    expect(result.status).toBe(400);
    const { fieldErrors } = result.data as { fieldErrors: Record<string, string> };
    expect(Object.keys(fieldErrors)).toEqual(["email"]);
    expect(sayInEnglish(fieldErrors.email!)).toBe("Already has an account");
  });

  it("resets a password by emailed link without revealing whether the email exists", async () => {
    t.setNow("2026-04-01T09:00:00Z");
    const before = t.mailbox.messages.length;
    const unknown = await callRoute(forgot.action, { app: t.app, path: "/forgot-password", method: "POST", form: { email: `ghost@${org.slug}.example` } });
    const known = await callRoute(forgot.action, { app: t.app, path: "/forgot-password", method: "POST", form: { email: org.people.managerA!.email } });
    expect(unknown).toMatchObject({ status: 200 });
    expect(known.status).toBe(unknown.status);
    expect(known.data).toEqual(unknown.data);
    const mail = await t.mailbox.waitFor(org.people.managerA!.email);
    expect(t.mailbox.messages.length).toBe(before + 1);
    expect(mail.subject).toBe("Reset your Candor password");
    const token = tokenOf(linkIn(mail));

    const set = await callRoute(reset.action, {
      app: t.app,
      path: "/reset-password/x",
      method: "POST",
      params: { token },
      form: { password: "fresh password 123", confirm: "fresh password 123" },
    });
    expect(set.status).toBe(302);
    // The old session died with the password change; the old password no longer works.
    expect(await validateSessionToken(t.app, org.people.managerA!.cookie.split("=")[1]!)).toBeNull();
    expect((await signIn(t.app, { email: org.people.managerA!.email, password: TEST_PASSWORD, address: null })).ok).toBe(false);
    expect((await signIn(t.app, { email: org.people.managerA!.email, password: "fresh password 123", address: null })).ok).toBe(true);
    // An invitation link cannot be used as a reset link and vice versa.
    const asInvite = await callRoute(invite.loader, { app: t.app, path: "/invite/x", params: { token } });
    expect(asInvite.data).toMatchObject({ ok: false });
  });
});
