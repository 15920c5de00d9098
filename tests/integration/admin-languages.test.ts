import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, expect, it } from "vitest";
import * as settingsRoute from "../../app/routes/admin.settings";
import * as rosterRoute from "../../app/routes/admin.roster";
import { RosterPlanView } from "../../app/components/roster-plan";
import { I18nProvider } from "../../app/i18n/react";
import { messagesFor, sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { requestLocale, requestTranslator } from "../../app/services/locale.server";
import { applyRoster } from "../../app/services/roster.server";
import type { RosterPlan } from "../../app/domain/roster";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 26, the admin pages: the organisation's default language is a setting (refused when Candor lacks
// it), the roster import sets each person's language from an optional column, and the admin pages' words
// and refusals come out in the reader's language.

const SETTINGS = { name: "Org", minGroupSize: "5", minCommentGroupSize: "5", fiscalYearStartMonth: "1", timezone: "UTC", recentJoinDays: "14" };

describeWithDb("the admin pages in every language", (t) => {
  let org: TestOrganisation;
  let adminCookie: string;
  const d = () => `${org.slug}.example`;
  const organisation = () => t.app.db.selectFrom("organisation").select(["name", "defaultLanguage"]).where("id", "=", org.id).executeTakeFirstOrThrow();
  const settings = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    callRoute(settingsRoute.action, { app: t.app, path: "/admin/settings", method: "POST", cookie: adminCookie, form: { ...SETTINGS, ...form }, headers });
  const roster = (content: string, intent = "apply", headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("intent", intent);
    if (intent === "apply") form.set("csv", content);
    else form.set("file", new File([content], "roster.csv", { type: "text/csv" }));
    return callRoute(rosterRoute.action, { app: t.app, path: "/admin/roster", method: "POST", cookie: adminCookie, form, headers });
  };
  const languageOf = async (email: string) =>
    (await t.app.db.selectFrom("person").select("language").where("organisationId", "=", org.id).where("email", "=", email).executeTakeFirstOrThrow()).language;

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
    adminCookie = await sessionCookieFor(t.app, org.people.admin!);
  });

  it("refuses a default language Candor lacks next to the field, and changes nothing", async () => {
    const before = await organisation();
    expect(before.defaultLanguage).toBe("en");
    const refused = await settings({ name: "Renamed", recentJoinDays: "30", defaultLanguage: "xx" });
    expect(refused.status).toBe(400);
    const body = refused.data as { saved: boolean; fieldErrors: Record<string, string> };
    expect(body.saved).toBe(false);
    expect(body.fieldErrors.defaultLanguage).toBe('"xx" is not a language Candor has. Use one of: en, de, fr, es, pt-BR, ja, ar.');
    expect(await organisation()).toEqual(before);
    expect((await t.app.db.selectFrom("organisation").select("recentJoinDays").where("id", "=", org.id).executeTakeFirstOrThrow()).recentJoinDays).toBe(14);
    // The refusal is in the page's language.
    const german = await settings({ defaultLanguage: "xx" }, { "accept-language": "de" });
    expect((german.data as { fieldErrors: Record<string, string> }).fieldErrors.defaultLanguage).toBe(
      "„xx“ ist keine Sprache, die Candor kennt. Verwenden Sie eine dieser: en, de, fr, es, pt-BR, ja, ar.",
    );
    expect((await organisation()).defaultLanguage).toBe("en");
  });

  it("saves the default language, audited; people without their own language then read German", async () => {
    const repA = org.people.repA!;
    const request = () => new Request("http://candor.test/", { headers: { cookie: repA.cookie } });
    expect(await requestLocale({ app: t.app } as never, request())).toBe("en");
    const loaded = await callRoute(settingsRoute.loader, { app: t.app, path: "/admin/settings", cookie: adminCookie });
    expect(loaded.data).toMatchObject({ defaultLanguage: "en" });
    expect((loaded.data as { languages: Array<{ value: string }> }).languages.map((l) => l.value)).toEqual(["en", "de", "fr", "es", "pt-BR", "ja", "ar"]);

    const saved = await settings({ defaultLanguage: "de" });
    expect(saved.status).toBe(200);
    expect((await organisation()).defaultLanguage).toBe("de");
    const audit = await t.app.db
      .selectFrom("auditEntry")
      .select(["action", "before", "after"])
      .where("organisationId", "=", org.id)
      .where("action", "=", "organisation.settings-change")
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { defaultLanguage: "en" }, after: { defaultLanguage: "de" } });

    // A page for a rep with no language of their own, and a browser asking for none.
    expect(await requestLocale({ app: t.app } as never, request())).toBe("de");
    expect((await requestTranslator({ app: t.app } as never, request())).t("adminSettings.save")).toBe("Einstellungen speichern");
    // Their pulse email.
    await createOpenWave(t.app, org);
    const mail = await t.mailbox.waitFor(repA.email, 1);
    expect(mail.subject).toMatch(/^Ihr Team-Puls ist geöffnet: /);
    // A person's own language still comes first.
    await t.app.db.updateTable("person").set({ language: "ja" }).where("id", "=", org.people.repB!.id).execute();
    expect(await requestLocale({ app: t.app } as never, new Request("http://candor.test/", { headers: { cookie: org.people.repB!.cookie } }))).toBe("ja");
    await settings({ defaultLanguage: "en" });
  });

  it("sets each person's language from the roster's language column, empty following the browser", async () => {
    await t.app.db.updateTable("person").set({ language: "fr" }).where("id", "=", org.people.repB!.id).execute();
    const header = "email,name,role,team,manager_email,language";
    const text = [
      header,
      `new-de@${d()},Neu Deutsch,rep,Team A,,de`,
      `new-none@${d()},New None,rep,Team A,,`,
      `${org.people.repA!.email},Rep A,rep,Team A,,pt-br`,
      `${org.people.repB!.email},Rep B,rep,Team B,,`,
    ].join("\n");
    const preview = await roster(text, "preview");
    expect(preview.data).toMatchObject({
      step: "preview",
      plan: {
        added: [
          { email: `new-de@${d()}`, language: "de" },
          { email: `new-none@${d()}`, language: null },
        ],
        languageChanges: [
          { email: org.people.repA!.email, from: null, to: "pt-BR" },
          { email: org.people.repB!.email, from: "fr", to: null },
        ],
      },
    });
    expect(await languageOf(org.people.repA!.email)).toBeNull();
    const done = await roster(text);
    expect(done.data).toMatchObject({ step: "done", applied: true });
    expect(await languageOf(`new-de@${d()}`)).toBe("de");
    expect(await languageOf(`new-none@${d()}`)).toBeNull();
    expect(await languageOf(org.people.repA!.email)).toBe("pt-BR");
    expect(await languageOf(org.people.repB!.email)).toBeNull();
    const audit = await t.app.db.selectFrom("auditEntry").select(["after"]).where("organisationId", "=", org.id).where("action", "=", "person.language-change").execute();
    expect(audit.map((a) => a.after)).toEqual(expect.arrayContaining([{ language: "pt-BR" }, { language: null }]));
    // A file without the column leaves everyone's language as it is.
    const again = await applyRoster(t.app, org.id, `email,name,role,team,manager_email\n${org.people.repA!.email},Rep A,rep,Team A,\n`, { deactivateMissing: false });
    expect(again).toMatchObject({ ok: true, plan: { languageChanges: [] } });
    expect(await languageOf(org.people.repA!.email)).toBe("pt-BR");
  });

  it("refuses the whole roster for an unknown language, with its line and column, and imports nothing", async () => {
    const text = ["email,name,role,team,manager_email,language", `lang-ok@${d()},Lang Ok,rep,Team A,,ja`, `lang-bad@${d()},Lang Bad,rep,Team A,,xx`].join("\n");
    const refused = await roster(text);
    expect(refused.status).toBe(400);
    const body = refused.data as { step: string; formError: string; problems: Array<{ line: number; column: string; message: string }> };
    expect(body.step).toBe("upload");
    expect(sayInEnglish(body.formError)).toBe("Nothing was imported: the file has 1 problem. Fix it and upload it again.");
    expect(body.problems.map((p) => ({ ...p, message: sayInEnglish(p.message) }))).toEqual([
      { line: 3, column: "language", message: '"xx" is not a language Candor has (use one of: en, de, fr, es, pt-BR, ja, ar, or leave it empty)' },
    ]);
    const imported = await t.app.db.selectFrom("person").select("email").where("organisationId", "=", org.id).where("email", "like", "lang-%").execute();
    expect(imported).toEqual([]);
  });

  it("shows the roster page's words and its refusals in German", async () => {
    const refused = await roster(`email,name,role,team,manager_email\nnot-an-email,X,wizard,Team A,\n`, "preview", { "accept-language": "de" });
    const body = refused.data as { formError: string; problems: Array<{ message: string }> };
    const { say } = translatorFor("de");
    expect(say(body.formError)).toBe("Es wurde nichts importiert: Die Datei hat 2 Probleme. Beheben Sie sie und laden Sie sie erneut hoch.");
    expect(body.problems.map((p) => say(p.message))).toEqual([
      "„not-an-email“ ist keine E-Mail-Adresse",
      "„wizard“ ist keine Rolle (verwenden Sie rep, manager, enablement oder admin)",
    ]);
    expect(translatorFor("ja").say(body.problems[0]!.message)).toBe("「not-an-email」はメールアドレスではありません");

    const preview = await roster(`email,name,role,team,manager_email\nneu@${d()},Neu Person,rep,Team A,\n`, "preview", { "accept-language": "de" });
    const plan = (preview.data as { plan: RosterPlan }).plan;
    const html = renderToStaticMarkup(
      createElement(I18nProvider, {
        language: { locale: "de", dir: "ltr", messages: messagesFor("de") },
        children: createElement(RosterPlanView, { plan: { ...plan, notes: [] } }),
      }),
    );
    expect(html).toContain("Neue Personen (1)");
    expect(html).toContain(`Neu Person &lt;neu@${d()}&gt;, Vertrieb, Team A`);
    expect(html).toMatch(/\d+ Personen unverändert\./);
  });
});
