import { beforeAll, expect, it } from "vitest";
import TeamPage, { loader as teamLoader } from "../../app/routes/teams.$teamId";
import GapPage, { loader as gapLoader } from "../../app/routes/teams.$teamId_.gap";
import { sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { orgWithClosedWaveOfTeamA } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { renderPage as render } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Issue 26: the team page in the reader's language — its words, its dimensions' and items' names (from the
// item bank, done in the loader; the numbers stay pooled) and its numbers ("100 %" in German).

describeWithDb("the team page in German", (t) => {
  let org: TestOrganisation;
  let cookie: string;

  beforeAll(async () => {
    ({ org } = await orgWithClosedWaveOfTeamA(t));
    cookie = await sessionCookieFor(t.app, org.people.managerA!);
  });

  const load = (language: string) =>
    callRoute(teamLoader as never, { app: t.app, path: `/teams/${org.teams.a}`, params: { teamId: org.teams.a! }, cookie, headers: { "accept-language": language } });

  it("names the dimensions and items in the page's language, with the same numbers", async () => {
    const de = (await load("de")).data as {
      results: { dimensions: Array<{ key: string; name: string; score: { mean: number | null } }>; items: Array<{ code: string; text: string }> };
    };
    const en = (await load("en")).data as typeof de;
    expect(de.results.dimensions.find((d) => d.key === "psychological_safety")!.name).toBe("Psychologische Sicherheit");
    expect(en.results.dimensions.find((d) => d.key === "psychological_safety")!.name).toBe("Psychological safety");
    expect(de.results.items.find((i) => i.code === "PS2")!.text).toBe("Ich kann in diesem Team Probleme und schwierige Themen ansprechen.");
    expect(de.results.dimensions.map((d) => d.score.mean)).toEqual(en.results.dimensions.map((d) => d.score.mean));
  });

  it("renders the page's words, a dimension name and its numbers in German", async () => {
    const { data } = await load("de-DE,de;q=0.9");
    const html = await render(TeamPage, data, `/teams/${org.teams.a}`, "de");
    expect(html).toContain("Was das Team gesagt hat");
    expect(html).toContain("Aussage für Aussage");
    expect(html).toContain("<title>Psychologische Sicherheit, höher ist besser: 5,1 (95-%-Intervall 5,0 bis 5,2, n 5)</title>");
    expect(html).toContain("Ich kann in diesem Team Probleme und schwierige Themen ansprechen.");
    // Five of the ten people in Team A and Team A1 answered: the response rate as German writes a percentage.
    expect(html).toMatch(/<span class="stats__value">50\u00a0%<\/span><span class="stats__label">Rücklaufquote \(5 von 10\)<\/span>/);
    // A score with a decimal comma (Team A's collaboration is 3.08 over five reps), and the chart's table.
    expect(html).toContain("3,1");
    expect(html).toContain("Zahlen anzeigen");
    expect(html).not.toContain("What the team said");
    expect(html).not.toContain("response rate");
  });

  it("stays word for word English in English", async () => {
    const { data } = await load("en");
    const html = await render(TeamPage, data, `/teams/${org.teams.a}`, "en");
    expect(html).toContain("What the team said");
    expect(html).toContain("<title>Psychological safety, higher is better: 5.1 (95% interval 5.0 to 5.2, n 5)</title>");
    expect(html).toContain('<span class="stats__value">50%</span><span class="stats__label">response rate (5 of 10)</span>');
  });

  it("shows the self-vs-team page in German, its readings said to the manager", async () => {
    const { data } = await callRoute(gapLoader as never, {
      app: t.app,
      path: `/teams/${org.teams.a}/gap`,
      params: { teamId: org.teams.a! },
      cookie,
      headers: { "accept-language": "de" },
    });
    const html = await render(GapPage, data, `/teams/${org.teams.a}/gap`, "de");
    expect(html).toContain("<h1>Selbstbild und Team: Team A</h1>");
    expect(html).toContain("Ein <strong>blinder Fleck</strong> ist eine eindeutige Lücke");
    expect(html).toContain("Zusammenarbeit");
    // The manager did not answer the self-assessment: every row is "not rated", said to them.
    expect(html).toContain("Nicht bewertet");
    expect(html).toContain("Sie haben dies nicht bewertet.");
    expect(html).toContain("3,1 (2,9 bis 3,2), n = 5");
    expect(html).not.toContain("Self vs team");
  });
});
