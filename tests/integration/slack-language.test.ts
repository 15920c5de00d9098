import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as chatPage from "../../app/routes/admin.chat";
import Account, { loader as accountLoader } from "../../app/routes/account";
import { formatsFor } from "../../app/domain/format";
import { lastDayOf } from "../../app/services/mail-delivery.server";
import { saveTeamsWebhookUrl } from "../../app/services/chat.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation } from "../factories/organisation";
import { createOpenWave, userOf } from "../factories/pulse";
import { dmChannelOf, newFakeSlack, slackHandlers, teamsHandlers, type FakeTeamsWebhook } from "../mocks/slack";
import { callRoute } from "../support/remix";
import { renderPage } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Issue 26: a rep's pulse in Slack is in their language, like their email (their setting, else the
// organisation's default); a manager's "results published" notice in the manager's; a team's Teams channel
// posts in the organisation's default language (a channel has many readers). Slack's Web API and the Teams
// workflow are the msw mocks the chat tests use.

const TEAMS_URL =
  "https://prod-78.westeurope.logic.azure.com:443/workflows/9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=bGFuZ3VhZ2UtdGVzdC1zaWduYXR1cmU";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

/** Waits (up to 10 s) until `done` holds: the invitations go out after the wave's transaction. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
}

describeWithDb("a rep's Slack message in their language", (t) => {
  const slack = newFakeSlack();

  it("sends a German rep the pulse in German and an English rep in English", async () => {
    server.resetHandlers(...slackHandlers(slack));
    t.setNow("2026-09-07T08:00:00Z");
    const org = await createTestOrganisation(t.app, { reps: 2 });
    const german = org.people.repA!;
    const english = (await t.app.db.selectFrom("person").select(["id", "email"]).where("email", "=", `rep-a2@${org.slug}.example`).executeTakeFirstOrThrow())!;
    await t.app.db.updateTable("person").set({ language: "de" }).where("id", "=", german.id).execute();
    slack.tokens.add(slack.botToken);
    slack.users.set(german.email, "U0DE00001");
    slack.users.set(english.email, "U0EN00001");
    const connected = await callRoute(chatPage.action as never, {
      app: t.app,
      path: "/admin/chat",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "token", token: slack.botToken },
    });
    expect(connected.status).toBe(200);
    await createOpenWave(t.app, org, { reminderDays: [] });
    const postsTo = (userId: string) => slack.calls.filter((c) => c.method === "chat.postMessage" && c.params.channel === dmChannelOf(userId));
    await until(() => postsTo("U0DE00001").length > 0 && postsTo("U0EN00001").length > 0);
    expect(postsTo("U0DE00001")[0]!.params.text).toMatch(/^Der Puls von Team A ist bis zum \d{1,2}\. \S+ 2026 geöffnet\. Er dauert etwa 3 Minuten/);
    expect(postsTo("U0DE00001")[0]!.params.blocks).toContain("Puls beantworten");
    expect(postsTo("U0EN00001")[0]!.params.text).toMatch(/^The Team A pulse is open until 2026-09-\d\d\. It takes about 3 minutes/);
  });
});

describeWithDb("Teams posts in the organisation's language, results notices in the manager's", (t) => {
  const slack = newFakeSlack({ workspace: { id: "T0LANG0004", name: "Lang" }, botToken: "xoxb-66666666666-77777777777-LangLangLangLangLangLang" });
  const teams: FakeTeamsWebhook = { url: TEAMS_URL, posts: [], answers: [] };
  /** A Teams card's text blocks and its button's title. */
  const cardWords = (post: unknown) => {
    const card = (post as { attachments: Array<{ content: { body: Array<{ text: string }>; actions: Array<{ title: string }> } }> }).attachments[0]!.content;
    return [...card.body.map((b) => b.text), card.actions[0]!.title];
  };

  it("posts a German organisation's pulse to Teams in German, and after a switch to Japanese its results in Japanese; each manager's notice in their language", async () => {
    server.resetHandlers(...slackHandlers(slack), ...teamsHandlers(teams));
    t.setNow("2026-09-07T08:00:00Z");
    const org = await createTestOrganisation(t.app, { reps: 1 });
    const admin = await userOf(t.app, org.people.admin!);
    await t.app.db.updateTable("organisation").set({ defaultLanguage: "de" }).where("id", "=", org.id).execute();
    // manager-a reads German (their own setting), manager-b English; manager-a1 follows the organisation.
    const managerEmail = (name: string) => `${name}@${org.slug}.example`;
    await t.app.db.updateTable("person").set({ language: "de" }).where("email", "=", managerEmail("manager-a")).execute();
    await t.app.db.updateTable("person").set({ language: "en" }).where("email", "=", managerEmail("manager-b")).execute();
    for (const [i, name] of ["manager-a", "manager-a1", "manager-b"].entries()) slack.users.set(managerEmail(name), `U0MGR000${i}`);
    slack.tokens.add(slack.botToken);
    const connected = await callRoute(chatPage.action as never, {
      app: t.app,
      path: "/admin/chat",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "token", token: slack.botToken },
    });
    expect(connected.status).toBe(200);
    await saveTeamsWebhookUrl(t.app, admin, org.teams.a!, TEAMS_URL);

    const { waveId } = await createOpenWave(t.app, org, { reminderDays: [] });
    await until(() => teams.posts.length > 0);
    const wave = await t.app.db
      .selectFrom("wave")
      .innerJoin("organisation", "organisation.id", "wave.organisationId")
      .select(["wave.closesAt", "organisation.timezone"])
      .where("wave.id", "=", waveId)
      .executeTakeFirstOrThrow();
    const closes = formatsFor("de").date(lastDayOf(wave.closesAt, wave.timezone));
    expect(closes).toMatch(/^\d{1,2}\. Sept\. 2026$/);
    expect(teams.posts).toHaveLength(1);
    expect(cardWords(teams.posts[0])).toEqual([
      `Der Puls von Team A ist bis zum ${closes} geöffnet`,
      "Er dauert etwa 3 Minuten, und Sie können jede Frage überspringen. Nutzen Sie den persönlichen Link, den Sie per E-Mail oder Slack erhalten haben, oder melden Sie sich bei Candor an.",
      "Ihre Antworten sind anonym. Niemand – weder Ihre Führungskraft noch die Administration – kann sehen, was Sie geantwortet haben. Werte werden nur für Gruppen von mindestens 5 Personen gezeigt.",
      "Puls beantworten",
    ]);

    // The admin switches the organisation to Japanese before the pulse closes: the channel and manager-a1 follow it.
    await t.app.db.updateTable("organisation").set({ defaultLanguage: "ja" }).where("id", "=", org.id).execute();
    t.setNow("2026-09-15T08:00:00Z");
    await runScheduledWork(t.app);
    const notice = (userId: string) => {
      const posts = slack.calls.filter((c) => c.method === "chat.postMessage" && c.params.channel === dmChannelOf(userId));
      expect(posts, userId).toHaveLength(1);
      const blocks = JSON.parse(posts[0]!.params.blocks!) as Array<{ text?: { text: string }; elements?: Array<{ text: string | { text: string } }> }>;
      return [posts[0]!.params.text, ...blocks.slice(1).flatMap((b) => b.elements!.map((e) => (typeof e.text === "string" ? e.text : e.text.text)))];
    };
    expect(notice("U0MGR0000")).toEqual([
      "Der Puls „Team pulse“ von Team A ist beendet: Die Ergebnisse sind in Candor veröffentlicht.",
      "Ergebnisse ansehen",
      "Candor zeigt die Werte eines Teams nur, wenn genug Personen geantwortet haben, damit jede Antwort anonym bleibt.",
    ]);
    expect(notice("U0MGR0001")).toEqual([
      "Team A1 のパルス「Team pulse」が終了しました。結果は Candor で公開されています。",
      "結果を見る",
      "Candor がチームのスコアを表示するのは、すべての回答の匿名性を保てるだけの人数が回答した場合に限ります。",
    ]);
    // English, word for word.
    expect(notice("U0MGR0002")).toEqual([
      "The pulse “Team pulse” of Team B has closed: its results are published on Candor.",
      "See the results",
      "Candor shows a team's scores only when enough people answered to keep every answer anonymous.",
    ]);
    expect(teams.posts).toHaveLength(2);
    expect(cardWords(teams.posts[1])).toEqual([
      "Team A のパルス「Team pulse」が終了しました",
      "ご参加ありがとうございました。チームのマネージャーは、Candor が表示できる内容を確認できるようになりました（すべての回答の匿名性を保てるだけの人数が回答した場合に限ります）。",
      "Candor を開く",
    ]);
  });
});

describeWithDb("the account page's channel choices in the reader's language", (t) => {
  it("names the choices in German and Japanese for such a reader, and word for word in English", async () => {
    const org = await createTestOrganisation(t.app, { reps: 1 });
    const { data } = await callRoute(accountLoader as never, { app: t.app, path: "/account", cookie: org.people.repA!.cookie });
    const options = (html: string) => [...html.matchAll(/<option value="(both|slack|email)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options(await renderPage(Account, data, "/account", "de"))).toEqual([
      ["both", "Slack und E-Mail"],
      ["slack", "Nur Slack (E-Mail, wenn Slack mich nicht erreicht)"],
      ["email", "Nur E-Mail"],
    ]);
    expect(options(await renderPage(Account, data, "/account", "ja"))).toEqual([
      ["both", "Slack とメール"],
      ["slack", "Slack のみ（Slack で届けられない場合はメール）"],
      ["email", "メールのみ"],
    ]);
    expect(options(await renderPage(Account, data, "/account", "en"))).toEqual([
      ["both", "Slack and email"],
      ["slack", "Slack only (email when Slack cannot reach me)"],
      ["email", "Email only"],
    ]);
  });
});
