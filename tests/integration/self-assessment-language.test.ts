import { beforeAll, expect, it } from "vitest";
import SelfAssessmentPage, { loader as selfAssessmentLoader } from "../../app/routes/self-assessments.$waveId.$teamId";
import { MANAGER_TEXTS } from "../../app/domain/instrument";
import { addCustomItem } from "../../app/services/instrument.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { createOpenWave, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { renderPage as render } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Issue 26: the manager's self-assessment in the reader's language. Candor's items are asked in the item
// bank's manager wording ("manager.<code>"); a custom item's manager wording has no translations (it is the
// organisation's text) and is shown as written, with the same visible note as a rep's untranslated item.

type Form = { items: Array<{ code: string; text: string; lang: string; fallback: boolean }> };

const CUSTOM = "People on my team say what they think in pipeline reviews.";
/** Text as React writes it into HTML. */
const html = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("'", "&#x27;").replaceAll('"', "&quot;");

describeWithDb("the self-assessment in German and Japanese", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  let cookie: string;

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    const admin = await userOf(t.app, org.people.admin!);
    const custom = await addCustomItem(t.app, admin, {
      text: "I say what I think in pipeline reviews.",
      dimensionKey: "psychological_safety",
      newDimensionName: null,
      reverseKeyed: false,
      managerText: CUSTOM,
    });
    expect(custom.code).toBe("C1");
    ({ waveId } = await createOpenWave(t.app, org, { dimensionKeys: ["psychological_safety", "forecast_pressure"], reminderDays: [] }));
    cookie = await sessionCookieFor(t.app, org.people.managerA!);
  });

  const path = () => `/self-assessments/${waveId}/${org.teams.a}`;
  const load = async (language: string) => {
    const result = await callRoute(selfAssessmentLoader as never, {
      app: t.app,
      path: path(),
      params: { waveId, teamId: org.teams.a! },
      cookie,
      headers: { "accept-language": language },
    });
    expect(result.status).toBe(200);
    return result.data as Form;
  };

  it("asks Candor's items in German in the manager's wording, and marks the custom item shown in English", async () => {
    const form = await load("de-DE,de;q=0.9");
    expect(form.items.find((i) => i.code === "PS2")).toMatchObject({
      text: "Die Mitglieder meines Teams können Probleme und schwierige Themen bei mir ansprechen.",
      lang: "de",
      fallback: false,
    });
    expect(form.items.find((i) => i.code === "C1")).toMatchObject({ text: CUSTOM, lang: "en", fallback: true });
    expect(form.items.filter((i) => i.fallback).map((i) => i.code)).toEqual(["C1"]);

    const page = await render(SelfAssessmentPage, form, path(), "de");
    expect(page).toContain("<h1>Ihre Sicht auf Team A</h1>");
    expect(page).toContain("<legend>Die Mitglieder meines Teams können Probleme und schwierige Themen bei mir ansprechen.</legend>");
    expect(page).toContain("<legend>Ich respektiere eine zutreffende Einschätzung eines Deals, auch wenn die Nachricht schlecht ist.</legend>");
    expect(page).toContain("<legend>Die Mitglieder meines Teams fühlen sich unter Druck, Deals erst in ihren Commit aufzunehmen, wenn sie so gut wie sicher sind.</legend>");
    expect(page).toContain("Stimme voll und ganz zu");
    // Only the custom item is in English, said so on the page.
    expect(page).toContain(`<legend lang="en">${CUSTOM}</legend>`);
    expect(page.match(/Noch nicht übersetzt \(Deutsch\): angezeigt auf Englisch\./g)).toHaveLength(1);
    expect(page).not.toContain(MANAGER_TEXTS.PS2);
    expect(page).not.toContain("Not yet translated");
  });

  it("asks them in Japanese", async () => {
    const form = await load("ja");
    expect(form.items.find((i) => i.code === "PS2")).toMatchObject({
      text: "私のチームのメンバーは、問題や言いにくい話題を私に持ち出すことができる。",
      lang: "ja",
      fallback: false,
    });
    const page = await render(SelfAssessmentPage, form, path(), "ja");
    expect(page).toContain("<h1>Team Aについてのあなたの見方</h1>");
    expect(page).toContain("<legend>私のチームのメンバーは、問題や言いにくい話題を私に持ち出すことができる。</legend>");
    expect(page).toContain("<legend>私は、水増しした数字ではなく、メンバーの正直な最善の見込みを求めている。</legend>");
    expect(page).toContain("<legend>私のチームでは、メンバーが失敗すると、後々までその人の評価に響く。</legend>");
    expect(page).toContain(`<legend lang="en">${CUSTOM}</legend>`);
    expect(page.match(/未翻訳（日本語）のため、英語で表示しています。/g)).toHaveLength(1);
    expect(page).not.toContain(MANAGER_TEXTS.PS2);
  });

  it("stays word for word English in English, with no note", async () => {
    const form = await load("en");
    const page = await render(SelfAssessmentPage, form, path(), "en");
    expect(page).toContain("<h1>Your view of Team A</h1>");
    const asked = ["PS1", "PS2", "PS3", "PS4", "PS5", "PS6", "PS7", "FP1", "FP2", "FP3", "FP4", "FP5", "FP6"];
    expect(form.items.map((i) => i.code)).toEqual([...asked, "C1"]);
    for (const code of asked) expect(page).toContain(`<legend>${html(MANAGER_TEXTS[code]!)}</legend>`);
    expect(page).toContain(`<legend>${CUSTOM}</legend>`);
    expect(page).toContain("<legend>My team members can raise problems and difficult topics with me.</legend>");
    expect(page).not.toContain("Not yet translated");
    expect(form.items.every((i) => i.lang === "en" && !i.fallback)).toBe(true);
  });
});
