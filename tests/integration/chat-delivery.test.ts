import { setupServer } from "msw/node";
import { said } from "../../app/i18n/said";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { openSecret } from "../../app/auth/secret-box.server";
import * as chatPage from "../../app/routes/admin.chat";
import * as installRoute from "../../app/routes/admin.chat_.slack.install";
import * as callbackRoute from "../../app/routes/admin.chat_.slack.callback";
import * as accountPage from "../../app/routes/account";
import * as deliveriesPage from "../../app/routes/admin.deliveries";
import { teamsPulsePost } from "../../app/domain/chat";
import { postToTeams } from "../../app/services/teams-webhook.server";
import { getChatOverview, matchSlackPeople, saveTeamsWebhookUrl } from "../../app/services/chat.server";
import { deliverDueMail, getDeliveryReport } from "../../app/services/mail-delivery.server";
import { openWave, runScheduledWork } from "../../app/services/waves.server";
import { getHome } from "../../app/services/home.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { createOpenWave, userOf } from "../factories/pulse";
import { ballotFor } from "../factories/ballots";
import { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, dmChannelOf, newFakeSlack, slackHandlers, teamsHandlers, type FakeTeamsWebhook } from "../mocks/slack";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 27: pulses in Slack and Teams. Slack's Web API and a Teams workflow webhook are msw handlers that
// answer as the real ones do; the database, the queue, the services and the SMTP listener are real. A wave
// opened with every channel sends one message per person per channel, across a rate limit, a crash between
// sending and recording, and a retried job; reminders reach only those who have not answered, read as the
// invitation does, and leave no record that names them; a revoked token breaks the connection, the admin
// is told, and email still goes out.

const OPENS = "2026-09-07T08:00:00Z";
const at = (minutes: number) => new Date(new Date(OPENS).getTime() + minutes * 60_000).toISOString();
const TEAMS_URL =
  "https://prod-12.westeurope.logic.azure.com:443/workflows/5f0c1e6d2b8a4c5e9d7f3a1b2c4d6e8f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zm9vYmFyLXNlY3JldC1zaWduYXR1cmUtZm9yLXRlc3Rz";

const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const blocksOf = (call: { params: Record<string, string> }) => JSON.parse(call.params.blocks!) as Array<{ type: string; elements?: Array<{ url?: string }> }>;
const buttonUrl = (call: { params: Record<string, string> }) => blocksOf(call).find((b) => b.type === "actions")!.elements![0]!.url!;

describeWithDb("pulses in Slack and Teams", (t) => {
  // A fresh Slack and Teams for each database's run.
  const slack = newFakeSlack();
  const teams: FakeTeamsWebhook = { url: TEAMS_URL, posts: [], answers: [] };
  /** The chat.postMessage calls Slack received, by DM channel. */
  const postsTo = (userId: string) => slack.calls.filter((c) => c.method === "chat.postMessage" && c.params.channel === dmChannelOf(userId));
  let org: TestOrganisation;
  let admin: SessionUser;
  let waveId: string;
  let programId: string;
  const people = new Map<string, { id: string; email: string; name: string }>();
  const slackId = (email: string) => slack.users.get(email)!;
  const emailsTo = (email: string, subject: RegExp) => t.mailbox.to(email).filter((m) => subject.test(m.subject));

  beforeAll(async () => {
    server.resetHandlers(...slackHandlers(slack), ...teamsHandlers(teams));
    t.setNow(OPENS);
    // The installation's Slack app credentials (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET).
    t.app.config = { ...t.app.config, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET };
    org = await createTestOrganisation(t.app, { reps: 3 });
    admin = await userOf(t.app, org.people.admin!);
    for (const p of await t.app.db.selectFrom("person").select(["id", "email", "name"]).where("organisationId", "=", org.id).execute()) people.set(p.email, p);
    // Slack knows everyone but rep-b2 and rep-b3.
    for (const [i, email] of [...people.keys()].sort().entries()) {
      if (!email.startsWith("rep-b2@") && !email.startsWith("rep-b3@")) slack.users.set(email, `U0${String(1000 + i)}ABC`);
    }
  });

  it("installs the Slack app with OAuth v2, the state bound to the admin's session, and keeps the bot token sealed", async () => {
    const start = await callRoute(installRoute.loader as never, { app: t.app, path: "/admin/chat/slack/install", cookie: org.people.admin!.cookie });
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(authorize.searchParams.get("client_id")).toBe(SLACK_CLIENT_ID);
    expect(authorize.searchParams.get("scope")).toBe("chat:write,im:write,users:read,users:read.email");
    expect(authorize.searchParams.get("redirect_uri")).toBe("http://candor.test/admin/chat/slack/callback");
    const state = authorize.searchParams.get("state")!;
    slack.codes.add("code-1").add("code-2");
    const callback = (cookie: string, query: string) => callRoute(callbackRoute.loader as never, { app: t.app, path: `/admin/chat/slack/callback?${query}`, cookie });

    // Another session (the same admin signed in elsewhere) cannot use this state; nor can a made-up one.
    const otherSession = await createTestOrganisation(t.app, { reps: 1 });
    for (const [cookie, query] of [
      [otherSession.people.admin!.cookie, `code=code-1&state=${encodeURIComponent(state)}`],
      [org.people.admin!.cookie, "code=code-1"],
      [org.people.admin!.cookie, `code=code-1&state=${encodeURIComponent(state.replace(/.$/, (c) => (c === "A" ? "B" : "A")))}`],
    ] as const) {
      const refused = await callback(cookie, query);
      expect(refused.status).toBe(400);
      expect(sayInEnglish((refused.data as { error: string }).error)).toContain("does not belong to an install you started");
    }
    expect(slack.calls.filter((c) => c.method === "oauth.v2.access")).toHaveLength(0);
    expect(await t.app.db.selectFrom("slackConnection").selectAll().execute()).toEqual([]);
    // The admin pressed Cancel at Slack.
    expect(sayInEnglish(((await callback(org.people.admin!.cookie, `error=access_denied&state=${encodeURIComponent(state)}`)).data as { error: string }).error)).toBe(
      "Slack did not install the app (access_denied).",
    );

    const done = await callback(org.people.admin!.cookie, `code=code-1&state=${encodeURIComponent(state)}`);
    expect(done).toMatchObject({ status: 302, location: "/admin/chat?connected=Acme%20Sales" });
    const exchange = slack.calls.filter((c) => c.method === "oauth.v2.access");
    expect(exchange).toEqual([
      {
        method: "oauth.v2.access",
        token: null,
        params: { client_id: SLACK_CLIENT_ID, client_secret: SLACK_CLIENT_SECRET, code: "code-1", redirect_uri: "http://candor.test/admin/chat/slack/callback" },
      },
    ]);
    // A code is good once: Slack's refusal is said, and the connection stays as it is.
    expect(sayInEnglish(((await callback(org.people.admin!.cookie, `code=code-1&state=${encodeURIComponent(state)}`)).data as { error: string }).error)).toBe(
      "Slack refused: invalid_code.",
    );

    const row = await t.app.db.selectFrom("slackConnection").selectAll().where("organisationId", "=", org.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ workspaceId: "T0ACME0001", workspaceName: "Acme Sales", status: "connected", installedVia: "oauth", scopes: slack.scopes });
    // Sealed: the column does not hold the token, and opens only with the server's key and this organisation.
    expect(Buffer.from(row.botTokenSealed).includes(Buffer.from(slack.botToken))).toBe(false);
    expect(Buffer.from(row.botTokenSealed).includes(Buffer.from("xoxb-"))).toBe(false);
    expect(new TextDecoder().decode(openSecret(t.app.config, "slack-bot-token", row.botTokenSealed, org.id))).toBe(slack.botToken);
    expect(() => openSecret(t.app.config, "slack-bot-token", row.botTokenSealed, otherSession.id)).toThrow();
    const audit = await t.app.db.selectFrom("auditEntry").select(["action", "after"]).where("organisationId", "=", org.id).where("action", "=", "chat.slack-connect").execute();
    expect(audit).toEqual([{ action: "chat.slack-connect", after: { workspace: "Acme Sales", workspaceId: "T0ACME0001", via: "oauth", scopes: slack.scopes } }]);
    expect(JSON.stringify(audit)).not.toContain("xoxb-");
  });

  it("matches people to Slack users by email and reports who could not be matched", async () => {
    // rep-b3 chose email only: nobody looks them up.
    const b3 = [...people.values()].find((p) => p.email.startsWith("rep-b3@"))!;
    const chosen = await callRoute(accountPage.action as never, {
      app: t.app,
      path: "/account",
      method: "POST",
      cookie: await sessionCookieFor(t.app, { id: b3.id, organisationId: org.id }),
      form: { intent: "channel", channel: "email" },
    });
    expect(chosen).toMatchObject({ status: 200, data: { channelSaved: true } });
    // Bad input: a clear 400, nothing saved.
    const bad = await callRoute(accountPage.action as never, {
      app: t.app,
      path: "/account",
      method: "POST",
      cookie: org.people.repA!.cookie,
      form: { intent: "channel", channel: "pigeon" },
    });
    expect(bad.status).toBe(400);
    expect(await t.app.db.selectFrom("chatMember").select(["personId", "channel"]).execute()).toEqual([{ personId: b3.id, channel: "email" }]);

    const before = slack.calls.length;
    const run = await matchSlackPeople(t.app, admin);
    const lookups = slack.calls.slice(before);
    expect(lookups.every((c) => c.method === "users.lookupByEmail" && c.token === slack.botToken)).toBe(true);
    expect(lookups.map((c) => c.params.email).sort()).toEqual([...people.keys()].filter((e) => !e.startsWith("rep-b3@")).sort());
    expect(run).toEqual({ matched: people.size - 2, notFound: 1, left: 0, retryAfterSeconds: null });
    const overview = await getChatOverview(t.app, admin);
    expect(overview.people.unmatched.map((p) => p.email)).toEqual([`rep-b2@${org.slug}.example`]);
    expect(overview.people).toMatchObject({ total: people.size, matched: people.size - 2, notChecked: 0, emailOnly: 1 });
    const page = await callRoute(chatPage.loader as never, { app: t.app, path: "/admin/chat", cookie: org.people.admin!.cookie });
    expect(page.status).toBe(200);
    expect((page.data as { slack: { status: string; workspaceName: string } }).slack).toMatchObject({ status: "connected", workspaceName: "Acme Sales" });
  });

  it("keeps a team's Teams webhook sealed and refuses a URL that is not a Teams workflow", async () => {
    for (const url of ["http://127.0.0.1:8080/hook", "https://example.com/workflows/x", "https://user:pw@prod-1.westeurope.logic.azure.com/workflows/x", "not a url"]) {
      const refused = await callRoute(chatPage.action as never, {
        app: t.app,
        path: "/admin/chat",
        method: "POST",
        cookie: org.people.admin!.cookie,
        form: { intent: "webhook", teamId: org.teams.a!, url },
      });
      expect(refused.status, url).toBe(400);
    }
    expect(await t.app.db.selectFrom("teamsWebhook").selectAll().execute()).toEqual([]);
    const saved = await callRoute(chatPage.action as never, {
      app: t.app,
      path: "/admin/chat",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "webhook", teamId: org.teams.a!, url: TEAMS_URL },
    });
    expect(saved.status).toBe(200);
    // Another organisation's team is a missing one.
    await expect(saveTeamsWebhookUrl(t.app, admin, "00000000-0000-4000-8000-000000000000", TEAMS_URL)).rejects.toThrow(said("adminChat.noSuchTeam"));
    const row = await t.app.db.selectFrom("teamsWebhook").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ teamId: org.teams.a, urlHost: "prod-12.westeurope.logic.azure.com", status: "connected" });
    const sig = new URL(TEAMS_URL).searchParams.get("sig")!;
    expect(Buffer.from(row.urlSealed).includes(Buffer.from(sig))).toBe(false);
    expect(Buffer.from(row.urlSealed).includes(Buffer.from("logic.azure.com"))).toBe(false);
    expect(JSON.stringify(await getChatOverview(t.app, admin))).not.toContain(sig);
  });

  it("opens a wave on every channel: one message per person per channel, across a rate limit and a retried job", async () => {
    // rep-a1 chose Slack only; rep-b3 email only (above); everyone else has both. Slack refuses the third post with 429.
    await callRoute(accountPage.action as never, { app: t.app, path: "/account", method: "POST", cookie: org.people.repA!.cookie, form: { intent: "channel", channel: "slack" } });
    slack.throttlePost = { nth: 3, retryAfter: 30 };
    ({ waveId, programId } = await createOpenWave(t.app, org, { reminderDays: [2, 4] }));
    const audience = await t.app.db
      .selectFrom("waveAudience")
      .innerJoin("person", "person.id", "waveAudience.personId")
      .select(["person.id", "person.email"])
      .where("waveId", "=", waveId)
      .execute();
    expect(audience).toHaveLength(9);
    // Slack said "wait 30 s": the rest of Slack waits, untried; email went on.
    const held = await t.app.db
      .selectFrom("mailDelivery")
      .select(["status", "attempts", "nextAttemptAt"])
      .where("waveId", "=", waveId)
      .where("channel", "=", "slack")
      .where("status", "=", "pending")
      .execute();
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((r) => r.attempts === 0 && r.nextAttemptAt?.toISOString() === at(0.5))).toBe(true);
    t.setNow(at(0.25));
    await runScheduledWork(t.app);
    expect(await t.app.db.selectFrom("mailDelivery").select("id").where("waveId", "=", waveId).where("status", "=", "pending").execute()).toHaveLength(held.length);
    t.setNow(at(1));
    await runScheduledWork(t.app);
    // The scheduler runs again, and the open step is retried as pg-boss would: nothing more is sent.
    await runScheduledWork(t.app);
    const period = await t.app.db.selectFrom("wave").select(["periodStart", "closesAt"]).where("id", "=", waveId).executeTakeFirstOrThrow();
    expect(await openWave(t.app, { id: programId, organisationId: org.id }, { periodStart: period.periodStart, closesOn: "2026-09-14" }, { notify: true })).toBeNull();
    for (const { email } of audience) await t.mailbox.waitFor(email, email.startsWith("rep-a1@") ? 0 : 1);

    for (const { email } of audience) {
      const inSlack = slack.users.has(email) && !email.startsWith("rep-b3@");
      const posts = slack.users.has(email) ? postsTo(slackId(email)) : [];
      expect(posts, email).toHaveLength(inSlack ? 1 : 0);
      const mails = emailsTo(email, /^Your team pulse is open/);
      // Slack only: no email; Slack unknown (rep-b2) or email only (rep-b3): email; both: email too.
      expect(mails, email).toHaveLength(email.startsWith("rep-a1@") ? 0 : 1);
    }
    // The exact calls: conversations.open with the user, then chat.postMessage to the DM it opened, with
    // the fallback text and blocks whose button opens the rep's personal link.
    const a2 = slackId(`rep-a2@${org.slug}.example`);
    const opened = slack.calls.filter((c) => c.method === "conversations.open" && c.params.users === a2);
    // (Opened again when its post was the one Slack throttled: opening a DM is idempotent; posting is not.)
    expect(opened.length).toBeGreaterThanOrEqual(1);
    for (const call of opened) expect(call.params).toEqual({ users: a2, return_im: "false" });
    const [post] = postsTo(a2);
    expect(post!.token).toBe(slack.botToken);
    expect(post!.params).toMatchObject({ channel: dmChannelOf(a2), text: expect.stringMatching(/^The Team A pulse is open until 2026-09-1\d\./), unfurl_links: "false" });
    expect(buttonUrl(post!)).toMatch(/^http:\/\/candor\.test\/pulse\/[A-Za-z0-9_.-]+$/);
    expect(blocksOf(post!).map((b) => b.type)).toEqual(["section", "section", "actions", "context"]);

    // One post to Team A's Teams channel (the only team with a webhook), naming nobody.
    expect(teams.posts).toHaveLength(1);
    const card = JSON.stringify(teams.posts[0]);
    expect(teams.posts[0]).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard" } }] });
    expect(card).toContain(`http://candor.test/pulses/${waveId}`);
    for (const p of people.values()) {
      expect(card).not.toContain(p.email);
      expect(card).not.toContain(p.name);
    }

    // The delivery log: every Slack message sent once; rep-b2 was never looked up by Slack (unknown since the match).
    const rows = await t.app.db
      .selectFrom("mailDelivery")
      .select(["channel", "status", "personId"])
      .where("waveId", "=", waveId)
      .where("purpose", "=", "pulse-invitation")
      .execute();
    expect(rows.filter((r) => r.channel === "slack").every((r) => r.status === "sent")).toBe(true);
    expect(rows.filter((r) => r.channel === "slack")).toHaveLength(7);
    expect(rows.filter((r) => r.channel === "email")).toHaveLength(8);
    expect(rows.filter((r) => r.channel === "teams")).toEqual([{ channel: "teams", status: "sent", personId: null }]);
  });

  it("reminds only those who have not answered, with the invitation's very message, and records no recipient", async () => {
    const answered = [`rep-a2@${org.slug}.example`, `rep-a11@${org.slug}.example`, `rep-b1@${org.slug}.example`];
    for (const email of answered) await ballotFor(t.app, waveId, people.get(email)!.id);
    const before = slack.calls.length;
    const mailsBefore = t.mailbox.messages.length;
    t.setNow(at(2 * 24 * 60 + 1));
    const report = await runScheduledWork(t.app);
    const posts = slack.calls.slice(before).filter((c) => c.method === "chat.postMessage");
    const remindedInSlack = posts.map((c) => c.params.channel).sort();
    const waiting = [...people.keys()].filter((e) => e.startsWith("rep-") && !answered.includes(e));
    expect(remindedInSlack).toEqual(
      waiting
        .filter((e) => slack.users.has(e))
        .map((e) => dmChannelOf(slackId(e)))
        .sort(),
    );
    for (const email of answered) expect(postsTo(slackId(email)), email).toHaveLength(1);
    // The same message as the invitation, but for the personal link.
    const a3 = slackId(`rep-a3@${org.slug}.example`);
    const [invitation, reminder] = postsTo(a3);
    const withoutLink = (call: typeof invitation) => ({ ...call!.params, blocks: call!.params.blocks!.replace(/\/pulse\/[A-Za-z0-9_.-]+/, "/pulse/LINK") });
    expect(withoutLink(reminder)).toEqual(withoutLink(invitation));
    expect(buttonUrl(reminder!)).not.toBe(buttonUrl(invitation!));
    expect(reminder!.params.text).not.toMatch(/remind|still|again|answered/i);
    // Team A's channel gets the invitation's post again, identical.
    expect(teams.posts).toHaveLength(2);
    expect(teams.posts[1]).toEqual(teams.posts[0]);
    // Emails to those waiting who take email (rep-a1 chose Slack only; Slack reached them).
    const byEmail = waiting.filter((e) => !e.startsWith("rep-a1@")).sort();
    for (const email of byEmail) await t.mailbox.waitFor(email, 2);
    const reminderMails = t.mailbox.messages.slice(mailsBefore).filter((m) => m.subject.startsWith("Reminder: the "));
    expect(reminderMails.map((m) => m.to[0]).sort()).toEqual(byEmail);
    expect(report.reminded).toEqual([{ waveId, day: 2, sent: remindedInSlack.length + reminderMails.length }]);
    // No stored record of a reminder names its recipient.
    const records = await t.app.db.selectFrom("mailDelivery").selectAll().where("waveId", "=", waveId).where("purpose", "=", "pulse-reminder").execute();
    expect(records.filter((r) => r.channel !== "teams").every((r) => r.personId === null && r.teamId === null)).toBe(true);
    expect(records.filter((r) => r.channel === "slack")).toHaveLength(remindedInSlack.length);
    expect(records.filter((r) => r.channel === "teams").map((r) => [r.personId, r.teamId])).toEqual([[null, org.teams.a]]);
    const text = JSON.stringify(records);
    for (const p of people.values()) {
      expect(text).not.toContain(p.id);
      expect(text).not.toContain(p.email);
    }
  });

  it("marks the connection broken on a revoked token, tells the admin, and email still goes out", async () => {
    slack.refuseWith = "invalid_auth";
    const mailsBefore = t.mailbox.messages.length;
    t.setNow(at(4 * 24 * 60 + 1));
    await runScheduledWork(t.app);
    const row = await t.app.db.selectFrom("slackConnection").select(["status", "problem"]).where("organisationId", "=", org.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "broken", problem: "invalid_auth" });
    // rep-a1 chose Slack only: Slack could not reach them, so the email went.
    await t.mailbox.waitFor(`rep-a1@${org.slug}.example`, 1);
    for (const email of [`rep-a3@${org.slug}.example`, `rep-b3@${org.slug}.example`]) await t.mailbox.waitFor(email, 3);
    const reminders = t.mailbox.messages.slice(mailsBefore).filter((m) => m.subject.startsWith("Reminder: the "));
    expect(reminders.map((m) => m.to[0]).sort()).toEqual([...people.keys()].filter((e) => /^rep-(a1|a3|a12|a13|b2|b3)@/.test(e)).sort());
    // The admin is told: on the home page, the delivery log and the Slack page, in Slack's words.
    const home = (await getHome(t.app, admin)).admin!;
    const slackCheck = home.checks.find((c) => c.key === "slack")!;
    expect({ ...slackCheck, summary: sayInEnglish(slackCheck.summary) }).toMatchObject({
      status: "problem",
      summary: expect.stringContaining("Slack said: invalid_auth"),
      href: "/admin/chat",
    });
    const log = await getDeliveryReport(t.app, admin);
    expect(log.slack).toEqual({ status: "broken", problem: "invalid_auth", workspaceName: "Acme Sales" });
    // Candor's words around Slack's code are said: the delivery log says them in its reader's language, the code as it came.
    const refusedToken = log.failures.find((f) => f.error !== null && sayInEnglish(f.error) === "Slack refused the token: invalid_auth");
    expect(refusedToken).toMatchObject({
      what: "Pulse reminder",
      channel: "Slack",
      to: null,
      canResend: false,
      error: said("adminChat.slackError.token", { code: "invalid_auth" }),
    });
    expect(translatorFor("de").say(refusedToken!.error!)).toBe("Slack hat das Token abgelehnt: invalid_auth");
    expect(translatorFor("ja").say(refusedToken!.error!)).toBe("Slack にトークンを拒否されました：invalid_auth");
    expect((await getChatOverview(t.app, admin)).slack).toMatchObject({ status: "broken", problem: "invalid_auth" });
    // With Slack broken, a person's "Slack" choice falls back to email (the rule), and nothing is sent to Slack.
    const calls = slack.calls.length;
    await deliverDueMail(t.app);
    expect(slack.calls.length).toBe(calls);
  });

  it("tells managers in Slack and Team A's channel when results are published: no name, no count", async () => {
    // The admin connects again with a pasted bot token (the app was reinstalled by hand).
    slack.refuseWith = null;
    const token = await callRoute(chatPage.action as never, {
      app: t.app,
      path: "/admin/chat",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "token", token: slack.botToken },
    });
    expect(token.status).toBe(200);
    expect(sayInEnglish((token.data as { saved: string }).saved)).toContain("Connected to the Acme Sales workspace");
    expect(slack.calls.at(-1)).toMatchObject({ method: "auth.test", token: slack.botToken });
    const refused = await callRoute(chatPage.action as never, {
      app: t.app,
      path: "/admin/chat",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "token", token: "xoxp-user-token" },
    });
    expect(refused.status).toBe(400);

    t.setNow(at(8 * 24 * 60));
    await runScheduledWork(t.app);
    const managers = { "manager-a": ["Team A", org.teams.a], "manager-a1": ["Team A1", org.teams.a1], "manager-b": ["Team B", org.teams.b] } as const;
    for (const [manager, [teamName, teamId]] of Object.entries(managers)) {
      const posts = postsTo(slackId(`${manager}@${org.slug}.example`));
      expect(posts, manager).toHaveLength(1);
      expect(posts[0]!.params.text).toBe(`The pulse “Team pulse” of ${teamName} has closed: its results are published on Candor.`);
      expect(buttonUrl(posts[0]!)).toBe(`http://candor.test/teams/${teamId}`);
    }
    // Reps get no results notice in Slack.
    for (const email of [...people.keys()].filter((e) => e.startsWith("rep-") && slack.users.has(e))) {
      expect(
        postsTo(slackId(email)).some((c) => c.params.text!.includes("has closed")),
        email,
      ).toBe(false);
    }
    expect(teams.posts).toHaveLength(4);
    const closed = teams.posts[3] as { attachments: Array<{ content: { body: Array<{ text: string }> } }> };
    const words = closed.attachments[0]!.content.body.map((b) => b.text).join(" ");
    expect(words).toContain("The pulse “Team pulse” of Team A has closed");
    for (const p of people.values()) expect(words).not.toContain(p.name);
    expect(words).not.toMatch(/\d/);
    // Run again: nothing twice.
    await runScheduledWork(t.app);
    for (const manager of Object.keys(managers)) expect(postsTo(slackId(`${manager}@${org.slug}.example`))).toHaveLength(1);
    expect(teams.posts).toHaveLength(4);
  });
});

describeWithDb("Slack delivery that stops part-way, and a deactivated workspace", (t) => {
  let org: TestOrganisation;
  let admin: SessionUser;
  const slack = newFakeSlack({ workspace: { id: "T0BETA0002", name: "Beta" }, botToken: "xoxb-22222222222-33333333333-BetaBetaBetaBetaBetaBeta" });
  const teams: FakeTeamsWebhook = { url: TEAMS_URL.replace("prod-12", "prod-34"), posts: [], answers: [{ status: 429, retryAfter: 20 }] };
  let interrupted: string;

  beforeAll(async () => {
    server.resetHandlers(...slackHandlers(slack), ...teamsHandlers(teams));
    t.setNow(OPENS);
    org = await createTestOrganisation(t.app, { reps: 2 });
    admin = await userOf(t.app, org.people.admin!);
    const emails = (await t.app.db.selectFrom("person").select("email").where("organisationId", "=", org.id).execute()).map((p) => p.email).sort();
    for (const [i, email] of emails.entries()) slack.users.set(email, `U9${String(1000 + i)}XYZ`);
    slack.tokens.add(slack.botToken);
    const connected = await callRoute(chatPage.action as never, {
      app: t.app,
      path: "/admin/chat",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "token", token: slack.botToken },
    });
    expect(connected.status).toBe(200);
    await saveTeamsWebhookUrl(t.app, admin, org.teams.b!, teams.url);
  });

  it("sends nothing twice when the process stops between Slack's answer and the record, and the job is retried", async () => {
    // The process "dies" at the first moment after Slack accepted a message: the clock read that records it.
    const clock = t.app.now;
    let crashed = false;
    t.app.now = () => {
      if (!crashed && slack.calls.some((c) => c.method === "chat.postMessage")) {
        crashed = true;
        throw new Error("the process was killed");
      }
      return clock();
    };
    await expect(createOpenWave(t.app, org, { reminderDays: [] })).rejects.toThrow("the process was killed");
    t.app.now = clock;
    const wave = await t.app.db.selectFrom("wave").select("id").where("organisationId", "=", org.id).executeTakeFirstOrThrow();
    const sending = await t.app.db.selectFrom("mailDelivery").select(["id", "channel", "personId"]).where("waveId", "=", wave.id).where("status", "=", "sending").execute();
    expect(sending).toHaveLength(1);
    expect(sending[0]!.channel).toBe("slack");
    interrupted = sending[0]!.id;
    // The job is retried at once, then again: the message left in 'sending' is not sent again.
    await runScheduledWork(t.app);
    await runScheduledWork(t.app);
    // Teams said 429 (Retry-After 20): its post waited, then went once.
    expect(teams.posts).toHaveLength(0);
    t.setNow(at(0.5));
    await runScheduledWork(t.app);
    expect(teams.posts).toHaveLength(1);
    // Ten minutes on: reported as "may not have gone out", never sent again on its own.
    t.setNow(at(11));
    expect((await runScheduledWork(t.app)).delivered.interrupted).toBe(1);
    t.setNow(at(60));
    await runScheduledWork(t.app);
    const audience = await t.app.db
      .selectFrom("waveAudience")
      .innerJoin("person", "person.id", "waveAudience.personId")
      .select("person.email")
      .where("waveId", "=", wave.id)
      .execute();
    expect(audience).toHaveLength(6);
    for (const { email } of audience) {
      const posts = slack.calls.filter((c) => c.method === "chat.postMessage" && c.params.channel === dmChannelOf(slack.users.get(email)!));
      expect(posts, email).toHaveLength(1);
      await t.mailbox.waitFor(email, 1);
      expect(
        t.mailbox.to(email).filter((m) => m.subject.startsWith("Your team pulse is open")),
        email,
      ).toHaveLength(1);
    }
    expect(teams.posts).toHaveLength(1);
    const log = await getDeliveryReport(t.app, admin);
    expect(log.failures).toEqual([
      expect.objectContaining({
        id: interrupted,
        channel: "Slack",
        error: said("adminDeliveries.failure.stoppedMessage"),
        retrying: false,
        canResend: true,
      }),
    ]);
    expect(sayInEnglish(log.failures[0]!.error!)).toBe("The server stopped while sending this message: it may not have gone out.");
  });

  it("on account_inactive marks the connection broken and tells the admin; email is untouched", async () => {
    slack.refuseWith = "account_inactive";
    const sent = await callRoute(deliveriesPage.action as never, {
      app: t.app,
      path: "/admin/deliveries",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { id: interrupted },
    });
    expect(sent).toMatchObject({ status: 200, data: { sent: false } });
    expect(await t.app.db.selectFrom("slackConnection").select(["status", "problem"]).where("organisationId", "=", org.id).executeTakeFirstOrThrow()).toEqual({
      status: "broken",
      problem: "account_inactive",
    });
    const log = await getDeliveryReport(t.app, admin);
    expect(log.slack).toMatchObject({ status: "broken", problem: "account_inactive" });
    expect(log.failures).toEqual([expect.objectContaining({ id: interrupted, error: said("adminChat.slackError.token", { code: "account_inactive" }) })]);
    expect(sayInEnglish(log.failures[0]!.error!)).toBe("Slack refused the token: account_inactive");
    const shown = await callRoute(deliveriesPage.loader as never, { app: t.app, path: "/admin/deliveries", cookie: org.people.admin!.cookie });
    expect((shown.data as { slack: { status: string } }).slack.status).toBe("broken");
    expect((await getHome(t.app, admin)).admin!.checks.find((c) => c.key === "slack")).toMatchObject({ status: "problem" });
  });
});

describe("a Teams workflow webhook's answers", () => {
  const url = TEAMS_URL.replace("prod-12", "prod-56");
  const fake: FakeTeamsWebhook = { url, posts: [], answers: [] };
  const post = teamsPulsePost({ teamName: "Team A", closes: "2026-09-13", minGroupSize: 5, minCommentGroupSize: 7 }, "http://candor.test/pulses/x", {
    t: translatorFor("en").t,
  });
  const now = new Date(OPENS);
  beforeAll(() => server.resetHandlers(...teamsHandlers(fake)));

  it("takes 202 Accepted with an empty body as sent", async () => {
    await postToTeams(url, post, now);
    expect(fake.posts).toEqual([post]);
  });

  it("says 429 with its Retry-After, 404 as a workflow that is gone, and 400 as a refusal", async () => {
    fake.answers.push({ status: 429, retryAfter: 17 }, { status: 404 }, { status: 400 });
    await expect(postToTeams(url, post, now)).rejects.toMatchObject({ kind: "rate-limited", status: 429, retryAfterSeconds: 17 });
    await expect(postToTeams(url, post, now)).rejects.toMatchObject({ kind: "broken", status: 404, message: expect.stringContaining("WorkflowNotFound") });
    await expect(postToTeams(url, post, now)).rejects.toMatchObject({ kind: "refused", status: 400, message: expect.stringContaining("TriggerInputSchemaMismatch") });
    // A URL without its signature is refused as Microsoft does (401).
    await expect(postToTeams(url.split("?")[0]!, post, now)).rejects.toMatchObject({ kind: "broken", status: 401 });
    expect(fake.posts).toHaveLength(1);
  });
});

describeWithDb("people Slack cannot reach", (t) => {
  let org: TestOrganisation;
  let admin: SessionUser;
  const slack = newFakeSlack({ workspace: { id: "T0GAMMA003", name: "Gamma" }, botToken: "xoxb-44444444444-55555555555-GammaGammaGammaGammaGam" });

  beforeAll(async () => {
    server.resetHandlers(...slackHandlers(slack));
    t.setNow(OPENS);
    org = await createTestOrganisation(t.app, { reps: 1 });
    admin = await userOf(t.app, org.people.admin!);
    // Slack knows only rep-a1; nobody was matched by the admin.
    slack.users.set(`rep-a1@${org.slug}.example`, "U0GAMMAA1");
    slack.tokens.add(slack.botToken);
    await callRoute(chatPage.action as never, {
      app: t.app,
      path: "/admin/chat",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "token", token: slack.botToken },
    });
  });

  it("looks people up when their invitation goes, logs the unmatched, and sends email to whoever chose Slack only", async () => {
    const a11 = await t.app.db.selectFrom("person").select(["id", "email", "name"]).where("email", "=", `rep-a11@${org.slug}.example`).executeTakeFirstOrThrow();
    await callRoute(accountPage.action as never, {
      app: t.app,
      path: "/account",
      method: "POST",
      cookie: await sessionCookieFor(t.app, { id: a11.id, organisationId: org.id }),
      form: { intent: "channel", channel: "slack" },
    });
    const { waveId } = await createOpenWave(t.app, org, { reminderDays: [2] });
    // rep-a11 chose Slack only, and Slack knows no user with their email: the email went instead, once.
    await t.mailbox.waitFor(a11.email, 1);
    expect(t.mailbox.to(a11.email)).toHaveLength(1);
    const rows = await t.app.db
      .selectFrom("mailDelivery")
      .select(["personId", "channel", "status", "lastError"])
      .where("waveId", "=", waveId)
      .where("purpose", "=", "pulse-invitation")
      .orderBy("channel")
      .execute();
    expect(rows.filter((r) => r.personId === a11.id)).toEqual([
      { personId: a11.id, channel: "email", status: "sent", lastError: null },
      { personId: a11.id, channel: "slack", status: "unmatched", lastError: said("adminDeliveries.failure.slackNoUser", { code: "users_not_found" }) },
    ]);
    expect(
      rows
        .filter((r) => r.channel === "slack")
        .map((r) => r.status)
        .sort(),
    ).toEqual(["sent", "unmatched", "unmatched"]);
    const log = await getDeliveryReport(t.app, admin);
    expect(
      log.failures
        .filter((f) => f.unmatched)
        .map((f) => f.to?.email)
        .sort(),
    ).toEqual([`rep-a11@${org.slug}.example`, `rep-b1@${org.slug}.example`]);
    expect((await getChatOverview(t.app, admin)).people.unmatched.map((p) => p.email).sort()).toEqual([`rep-a11@${org.slug}.example`, `rep-b1@${org.slug}.example`]);

    // A reminder that Slack throttles waits as Retry-After says (1 s here) and goes; the unmatched get email.
    slack.throttlePost = { nth: 2, retryAfter: 1 };
    t.setNow(at(2 * 24 * 60 + 1));
    const started = Date.now();
    await runScheduledWork(t.app);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const a1Posts = slack.calls.filter((c) => c.method === "chat.postMessage" && c.params.channel === dmChannelOf("U0GAMMAA1"));
    expect(a1Posts).toHaveLength(2);
    await t.mailbox.waitFor(a11.email, 2);
    const reminders = await t.app.db
      .selectFrom("mailDelivery")
      .select(["channel", "status", "personId"])
      .where("waveId", "=", waveId)
      .where("purpose", "=", "pulse-reminder")
      .execute();
    expect(reminders.filter((r) => r.channel === "slack")).toEqual([{ channel: "slack", status: "sent", personId: null }]);
    expect(reminders.filter((r) => r.channel === "email").map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });
});
