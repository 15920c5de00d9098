import { beforeAll, expect, it } from "vitest";
import GuidePage, { action as guideAction, loader as guideLoader } from "../../app/routes/teams.$teamId_.guide";
import { itemBank, translatorFor } from "../../app/i18n/catalogues.server";
import { sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { orgWithClosedWaveOfTeamA } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { renderPage as render } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Issue 26: the manager's conversation guide in the reader's language — its words, the reasons and questions
// (Candor's own guide content, by key), the dimension names and the numbers; English stays word for word.

describeWithDb("the conversation guide in German", (t) => {
  let org: TestOrganisation;
  let cookie: string;
  const path = () => `/teams/${org.teams.a}/guide`;

  beforeAll(async () => {
    ({ org } = await orgWithClosedWaveOfTeamA(t));
    cookie = await sessionCookieFor(t.app, org.people.managerA!);
  });

  const load = (language: string) =>
    callRoute(guideLoader as never, { app: t.app, path: path(), params: { teamId: org.teams.a! }, cookie, headers: { "accept-language": language } });

  it("renders the page's words, a reason, a question and the dimension names in German", async () => {
    const { data } = await load("de-DE,de;q=0.9");
    const focus = (data as { focus: Array<{ dimension: { key: string; name: string } }> }).focus;
    expect(focus.length).toBeGreaterThan(0);
    const html = await render(GuidePage, data, path(), "de");
    expect(html).toContain("<h1>Teamgespräch: Team A</h1>");
    expect(html).toContain("Worüber Sie sprechen sollten");
    expect(html).toContain("Fragen an das Team:");
    expect(html).toContain("<strong>Warum:</strong> ");
    expect(html).toMatch(/Wert Ihres Teams: \d,\d von 7/);
    expect(html).toContain("Aktionsplan speichern");
    expect(html).toContain("Noch keine Aktionspläne.");
    // The first focus's dimension in German, with its direction, and its first question.
    const de = translatorFor("de");
    const first = focus[0]!.dimension;
    expect(first.name).toBe(itemBank("de")[`dimension.${first.key}`]);
    expect(html).toContain(`1. ${first.name} (`);
    expect(html).not.toContain("Collaboration");
    expect(html).not.toContain("Psychological safety");
    expect(html).toContain((data as { focus: Array<{ questionKeys: string[] }> }).focus[0]!.questionKeys.map((k) => escape(de.t(k as never)))[0]);
    expect(html).not.toContain("What to talk about");
    expect(html).not.toContain("Questions to ask the team");
  });

  it("stays word for word English in English", async () => {
    const { data } = await load("en");
    const html = await render(GuidePage, data, path(), "en");
    expect(html).toContain("<h1>Team conversation: Team A</h1>");
    expect(html).toContain("What to talk about");
    expect(html).toMatch(/<strong>Why:<\/strong> (lowest|next-lowest|joint lowest|weakest) score of your team: \d\.\d of 7/);
    expect(html).toContain("No action plans yet.");
  });

  it("says a refused plan's field error in German", async () => {
    const invalid = await callRoute(guideAction as never, {
      app: t.app,
      path: path(),
      params: { teamId: org.teams.a! },
      cookie,
      method: "POST",
      headers: { "accept-language": "de" },
      form: { intent: "create", dimensionKey: "collaboration", action: "Share notes", owner: "", reviewOn: "2026-12-24" },
    });
    expect(invalid.status).toBe(400);
    const errors = (invalid.data as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(translatorFor("de").say(errors.owner!)).not.toBe(translatorFor("en").say(errors.owner!));
    expect(translatorFor("en").say(errors.owner!)).toBe("Name who owns the action");
  });

  it("shows a plan and its review in German, its date in the German style", async () => {
    const saved = await callRoute(guideAction as never, {
      app: t.app,
      path: path(),
      params: { teamId: org.teams.a! },
      cookie,
      method: "POST",
      form: { intent: "create", dimensionKey: "collaboration", action: "Share notes", owner: "Mia", reviewOn: "2026-09-20" },
    });
    expect(saved.status).toBe(302);
    t.setNow("2026-09-21T08:00:00Z");
    const { data } = await load("de");
    const html = await render(GuidePage, data, path(), "de");
    expect(html).toContain("Zur Überprüfung fällig");
    expect(html).toContain("Zusammenarbeit, verantwortlich: Mia. Fällig, weil das Überprüfungsdatum (20. Sept. 2026) verstrichen ist.");
    expect(html).toContain(">Offen</span>");
    expect(html).toContain("Als erledigt markieren");
    expect(html).toContain('aria-label="Verwerfen: Share notes"');
    const english = await render(GuidePage, (await load("en")).data, path(), "en");
    expect(english).toContain("Collaboration, owned by Mia. Due because the review date (20 Sep 2026) has passed.");
  });
});

/** Text as renderToStaticMarkup escapes it. */
function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
