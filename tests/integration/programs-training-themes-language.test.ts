import { beforeAll, expect, it } from "vitest";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import NewProgramPage, * as newProgram from "../../app/routes/programs.new";
import ProgramPage, { loader as programLoader } from "../../app/routes/programs.$programId";
import TrainingPage, { loader as trainingLoader } from "../../app/routes/training._index";
import OrgThemesPage, { loader as orgThemesLoader } from "../../app/routes/results.themes";
import { ProgramPreviewCard } from "../../app/components/program-preview";
import type { ProgramPreview } from "../../app/domain/program-plan";
import type { Locale } from "../../app/domain/locales";
import { messagesFor } from "../../app/i18n/catalogues.server";
import { I18nProvider } from "../../app/i18n/react";
import { addCustomItem } from "../../app/services/instrument.server";
import { saveItemTranslations } from "../../app/services/item-translations.server";
import { createCohort } from "../../app/services/training.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { renderPage } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Issue 26: the program form and page, the training page and the organisation's comment themes in the reader's
// language. Candor's questions and dimensions are the item bank's in that language (the pulse form's rule,
// app/domain/item-language.ts); a custom item without that language is shown as written, marked with its
// language and the note the pulse form gives; the themes are named by key in the catalogue and counted by key,
// whichever language a comment was written in. English stays word for word what it was.

/** Markup as text: tags out, entities as characters, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** What the page shows: without the router's copy of the loader's data (which carries the stored English). */
const shown = (html: string) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

const CO1 = {
  en: "Teammates share deal information with each other openly and promptly.",
  de: "Im Team werden Informationen zu Deals offen und zeitnah miteinander geteilt.",
  ja: "メンバー同士で、商談の情報をオープンかつ速やかに共有している。",
};
/** A custom item nobody translated: the organisation's language (English) on every page. */
const UNTRANSLATED = "I know what my manager expects of me.";
/** A custom item the organisation translated into German only. */
const TRANSLATED = { en: "We celebrate lost deals we learned from.", de: "Wir feiern verlorene Deals, aus denen wir gelernt haben." };
const NOTE = {
  de: "Noch nicht übersetzt (Deutsch): angezeigt auf Englisch.",
  ja: "未翻訳（日本語）のため、英語で表示しています。",
};

/** The comments of the wave: two languages, the same themes. */
const COMMENTS = [
  "The forecast call every Thursday is stressful, we get pushed to commit deals early.",
  "Wir werden gedrängt, Deals zu früh in den Commit zu nehmen.",
  "Territory split is unfair, I lost my best accounts.",
  "Die Gebietsaufteilung ist unfair, ich habe meine besten Accounts verloren.",
  "Salesforce hygiene is a mess, so many fields.",
  "The team shares account intel freely, great collaboration.",
];

describeWithDb("programs, training and comment themes in the reader's language", (t) => {
  let org: TestOrganisation;
  let programId: string;
  let untranslated: string;
  let translated: string;

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    const enablement = await userOf(t.app, org.people.enablement!);
    untranslated = (await addCustomItem(t.app, enablement, { text: UNTRANSLATED, dimensionKey: "collaboration", newDimensionName: null, reverseKeyed: false })).code;
    translated = (await addCustomItem(t.app, enablement, { text: TRANSLATED.en, dimensionKey: "collaboration", newDimensionName: null, reverseKeyed: false })).code;
    await saveItemTranslations(t.app, enablement, translated, { "t.de": TRANSLATED.de });
    const opened = await createOpenWave(t.app, org, { name: "Monthly team pulse", dimensionKeys: ["collaboration"], itemCodes: ["ENPS", "COMMENT"] });
    programId = opened.programId;
    const reps = (await t.app.db.selectFrom("waveAudience").select("personId").where("waveId", "=", opened.waveId).orderBy("personId").execute()).map((r) => r.personId);
    for (const [i, comment] of COMMENTS.entries()) {
      expect(await answer(t.app, opened.waveId, reps[i]!, { "a.CO1": "4", "a.COMMENT": comment })).toMatchObject({ status: "saved" });
    }
    t.setNow("2026-09-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toEqual([opened.waveId]);
    await createCohort(t.app, enablement, {
      name: "Coaching by questions",
      heldOn: "2026-09-01",
      managerIds: [org.people.managerA!.id],
      dimensionKeys: ["collaboration", "psychological_safety"],
    });
  });

  const load = (loader: unknown, path: string, language: string, params: Record<string, string> = {}) =>
    callRoute(loader as never, { app: t.app, path, params, cookie: org.people.enablement!.cookie, headers: { "accept-language": language } });

  async function page(component: () => ReactNode, loader: unknown, path: string, locale: Locale, params: Record<string, string> = {}) {
    const answered = await load(loader, path, locale, params);
    expect(answered.status).toBe(200);
    return shown(await renderPage(component, answered.data, path, locale));
  }

  it("lists the new program's questions and dimensions in German and Japanese, a custom item without the language marked and noted", async () => {
    const de = await page(NewProgramPage, newProgram.loader, "/programs/new", "de");
    expect(de).toContain(`<label for="dim-collaboration">Zusammenarbeit (alle 7 Fragen)</label>`);
    expect(de).toContain("Oder einzelne Fragen aus Psychologische Sicherheit");
    expect(de).toContain(`<label for="item-CO1">${CO1.de}</label>`);
    // Translated by the organisation: German, no note.
    expect(de).toContain(`<label for="item-${translated}">${TRANSLATED.de}</label>`);
    // Not translated: English, marked as English, and said so under it (the box is described by the note).
    expect(de).toContain(
      `aria-describedby="item-${untranslated}-language" value="${untranslated}"/><label for="item-${untranslated}" lang="en">${UNTRANSLATED}</label></div><p class="field__hint question__language" id="item-${untranslated}-language">${NOTE.de}</p>`,
    );
    expect(count(de, NOTE.de)).toBe(1);
    expect(text(de)).toContain(`eNPS, 0 bis 10: Wie wahrscheinlich ist es, dass Sie dieses Team als Arbeitsplatz weiterempfehlen?`);
    for (const english of [CO1.en, TRANSLATED.en, "Collaboration", "Psychological safety", "Account-intelligence sharing", "How likely are you"]) expect(de).not.toContain(english);

    const ja = await page(NewProgramPage, newProgram.loader, "/programs/new", "ja");
    expect(ja).toContain(`<label for="dim-collaboration">協働（全7問）</label>`);
    expect(ja).toContain(`<label for="item-CO1">${CO1.ja}</label>`);
    // Neither custom item has Japanese: both in English, each with the note.
    expect(ja).toContain(
      `<label for="item-${translated}" lang="en">${TRANSLATED.en}</label></div><p class="field__hint question__language" id="item-${translated}-language">${NOTE.ja}</p>`,
    );
    expect(ja).toContain(
      `<label for="item-${untranslated}" lang="en">${UNTRANSLATED}</label></div><p class="field__hint question__language" id="item-${untranslated}-language">${NOTE.ja}</p>`,
    );
    expect(count(ja, NOTE.ja)).toBe(2);
    expect(ja).not.toContain(CO1.en);

    // English, word for word as before: no marks, no notes.
    const en = await page(NewProgramPage, newProgram.loader, "/programs/new", "en");
    expect(en).toContain(`<label for="dim-collaboration">Collaboration (all 7 items)</label>`);
    expect(en).toContain("Or single items of Psychological safety");
    expect(en).toContain(`<label for="item-CO1">${CO1.en}</label>`);
    expect(en).toContain(`<label for="item-${untranslated}">${UNTRANSLATED}</label>`);
    expect(en).toContain(`<label for="item-ENPS">eNPS, 0 to 10: How likely are you to recommend this team as a place to work?</label>`);
    expect(en).not.toContain("question__language");
  });

  it("previews a program with its questions in German, the untranslated one noted", async () => {
    const answered = await callRoute(newProgram.action as never, {
      app: t.app,
      path: "/programs/new",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      headers: { "accept-language": "de" },
      form: {
        intent: "preview",
        name: "Zusammenarbeit",
        dimensionKeys: "collaboration",
        teamIds: org.teams.a!,
        includeSubteams: "on",
        cadence: "monthly",
        startsOn: "2026-10-01",
        openDays: "7",
        reminderDays: "3",
      },
    });
    expect(answered.status).toBe(200);
    const preview = (answered.data as { preview: ProgramPreview }).preview;
    expect(preview.questions.find((q) => q.code === "CO1")).toMatchObject({ text: CO1.de, lang: "de", fallback: false });
    expect(preview.questions.find((q) => q.code === untranslated)).toMatchObject({ text: UNTRANSLATED, lang: "en", fallback: true });
    const render = (locale: Locale) =>
      renderToStaticMarkup(
        createElement(I18nProvider, { language: { locale, dir: "ltr", messages: messagesFor(locale) }, children: createElement(ProgramPreviewCard, { preview }) }),
      );
    const de = render("de");
    expect(de).toContain(`<li><span>${CO1.de}</span></li>`);
    expect(de).toContain(`<li><span lang="en">${UNTRANSLATED}</span><p class="field__hint question__language">${NOTE.de}</p></li>`);
  });

  it("shows the program's questions and its edit form in German and Japanese, English word for word", async () => {
    const path = `/programs/${programId}`;
    const de = await page(ProgramPage, programLoader, path, "de", { programId });
    expect(de).toContain("Was Vertriebsmitarbeitende gefragt werden");
    expect(de).toContain(`<li><span>${CO1.de}</span></li>`);
    expect(de).toContain(`<li><span>${TRANSLATED.de}</span></li>`);
    expect(de).toContain(`<li><span lang="en">${UNTRANSLATED}</span><p class="field__hint question__language">${NOTE.de}</p></li>`);
    // The edit form: the dimension and its items in German too.
    expect(de).toContain(`<label for="dim-collaboration">Zusammenarbeit (alle 7 Fragen)</label>`);
    expect(de).toContain(`<label for="item-CO1">${CO1.de}</label>`);
    // The note under the untranslated item in the list, in the edit form and in its live preview.
    expect(count(de, NOTE.de)).toBe(3);
    for (const english of [CO1.en, TRANSLATED.en, "Collaboration", "Psychological safety"]) expect(de).not.toContain(english);

    const ja = await page(ProgramPage, programLoader, path, "ja", { programId });
    expect(ja).toContain(`<li><span>${CO1.ja}</span></li>`);
    expect(ja).toContain(`<li><span lang="en">${TRANSLATED.en}</span><p class="field__hint question__language">${NOTE.ja}</p></li>`);
    expect(ja).toContain(`<label for="dim-collaboration">協働（全7問）</label>`);
    expect(ja).not.toContain(CO1.en);

    const en = await page(ProgramPage, programLoader, path, "en", { programId });
    expect(en).toContain(`<h2 id="items-h">What reps are asked</h2><ol><li><span>${CO1.en}</span></li>`);
    expect(en).toContain(`<li><span>${UNTRANSLATED}</span></li>`);
    expect(en).toContain(`<label for="dim-collaboration">Collaboration (all 7 items)</label>`);
    expect(en).not.toContain("question__language");
  });

  it("names the dimensions of the training page in German and Japanese, English word for word", async () => {
    const de = text(await page(TrainingPage, trainingLoader, "/training", "de"));
    expect(de).toContain("Coaching by questions · 1. Sept. 2026 · 1 Führungskraft · Zusammenarbeit, Psychologische Sicherheit");
    for (const name of ["Psychologische Sicherheit", "Zusammenarbeit", "Weitergabe von Kundenwissen", "Druck auf ehrliche Prognosen"]) expect(de).toContain(` ${name} `);
    for (const english of ["Psychological safety", "Collaboration", "Account-intelligence sharing", "Forecast-honesty pressure"]) expect(de).not.toContain(english);

    const ja = text(await page(TrainingPage, trainingLoader, "/training", "ja"));
    expect(ja).toContain("協働, 心理的安全性");
    for (const name of ["顧客情報の共有", "正直な予測へのプレッシャー"]) expect(ja).toContain(` ${name} `);
    expect(ja).not.toContain("Collaboration");

    const en = text(await page(TrainingPage, trainingLoader, "/training", "en"));
    expect(en).toContain("Coaching by questions · 1 Sep 2026 · 1 manager · Collaboration, Psychological safety");
    for (const name of ["Account-intelligence sharing", "Forecast-honesty pressure"]) expect(en).toContain(` ${name} `);
  });

  it("names the organisation's comment themes in German and Japanese and counts English and German comments on one theme together", async () => {
    const answered = await load(orgThemesLoader, "/results/themes", "de");
    expect(answered.status).toBe(200);
    const data = answered.data as { rows: Array<{ id: string; counts: { comments: number; themes: Array<{ theme: string; comments: number }> } | null }> };
    const org = data.rows.find((r) => r.id === "org")!.counts!;
    expect(org.comments).toBe(6);
    // One English and one German comment each: counted by theme, not by language.
    expect(org.themes.find((x) => x.theme === "forecasting")!.comments).toBe(2);
    expect(org.themes.find((x) => x.theme === "credit-territory")!.comments).toBe(2);

    const de = shown(await renderPage(OrgThemesPage, answered.data, "/results/themes", "de"));
    for (const name of [
      "Prognose und Commit",
      "Pipeline-Reviews",
      "Anrechnung und Gebiete",
      "Verhalten der Führungskraft",
      "Tools und CRM-Pflege",
      "Arbeitslast und Quote",
      "Anerkennung",
      "Zusammenarbeit",
    ])
      expect(de).toContain(`<th scope="col" class="num">${name}</th>`);
    for (const english of ["Forecasting and commit", "Credit and territory", "Tools and CRM hygiene", "Workload and quota", "Collaboration"]) expect(de).not.toContain(english);

    const ja = await renderPage(OrgThemesPage, (await load(orgThemesLoader, "/results/themes", "ja")).data, "/results/themes", "ja");
    for (const name of ["予測とCommit", "パイプラインレビュー", "功績の配分とテリトリー", "マネージャーの行動", "ツールとCRMの整備", "業務量とノルマ", "評価・承認", "協働"])
      expect(ja).toContain(`<th scope="col" class="num">${name}</th>`);

    const en = await renderPage(OrgThemesPage, (await load(orgThemesLoader, "/results/themes", "en")).data, "/results/themes", "en");
    for (const name of [
      "Forecasting and commit",
      "Pipeline reviews",
      "Credit and territory",
      "Manager behaviour",
      "Tools and CRM hygiene",
      "Workload and quota",
      "Recognition",
      "Collaboration",
    ])
      expect(en).toContain(`<th scope="col" class="num">${name}</th>`);
  });
});
