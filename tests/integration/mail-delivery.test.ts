import { beforeAll, expect, it } from "vitest";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { said } from "../../app/i18n/said";
import type { SessionUser } from "../../app/auth/session.server";
import * as deliveriesPage from "../../app/routes/admin.deliveries";
import { getDeliveryReport, resendDelivery } from "../../app/services/mail-delivery.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { getHome } from "../../app/services/home.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { createOpenWave, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 22 (admins see delivery failures): each email a wave sends is sent on its own, its outcome kept; a
// bounce stops nobody else's mail, a failed email is retried and then shown to admins, and a send that
// stopped part-way resumes without mailing anyone twice. Real SMTP listener; it refuses addresses as a real
// server does (550 at RCPT TO, or 451 for "try later").

const OPENS = "2026-09-07T08:00:00Z";
const at = (minutes: number) => new Date(new Date(OPENS).getTime() + minutes * 60_000).toISOString();

describeWithDb("email delivery", (t) => {
  let org: TestOrganisation;
  let admin: SessionUser;
  let waveId: string;
  let audience: string[];

  const invitations = (email: string) => t.mailbox.to(email).filter((m) => m.subject.startsWith("Your team pulse is open"));
  const rows = (purpose: string) =>
    t.app.db
      .selectFrom("mailDelivery")
      .select(["id", "personId", "status", "attempts", "lastError", "day"])
      .where("waveId", "=", waveId)
      .where("purpose", "=", purpose as never)
      .orderBy("id")
      .execute();

  beforeAll(async () => {
    t.setNow(OPENS);
    org = await createTestOrganisation(t.app, { reps: 3 });
    admin = await userOf(t.app, org.people.admin!);
    // The first address in the audience's order bounces: before, the first failure stopped the whole send.
    t.mailbox.refuse(org.people.repA!.email);
    // Another one is only busy for now.
    t.mailbox.refuse(`rep-b3@${org.slug}.example`, 451);
    ({ waveId } = await createOpenWave(t.app, org, { reminderDays: [2] }));
    audience = (
      await t.app.db.selectFrom("waveAudience").innerJoin("person", "person.id", "waveAudience.personId").select("person.email").where("waveId", "=", waveId).execute()
    ).map((r) => r.email);
  });

  it("sends each invitation on its own: a bounced address stops nobody else's mail", async () => {
    expect(audience).toHaveLength(9);
    const refused = [org.people.repA!.email, `rep-b3@${org.slug}.example`];
    for (const email of audience) if (!refused.includes(email)) await t.mailbox.waitFor(email, 1);
    for (const email of audience) expect(invitations(email), email).toHaveLength(refused.includes(email) ? 0 : 1);
    const pulse = await rows("pulse-invitation");
    expect(pulse).toHaveLength(9);
    expect(pulse.filter((r) => r.status === "sent")).toHaveLength(7);
    const failed = pulse.filter((r) => r.status === "failed");
    expect(failed.map((r) => r.attempts)).toEqual([1, 1]);
    expect(failed.map((r) => r.lastError).sort()).toEqual([expect.stringMatching(/451 4\.3\.0 Mailbox busy/), expect.stringMatching(/550 5\.1\.1 <rep-a1@.*User unknown/)]);
    // The managers' self-assessment invitations went out too, each recorded with its manager.
    expect((await rows("self-assessment-invitation")).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("tries a failed email again after 10 and 20 minutes, never mails anyone twice, then leaves it to an admin", async () => {
    t.setNow(at(5));
    expect((await runScheduledWork(t.app)).delivered).toEqual({ sent: 0, failed: 0, interrupted: 0 });
    // The busy mailbox takes mail again; the bounced one does not.
    t.mailbox.accept(`rep-b3@${org.slug}.example`);
    t.setNow(at(11));
    expect((await runScheduledWork(t.app)).delivered).toEqual({ sent: 1, failed: 1, interrupted: 0 });
    await t.mailbox.waitFor(`rep-b3@${org.slug}.example`, 1);
    t.setNow(at(25));
    expect((await runScheduledWork(t.app)).delivered).toEqual({ sent: 0, failed: 0, interrupted: 0 });
    t.setNow(at(32));
    expect((await runScheduledWork(t.app)).delivered).toEqual({ sent: 0, failed: 1, interrupted: 0 });
    // Three tries used: the scheduler stops.
    t.setNow(at(120));
    expect((await runScheduledWork(t.app)).delivered).toEqual({ sent: 0, failed: 0, interrupted: 0 });
    for (const email of audience) expect(invitations(email), email).toHaveLength(email === org.people.repA!.email ? 0 : 1);

    // The admin sees it, on the home page and on the delivery page, with what the server said.
    const home = (await getHome(t.app, admin)).admin!;
    expect(home.mail).toEqual({ sent: 11, failed: 1, days: 30 });
    const mailCheck = home.checks.find((c) => c.key === "mail")!;
    expect({ ...mailCheck, summary: sayInEnglish(mailCheck.summary) }).toMatchObject({
      status: "problem",
      summary: "1 email of the last 30 days was not delivered (11 delivered): those people may not know a pulse is open.",
      href: "/admin/deliveries",
    });
    const report = await getDeliveryReport(t.app, admin);
    expect(report.failures).toEqual([
      expect.objectContaining({
        what: "Pulse invitation",
        to: { name: "Rep A1", email: org.people.repA!.email, teamName: "Team A" },
        attempts: 3,
        error: expect.stringMatching(/^Can't send mail - all recipients were rejected: 550/),
        retrying: false,
        canResend: true,
      }),
    ]);
    // Fixed on the admin's side (the address works again): "send again" sends it at once.
    t.mailbox.accept(org.people.repA!.email);
    const sent = await callRoute(deliveriesPage.action, {
      app: t.app,
      path: "/admin/deliveries",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { id: report.failures[0]!.id },
    });
    expect(sent).toMatchObject({ status: 200, data: { sent: true } });
    await t.mailbox.waitFor(org.people.repA!.email, 1);
    expect(invitations(org.people.repA!.email)).toHaveLength(1);
    // Sending it again once it went is a no-op, not a second mail.
    expect(await resendDelivery(t.app, admin, report.failures[0]!.id)).toEqual({ sent: true });
    expect(invitations(org.people.repA!.email)).toHaveLength(1);
    expect((await getDeliveryReport(t.app, admin)).failures).toEqual([]);
  });

  it("reports an email a stopped server left half-sent, and sends it only when an admin asks", async () => {
    // What a process killed between claiming an email and recording its outcome leaves behind.
    const [one] = await rows("self-assessment-invitation");
    await t.app.db
      .updateTable("mailDelivery")
      .set({ status: "sending", updatedAt: new Date(at(110)) })
      .where("id", "=", one!.id)
      .execute();
    t.setNow(at(115));
    expect((await runScheduledWork(t.app)).delivered).toEqual({ sent: 0, failed: 0, interrupted: 0 });
    t.setNow(at(121));
    expect((await runScheduledWork(t.app)).delivered).toEqual({ sent: 0, failed: 0, interrupted: 1 });
    const report = await getDeliveryReport(t.app, admin);
    expect(report.failures).toEqual([
      expect.objectContaining({
        id: one!.id,
        what: "Self-assessment invitation",
        error: said("adminDeliveries.failure.stoppedEmail"),
        canResend: true,
        retrying: false,
      }),
    ]);
    expect(sayInEnglish(report.failures[0]!.error!)).toBe("The server stopped while sending this email: it may not have gone out.");
    const before = t.mailbox.messages.length;
    expect(await resendDelivery(t.app, admin, one!.id)).toEqual({ sent: true });
    expect(t.mailbox.messages.length).toBe(before + 1);
  });

  it("sends each pulse reminder on its own and records it without its recipient", async () => {
    t.mailbox.refuse(`rep-a2@${org.slug}.example`);
    t.setNow(at(2 * 24 * 60 + 1));
    const report = await runScheduledWork(t.app);
    expect(report.reminded).toEqual([{ waveId, day: 2, sent: 8 }]);
    const reminders = await rows("pulse-reminder");
    expect(reminders).toHaveLength(9);
    expect(reminders.every((r) => r.personId === null && r.day === 2)).toBe(true);
    const failed = reminders.filter((r) => r.status === "failed");
    expect(failed).toHaveLength(1);
    // What the server said, without the address: the record must not say who had not answered.
    expect(failed[0]!.lastError).toMatch(/550 5\.1\.1 <\(an address\)>: Recipient address rejected/);
    expect(failed[0]!.lastError).not.toContain("rep-a2");
    const page = await getDeliveryReport(t.app, admin);
    expect(page.failures).toEqual([
      expect.objectContaining({
        what: "Pulse reminder",
        day: 2,
        to: null,
        canResend: false,
        whyNot: "A pulse reminder cannot be sent again: who is reminded is who has not answered yet, and Candor never records that.",
      }),
    ]);
    await expect(resendDelivery(t.app, admin, page.failures[0]!.id)).rejects.toThrow(said("adminDeliveries.reminderUnrecorded"));
  });

  it("shows the page to admins only, and another organisation's email is not found", async () => {
    const other = await createTestOrganisation(t.app, { reps: 1 });
    const otherAdmin = await userOf(t.app, other.people.admin!);
    const [row] = await rows("pulse-invitation");
    await expect(resendDelivery(t.app, otherAdmin, row!.id)).rejects.toThrow(said("adminDeliveries.noSuch"));
    expect(
      (await callRoute(deliveriesPage.action, { app: t.app, path: "/admin/deliveries", method: "POST", cookie: other.people.admin!.cookie, form: { id: row!.id } })).status,
    ).toBe(404);
    expect(
      (await callRoute(deliveriesPage.action, { app: t.app, path: "/admin/deliveries", method: "POST", cookie: org.people.admin!.cookie, form: { id: "not-an-id" } })).status,
    ).toBe(404);
    expect((await callRoute(deliveriesPage.loader, { app: t.app, path: "/admin/deliveries", cookie: org.people.managerA!.cookie })).status).toBe(403);
    const shown = await callRoute(deliveriesPage.loader, { app: t.app, path: "/admin/deliveries", cookie: org.people.admin!.cookie });
    expect(shown.status).toBe(200);
    expect((shown.data as { failures: Array<{ what: string }> }).failures.map((f) => f.what)).toEqual(["Pulse reminder"]);
  });
});
