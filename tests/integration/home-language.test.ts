import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, expect, it, vi } from "vitest";
import { loader as homeLoader } from "../../app/routes/_index";
import { action as guideAction } from "../../app/routes/teams.$teamId_.guide";
import { createActionPlan } from "../../app/services/action-plans.server";
import { ActionPlanFields } from "../../app/components/action-plan-fields";
import { I18nProvider } from "../../app/i18n/react";
import { itemBank, messagesFor, translatorFor } from "../../app/i18n/catalogues.server";
import { parseSaid } from "../../app/i18n/said";
import type { Locale } from "../../app/domain/locales";
import { importCrmText, SALESFORCE_DEALS_HEADER } from "../factories/crm";
import { sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { orgWithClosedWaveOfTeamA, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 26: the home page and the action-plan form in the reader's language. The page is rendered as the
// browser would get it (its loader's data, the root's messages of one language), without a router.
let loaderData: unknown = null;
vi.mock("@remix-run/react", async (original) => ({
  ...(await original<Record<string, unknown>>()),
  useLoaderData: () => loaderData,
  Link: ({ to, children, ...rest }: { to: string; children?: ReactNode }) => createElement("a", { href: to, ...rest }, children),
  Form: ({ children, ...rest }: { children?: ReactNode }) => createElement("form", rest, children),
}));

const { default: Home } = await import("../../app/routes/_index");

function render(locale: Locale, element: ReactNode): string {
  return renderToStaticMarkup(createElement(I18nProvider, { language: { locale, dir: "ltr", messages: messagesFor(locale) }, children: element }));
}

describeWithDb("the home page and action plans in the reader's language", (t) => {
  let org: TestOrganisation;
  let cookie: string;

  beforeAll(async () => {
    ({ org } = await orgWithClosedWaveOfTeamA(t));
    cookie = await sessionCookieFor(t.app, { id: org.people.managerA!.id, organisationId: org.id });
  });

  it("shows a manager's home in German: its words, the dimensions' German names and numbers written the German way", async () => {
    const english = await callRoute(homeLoader as never, { app: t.app, path: "/", cookie, headers: { "accept-language": "en" } });
    const german = await callRoute(homeLoader as never, { app: t.app, path: "/", cookie, headers: { "accept-language": "de" } });
    type Data = { home: { manager: { teams: Array<{ dimensions: Array<{ key: string; name: string; score: { mean: number | null } }> }> } } };
    const dimensionsOf = (data: unknown) => (data as Data).home.manager.teams[0]!.dimensions;
    // The loader names the dimensions in the page's language; the scores are the same pooled results.
    expect(dimensionsOf(german.data).map((d) => d.name)).toEqual(dimensionsOf(german.data).map((d) => itemBank("de")[`dimension.${d.key}`]));
    expect(dimensionsOf(german.data).map((d) => d.score.mean)).toEqual(dimensionsOf(english.data).map((d) => d.score.mean));
    expect(dimensionsOf(english.data).map((d) => d.name)).toContain("Psychological safety");

    loaderData = german.data;
    const page = render("de", createElement(Home));
    expect(page).toContain("Offener Puls");
    expect(page).toContain("Blinde Flecken");
    expect(page).toContain("Was sich verändert hat");
    expect(page).toContain("Psychologische Sicherheit");
    expect(page).toContain("Team A: neueste Ergebnisse");
    // A score with a decimal comma ("5,4"), a German date ("14. Sept. 2026"), and none of the English.
    const mean = dimensionsOf(german.data).find((d) => d.score.mean !== null)!.score.mean!;
    expect(page).toContain(`: ${mean.toFixed(1).replace(".", ",")}`);
    expect(page).toMatch(/beendet am 1[34]\. Sept\. 2026/);
    expect(page).not.toContain("What changed");
    expect(page).not.toContain("latest results");

    loaderData = english.data;
    const inEnglish = render("en", createElement(Home));
    expect(inEnglish).toContain("What changed");
    expect(inEnglish).toContain(`: ${mean.toFixed(1)}`);
  });

  it("refuses an action plan without an owner with the field error in German (and Japanese)", async () => {
    const refused = await callRoute(guideAction as never, {
      app: t.app,
      path: `/teams/${org.teams.a}/guide`,
      params: { teamId: org.teams.a! },
      cookie,
      method: "POST",
      headers: { "accept-language": "de" },
      form: { intent: "create", dimensionKey: "collaboration", action: "Notizen teilen", owner: "", reviewOn: "2026-09-01" },
    });
    expect(refused.status).toBe(400);
    const { fieldErrors, formError } = refused.data as { fieldErrors: Record<string, string>; formError: string };
    expect(parseSaid(fieldErrors.owner!)?.key).toBe("actionPlan.error.owner");
    expect(translatorFor("de").say(fieldErrors.owner!)).toBe("Nennen Sie, wer für die Maßnahme verantwortlich ist");
    expect(translatorFor("de").say(fieldErrors.reviewOn!)).toBe("Wählen Sie ein Datum nach heute (2026-09-14)");
    expect(translatorFor("de").say(formError)).toBe("Nichts wurde gespeichert: Bitte prüfen Sie die unten markierten Felder.");
    expect(translatorFor("ja").say(fieldErrors.owner!)).toBe("アクションの担当者を記入してください");
    expect(translatorFor("en").say(fieldErrors.owner!)).toBe("Name who owns the action");

    // The form shows them where a person reads them, with its labels and hints in German.
    const form = render(
      "de",
      createElement(ActionPlanFields, { idPrefix: "plan", dimensions: [{ key: "collaboration", name: "Zusammenarbeit" }], values: {}, errors: fieldErrors, today: "2026-09-14" }),
    );
    expect(form).toContain("Nennen Sie, wer für die Maßnahme verantwortlich ist");
    expect(form).toContain("Verantwortlich");
    expect(form).toContain("ein Datum nach heute (14. Sept. 2026)");
    expect(form).not.toContain("\u2063");
  });

  it("shows an admin's roster and CRM checks in German and Japanese, their dates in the reader's style; English word for word", async () => {
    const adminCookie = await sessionCookieFor(t.app, { id: org.people.admin!.id, organisationId: org.id });
    const health = async (locale: Locale) => {
      loaderData = (await callRoute(homeLoader as never, { app: t.app, path: "/", cookie: adminCookie, headers: { "accept-language": locale } })).data;
      const page = render(locale, createElement(Home));
      const section = page.slice(page.indexOf('id="setup-health"'));
      return section
        .slice(0, section.indexOf("</section>"))
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ");
    };
    // 14 September: the roster was imported on 7 September, and there is no CRM snapshot yet.
    let de = await health("de");
    expect(de).toContain("Der letzte Import der Personalliste, der ein Team geändert hat, war am 7. September 2026 (vor 7 Tagen).");
    expect(de).toContain("Noch kein CRM-Snapshot: Abschlussquote, Pipeline und Prognosewerte bleiben leer, bis Sie einen Export hochladen.");
    let ja = await health("ja");
    expect(ja).toContain("チームを変更した最後の名簿の取り込みは2026年9月7日（7日前）です。");
    expect(ja).toContain("CRMスナップショットはまだありません。エクスポートをアップロードするまで、受注率、パイプライン、予測の数値は空のままです。");

    // A counted snapshot as of 1 August (44 days old: a newer one is asked for), uploaded on 2 September,
    // and a newer upload waiting to be confirmed.
    const deal = `rep-a1@${org.slug}.example,Deal 1,1000,07/15/2026,06/01/2026,Closed Won,true,true,006A1`;
    expect(await importCrmText(t.app, org.id, `${SALESFORCE_DEALS_HEADER}\n${deal}\n`, { asOf: "2026-08-01" })).toMatchObject({ status: "imported" });
    await t.app.db
      .updateTable("crmSnapshot")
      .set({ importedAt: new Date("2026-09-02T10:00:00Z") })
      .where("organisationId", "=", org.id)
      .execute();
    const later = `rep-a1@${org.slug}.example,Deal 2,2000,07/20/2026,06/01/2026,Closed Won,true,true,006A2`;
    expect(await importCrmText(t.app, org.id, `${SALESFORCE_DEALS_HEADER}\n${deal}\n${later}\n`, { asOf: "2026-09-13", status: "preview" })).toMatchObject({ status: "imported" });

    de = await health("de");
    expect(de).toContain(
      "Der neueste Snapshot hat den Stand vom 1. August 2026 (vor 44 Tagen), hochgeladen am 2. September 2026. Laden Sie einen neueren Export hoch: Verkaufsergebnisse und Prognosewerte enden an diesem Datum. 1 Upload wartet auf Ihre Bestätigung: Bis dahin zählt er für keine Kennzahl.",
    );
    expect(de).not.toMatch(/days ago|snapshot|uploaded/);
    ja = await health("ja");
    expect(ja).toContain(
      "最新のスナップショットは2026年8月1日時点のもの（44日前）で、2026年9月2日にアップロードされました。より新しいエクスポートをアップロードしてください。売上実績と予測の数値はその日付で止まっています。確定を待っているアップロードが1件あります。確定するまで、どの指標にも計上されません。",
    );
    expect(ja).not.toMatch(/August|days ago/);
    const en = await health("en");
    expect(en).toContain(" Roster Fine The last roster import that changed a team was on 7 September 2026 (7 days ago). Import a roster file ");
    expect(en).toContain(
      " CRM data Needs a look The latest snapshot is as of 1 August 2026 (44 days ago), uploaded on 2 September 2026. Upload a newer export: sales results and forecast readings stop at that date. 1 upload waits for you to confirm it: it counts for no metric until then. Upload CRM data ",
    );
  });

  it("says the next step's plan-due reason in German and Japanese, the date written for the reader, the dimension named in the language", async () => {
    await createActionPlan(t.app, await userOf(t.app, org.people.managerA!), org.teams.a!, {
      dimensionKey: "collaboration",
      action: "Notizen teilen",
      owner: "Mia",
      reviewOn: "2026-09-20",
    });
    t.setNow("2026-09-22T09:00:00Z");
    const home = async (locale: Locale) => {
      loaderData = (await callRoute(homeLoader as never, { app: t.app, path: "/", cookie, headers: { "accept-language": locale } })).data;
      return render(locale, createElement(Home));
    };
    const german = await home("de");
    expect(german).toContain("Ihr nächster Schritt");
    expect(german).toContain("Überprüfen Sie den Aktionsplan für Team A zu Zusammenarbeit: das Überprüfungsdatum (20. Sept. 2026) ist verstrichen.");
    // The plans due list gives the same reason in German.
    expect(german).toContain("Team A, Zusammenarbeit · verantwortlich Mia · Überprüfung 20. Sept. 2026: das Überprüfungsdatum (20. Sept. 2026) ist verstrichen");
    expect(german).not.toContain("has passed");
    const japanese = await home("ja");
    expect(japanese).toContain("Team Aの協働に関するアクションプランを見直してください：見直し日（2026年9月20日）を過ぎています。");
    expect(japanese).not.toContain("has passed");
    const english = await home("en");
    expect(english).toContain("Review the action plan for Team A on collaboration: the review date (20 Sep 2026) has passed.");
    expect(english).toContain("Team A, collaboration · owner Mia · review 20 Sep 2026: the review date (20 Sep 2026) has passed");
  });
});
