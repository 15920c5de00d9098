import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as chatPage from "../../app/routes/admin.chat";
import { createTestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { dmChannelOf, newFakeSlack, slackHandlers } from "../mocks/slack";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 26: a rep's pulse in Slack is in their language, like their email (their setting, else the
// organisation's default); Slack's Web API is the msw mock the Slack tests use.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

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
    for (let i = 0; i < 100 && (postsTo("U0DE00001").length === 0 || postsTo("U0EN00001").length === 0); i++) await new Promise((r) => setTimeout(r, 100));
    expect(postsTo("U0DE00001")[0]!.params.text).toMatch(/^Der Puls von Team A ist bis zum \d{1,2}\. \S+ 2026 geöffnet\. Er dauert etwa 3 Minuten/);
    expect(postsTo("U0DE00001")[0]!.params.blocks).toContain("Puls beantworten");
    expect(postsTo("U0EN00001")[0]!.params.text).toMatch(/^The Team A pulse is open until 2026-09-\d\d\. It takes about 3 minutes/);
  });
});
