import { sql } from "kysely";
import { SSO_PROBLEMS } from "../../app/domain/sso";
import { said } from "../../app/i18n/said";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { beforeAll, expect, it } from "vitest";
import * as login from "../../app/routes/login";
import * as adminSso from "../../app/routes/admin.sso";
import { validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { completeSsoSignIn, oidcClientSecret, reportSsoTest, saveSsoConnection, removeSsoConnection, saveSsoPolicy, ssoOptionsForEmail } from "../../app/services/sso.server";
import { describeLink, requestPasswordReset, signIn } from "../../app/services/sign-in.server";
import { deactivatePerson } from "../../app/services/people.server";
import { erasePerson } from "../../app/services/erasure.server";
import { issueAuthToken } from "../../app/auth/tokens.server";
import { findSsoConnection } from "../../db/queries/sso";
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// What Candor decides once an identity provider has vouched for someone (ADR 042), whatever the protocol:
// the OpenID Connect and SAML flows are tested end to end with real providers in their own files; here the
// one service they both hand their checked answer to, the password rules when SSO is required, and the
// login page's company sign-in.

describeWithDb("SSO sign-in rules", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let admin: SessionUser;
  let otherAdmin: SessionUser;
  let connectionId: string;
  const domainOf = (o: TestOrganisation) => `${o.slug}.example`;
  const userOf = async (cookie: string) => (await validateSessionToken(t.app, cookie.split("=")[1]!))!;
  const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.app.db)).rows[0]!.n);
  const claims = (email: string | null, subject = `sub-${email}`, emailVerified = true) => ({ subject, email, emailVerified, name: null });

  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    admin = await userOf(org.people.admin!.cookie);
    otherAdmin = await userOf(other.people.admin!.cookie);
    connectionId = await saveSsoConnection(t.app, admin, null, {
      kind: "oidc",
      name: "Okta",
      emailDomains: [domainOf(org)],
      enabled: true,
      oidc: { issuer: "https://example.okta.com", clientId: "candor", clientSecret: "s3cret-value-for-the-test" },
    });
  });

  it("keeps the client secret sealed: the column holds no plain secret, and it opens only for its own row", async () => {
    const row = (await findSsoConnection(t.app.db, org.id, connectionId))!;
    expect(Buffer.from(row.oidcClientSecretSealed!).toString("latin1")).not.toContain("s3cret");
    expect(oidcClientSecret(t.app, row)).toBe("s3cret-value-for-the-test");
    expect(() => oidcClientSecret(t.app, { ...row, id: crypto.randomUUID() })).toThrow();
    const audit = await sql<{ after: unknown }>`select after from audit_entry where action = 'sso.connection-create' and target_id = ${connectionId}`.execute(t.app.db);
    expect(JSON.stringify(audit.rows)).not.toContain("s3cret");
    expect(audit.rows[0]!.after).toMatchObject({ name: "Okta", emailDomains: [domainOf(org)], clientSecret: "changed" });
  });

  it("refuses a new OIDC provider without a secret, and a domain another organisation signs in with", async () => {
    await expect(
      saveSsoConnection(t.app, admin, null, { kind: "oidc", name: "X", emailDomains: ["x.example"], enabled: false, oidc: { issuer: "https://x.example", clientId: "c" } }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { clientSecret: said("adminSso.enterSecret") } });
    const before = await count("sso_connection");
    await expect(
      saveSsoConnection(t.app, otherAdmin, null, {
        kind: "saml",
        name: "Phish",
        emailDomains: [domainOf(org)],
        enabled: true,
        saml: { idpEntityId: "x", idpSsoUrl: "https://x.example/sso", idpCertificates: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----" },
      }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { emailDomains: said("adminSso.domainClaimedField") } });
    expect(await count("sso_connection")).toBe(before);
    // Another organisation's connection is not found by id.
    await expect(removeSsoConnection(t.app, otherAdmin, connectionId)).rejects.toMatchObject({ kind: "not-found" });
  });

  it("adds one provider when the add form is sent twice with its key, even at the same moment", async () => {
    const before = await count("sso_connection");
    const submissionKey = crypto.randomUUID();
    const input = {
      kind: "oidc" as const,
      name: "Twice",
      emailDomains: [`twice-${org.slug}.example`],
      enabled: false,
      submissionKey,
      oidc: { issuer: "https://twice.example", clientId: "c", clientSecret: "x" },
    };
    const [a, b] = await Promise.all([saveSsoConnection(t.app, admin, null, input), saveSsoConnection(t.app, admin, null, input)]);
    const c = await saveSsoConnection(t.app, admin, null, input);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(await count("sso_connection")).toBe(before + 1);
    await removeSsoConnection(t.app, admin, a);
  });

  it("offers the provider that covers an email's domain on the login page, and says so when none does", async () => {
    expect(await ssoOptionsForEmail(t.app, `someone@${domainOf(org).toUpperCase()}`)).toEqual([
      { connectionId, kind: "oidc", name: "Okta", organisationName: `Org ${org.slug}`, startPath: `/sso/oidc/${connectionId}/start` },
    ]);
    // Sent by the page's script: straight on to the one provider.
    const go = await callRoute(login.action, {
      app: t.app,
      path: "/login",
      method: "POST",
      form: { intent: "sso", email: org.people.repA!.email, redirectTo: "/teams" },
      headers: { "Sec-Fetch-Mode": "cors" },
    });
    expect(go.status).toBe(302);
    expect(go.location).toBe(`/sso/oidc/${connectionId}/start?redirectTo=%2Fteams`);
    // Sent by the browser itself (no JavaScript): the provider's button, a plain link.
    const plain = await callRoute(login.action, { app: t.app, path: "/login", method: "POST", form: { intent: "sso", email: org.people.repA!.email } });
    expect(plain.status).toBe(200);
    expect((plain.data as { sso: Array<{ startPath: string }> }).sso.map((o) => o.startPath)).toEqual([`/sso/oidc/${connectionId}/start`]);
    const none = await callRoute(login.action, { app: t.app, path: "/login", method: "POST", form: { intent: "sso", email: "ana@nowhere.example" } });
    expect(none.status).toBe(400);
    expect((none.data as { formError: string }).formError).toBe("No company sign-in is set up for nowhere.example. Sign in with your password, or ask your Candor administrator.");
    const bad = await callRoute(login.action, { app: t.app, path: "/login", method: "POST", form: { intent: "sso", email: "not an email" } });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.email).toBe("Enter an email address like ana@example.com");
  });

  it("signs in an existing person by verified email, ties the provider account, then finds them by it", async () => {
    const rep = org.people.repA!;
    const first = await completeSsoSignIn(t.app, connectionId, claims(rep.email.toUpperCase(), "okta-rep-a"));
    expect(first).toMatchObject({ ok: true, personId: rep.id, created: false });
    if (!first.ok) return;
    expect(await validateSessionToken(t.app, first.token)).toMatchObject({ personId: rep.id, organisationId: org.id });
    const tie = await sql<{ subject: string }>`select subject from sso_identity where person_id = ${rep.id}`.execute(t.app.db);
    expect(tie.rows).toEqual([{ subject: "okta-rep-a" }]);
    const link = await sql<{ source: string }>`select source from audit_entry where action = 'person.sso-link' and target_id = ${rep.id}`.execute(t.app.db);
    expect(link.rows).toEqual([{ source: "sso" }]);
    // Later the subject decides, even if the provider now sends another email.
    expect(await completeSsoSignIn(t.app, connectionId, claims("renamed@elsewhere.example", "okta-rep-a"))).toMatchObject({ ok: true, personId: rep.id });
    // Another provider account with the same email does not take the account over.
    expect(await completeSsoSignIn(t.app, connectionId, claims(rep.email, "okta-someone-else"))).toMatchObject({ ok: false, problem: "linked-elsewhere" });
  });

  it("refuses without changing anything: no email, unverified email, a domain outside the list, no account, a deactivated person", async () => {
    await deactivatePerson(t.app, admin, org.people.managerB!.id);
    const people = await count("person");
    const sessions = await count("session");
    const ties = await count("sso_identity");
    expect(await completeSsoSignIn(t.app, connectionId, claims(null, "no-email"))).toMatchObject({ ok: false, problem: "no-email" });
    expect(await completeSsoSignIn(t.app, connectionId, claims(org.people.repB!.email, "unverified", false))).toMatchObject({ ok: false, problem: "email-not-verified" });
    expect(await completeSsoSignIn(t.app, connectionId, claims(other.people.repA!.email, "other-domain"))).toMatchObject({ ok: false, problem: "domain-not-allowed" });
    const missing = await completeSsoSignIn(t.app, connectionId, claims(`new-hire@${domainOf(org)}`, "new-hire"));
    expect(missing).toEqual({ ok: false, problem: "no-account", message: SSO_PROBLEMS["no-account"] });
    expect(await completeSsoSignIn(t.app, connectionId, claims(org.people.managerB!.email, "gone"))).toMatchObject({ ok: false, problem: "deactivated" });
    expect([await count("person"), await count("session"), await count("sso_identity")]).toEqual([people, sessions, ties]);
  });

  it("never signs in another organisation's person: a connection only finds its own organisation's people", async () => {
    // The other organisation claims a domain nobody else uses, then a provider vouches for an address of this
    // organisation's people: the domain does not match, and even a matching one would look only in its own people.
    const otherConnection = await saveSsoConnection(t.app, otherAdmin, null, {
      kind: "oidc",
      name: "Other",
      emailDomains: [`${other.slug}.example`],
      enabled: true,
      oidc: { issuer: "https://other.example", clientId: "c", clientSecret: "x" },
    });
    const result = await completeSsoSignIn(t.app, otherConnection, claims(org.people.admin!.email, "cross"));
    expect(result).toMatchObject({ ok: false, problem: "domain-not-allowed" });
  });

  it("makes an account at first sign-in only when the organisation allows it: a rep in no team, audited", async () => {
    await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: true, ssoBreakGlassPersonId: null });
    const email = `jit-${Date.now()}@${domainOf(org)}`;
    const made = await completeSsoSignIn(t.app, connectionId, { subject: "jit-1", email, emailVerified: true, name: "Jo Newhire" });
    expect(made).toMatchObject({ ok: true, created: true });
    if (!made.ok) return;
    const person = await sql<{ role: string; name: string; teams: string }>`
      select p.role, p.name, (select count(*) from team_membership m where m.person_id = p.id) as teams from person p where p.id = ${made.personId}`.execute(t.app.db);
    expect(person.rows[0]).toMatchObject({ role: "rep", name: "Jo Newhire" });
    expect(Number(person.rows[0]!.teams)).toBe(0);
    const audit = await sql<{
      source: string;
      actorId: string;
    }>`select source, actor_id from audit_entry where action = 'person.sso-create' and target_id = ${made.personId}`.execute(t.app.db);
    expect(audit.rows).toEqual([{ source: "sso", actorId: made.personId }]);
    await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: false, ssoBreakGlassPersonId: null });
  });

  it("reports the admin's test without signing anyone in, and marks the provider tested", async () => {
    const sessions = await count("session");
    const ties = await count("sso_identity");
    const report = await reportSsoTest(t.app, admin, connectionId, claims(org.people.enablement!.email, "test-sub"), [{ name: "email", value: org.people.enablement!.email }]);
    expect({ ...report, outcome: sayInEnglish(report.outcome) }).toEqual({
      connectionName: "Okta",
      claims: [{ name: "email", value: org.people.enablement!.email }],
      outcome: `This would sign in Eno Enablement (${org.people.enablement!.email}), found by their email address.`,
      ok: true,
    });
    expect([await count("session"), await count("sso_identity")]).toEqual([sessions, ties]);
    expect((await findSsoConnection(t.app.db, org.id, connectionId))!.lastTestedAt).not.toBeNull();
  });

  it("requires SSO only with a tested provider and a break-glass admin; then passwords are refused except theirs", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const freshAdmin = await userOf(fresh.people.admin!.cookie);
    await expect(saveSsoPolicy(t.app, freshAdmin, { ssoRequired: true, ssoCreateAccounts: false, ssoBreakGlassPersonId: fresh.people.admin!.id })).rejects.toMatchObject({
      fieldErrors: { ssoRequired: said("adminSso.noneOn") },
    });
    await expect(saveSsoPolicy(t.app, admin, { ssoRequired: true, ssoCreateAccounts: false, ssoBreakGlassPersonId: null })).rejects.toMatchObject({
      fieldErrors: { ssoBreakGlassPersonId: said("adminSso.pickBreakGlass") },
    });
    await expect(saveSsoPolicy(t.app, admin, { ssoRequired: true, ssoCreateAccounts: false, ssoBreakGlassPersonId: org.people.repA!.id })).rejects.toMatchObject({
      fieldErrors: { ssoBreakGlassPersonId: said("adminSso.pickActiveAdmin") },
    });
    // Through the page, as an admin sends it.
    const saved = await callRoute(adminSso.action, {
      app: t.app,
      path: "/admin/sso",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "policy", ssoRequired: "on", ssoBreakGlassPersonId: org.people.admin!.id },
    });
    expect(saved.status).toBe(200);

    const rep = await signIn(t.app, { email: org.people.director!.email, password: TEST_PASSWORD, address: null });
    expect(rep).toEqual({ ok: false, reason: "sso-required", options: [expect.objectContaining({ connectionId, name: "Okta", startPath: `/sso/oidc/${connectionId}/start` })] });
    const page = await callRoute(login.action, { app: t.app, path: "/login", method: "POST", form: { email: org.people.director!.email, password: TEST_PASSWORD } });
    expect(page.status).toBe(403);
    expect(page.headers.get("set-cookie")).toBeNull();
    // A wrong password still says only that it is wrong: the SSO rule is told only to someone who knows the password.
    const wrong = await callRoute(login.action, { app: t.app, path: "/login", method: "POST", form: { email: org.people.director!.email, password: "nope" } });
    expect(wrong.status).toBe(400);
    expect(await signIn(t.app, { email: org.people.admin!.email, password: TEST_PASSWORD, address: null })).toMatchObject({ ok: true });

    // No reset link and no set-password link for someone who signs in through the provider.
    await requestPasswordReset(t.app, org.people.director!.email, null);
    const mail = await t.mailbox.waitFor(org.people.director!.email);
    expect(mail.subject).toBe("Signing in to Candor");
    expect(mail.text).not.toContain("/reset-password/");
    const token = await issueAuthToken(t.app, { id: org.people.director!.id, organisationId: org.id }, "invitation");
    const link = await describeLink(t.app, token, "invitation");
    expect(link.ok === false && sayInEnglish(link.problem)).toContain("no password to set");

    // The last switched-on provider cannot be removed while SSO is required.
    await expect(removeSsoConnection(t.app, admin, connectionId)).rejects.toMatchObject({ kind: "conflict" });
    await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: false, ssoBreakGlassPersonId: org.people.admin!.id });
    expect(await signIn(t.app, { email: org.people.director!.email, password: TEST_PASSWORD, address: null })).toMatchObject({ ok: true });
    const entries = await sql<{ after: unknown }>`select after from audit_entry where action = 'sso.policy-change' and organisation_id = ${org.id} order by seq`.execute(t.app.db);
    expect(entries.rows.map((r) => r.after)).toContainEqual(expect.objectContaining({ ssoRequired: true, personId: org.people.admin!.id }));
  });

  it("erasing a person removes their ties to provider accounts", async () => {
    const rep = org.people.repA!;
    expect(Number((await sql<{ n: string }>`select count(*) as n from sso_identity where person_id = ${rep.id}`.execute(t.app.db)).rows[0]!.n)).toBe(1);
    const { removed } = await erasePerson(t.app, admin, rep.id, { confirmation: rep.email });
    expect(removed.ssoAccounts).toBe(1);
    expect(Number((await sql<{ n: string }>`select count(*) as n from sso_identity where person_id = ${rep.id}`.execute(t.app.db)).rows[0]!.n)).toBe(0);
    // The provider account that was theirs no longer opens anything.
    expect(await completeSsoSignIn(t.app, connectionId, claims(rep.email, "okta-rep-a"))).toMatchObject({ ok: false });
  });
});
