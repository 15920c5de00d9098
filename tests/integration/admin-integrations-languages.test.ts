import { beforeAll, expect, it } from "vitest";
import * as apiTokensPage from "../../app/routes/admin.api-tokens";
import * as auditPage from "../../app/routes/admin.audit";
import * as samlPage from "../../app/routes/admin.sso_.saml.$connectionId";
import { SSO_PROBLEMS } from "../../app/domain/sso";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { said } from "../../app/i18n/said";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 26: the integration pages (audit log, API tokens, company sign-in) speak the reader's language:
// the words the page is given, its refusals and field errors; English stays word for word.

const de = translatorFor("de");
const ja = translatorFor("ja");

describeWithDb("the integration pages in the reader's language", (t) => {
  let org: TestOrganisation;

  beforeAll(async () => {
    t.setNow("2026-05-04T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
  });

  const audit = (language: string) =>
    callRoute(auditPage.loader as never, { app: t.app, path: "/admin/audit?action=person.add", cookie: org.people.admin!.cookie, headers: { "accept-language": language } });

  it("writes the audit log's filter and sentences in German and Japanese, and in English as before", async () => {
    type Page = {
      page: { entries: Array<{ sentence: string; actionLabel: string; source: string; when: string }>; actions: Array<{ value: string; area: string; label: string }> };
    };
    const german = ((await audit("de")).data as Page).page;
    expect(german.actions.find((a) => a.value === "person.invite")).toEqual({ value: "person.invite", area: "Personen", label: "Person eingeladen" });
    expect(german.entries[0]).toMatchObject({ actionLabel: "Person hinzugefügt", source: "eine CSV-Datei", when: "4. Mai 2026, 09:00" });
    expect(german.entries[0]!.sentence).toMatch(/^Die Kommandozeile von Candor hat .+ als (Rep|Manager|Sales Enablement|Admin)( im Team .+)? hinzugefügt$/);
    const japanese = ((await audit("ja")).data as Page).page;
    expect(japanese.entries[0]!.sentence).toMatch(/^Candor のコマンドラインが .+ を.+として追加しました$/);
    const english = ((await audit("en")).data as Page).page;
    expect(english.actions.find((a) => a.value === "person.invite")).toEqual({ value: "person.invite", area: "People", label: "Person invited" });
    expect(english.entries[0]).toMatchObject({ actionLabel: "Person added", source: "a CSV file", when: "4 May 2026, 09:00" });
    expect(english.entries.map((e) => e.sentence)).toContain("Candor's command line added Rep A1 as a rep in Team A");
  });

  it("refuses a token without a name in the reader's language, and says it in English for English readers", async () => {
    const refused = await callRoute(apiTokensPage.action as never, {
      app: t.app,
      path: "/admin/api-tokens",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { intent: "create", name: "  " },
      headers: { "accept-language": "de" },
    });
    expect(refused.status).toBe(400);
    const { formError, fieldErrors } = refused.data as { formError: string; fieldErrors: Record<string, string> };
    expect(de.say(formError)).toBe("Geben Sie dem Token einen Namen, etwa den des Werkzeugs, das es verwenden wird.");
    expect(de.say(fieldErrors.name!)).toBe("Pflichtfeld");
    expect(ja.say(formError)).toBe("トークンに名前を付けてください（例：使用するツールの名前）。");
    expect(sayInEnglish(formError)).toBe("Give the token a name, such as the tool that will use it.");
  });

  it("says a SAML provider's field errors in German, and a refusal inside a sentence too", async () => {
    const saved = await callRoute(samlPage.action as never, {
      app: t.app,
      path: "/admin/sso/saml/new",
      method: "POST",
      params: { connectionId: "new" },
      cookie: org.people.admin!.cookie,
      form: { name: "Okta", emailDomains: "example.com", idpEntityId: "", idpSsoUrl: "http://idp.example/sso", idpCertificates: "" },
      headers: { "accept-language": "de" },
    });
    expect(saved.status).toBe(400);
    const errors = (saved.data as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(de.say(errors.idpSsoUrl!)).toBe("Die Anmeldeadresse des Anbieters (SSO-URL) muss mit https:// beginnen");
    expect(de.say(errors.idpEntityId!)).toBe("Geben Sie die Entity-ID des Anbieters (Issuer) ein");
    expect(sayInEnglish(errors.idpSsoUrl!)).toBe("The provider's sign-in address (SSO URL) must start with https://");
    // The admin's test report: a refusal said inside a sentence is said in the same language.
    const report = said("adminSso.testWouldRefuse", { problem: SSO_PROBLEMS["no-account"] });
    expect(de.say(report)).toBe(
      "Diese Anmeldung würde abgelehnt: In dieser Organisation gibt es kein Candor-Konto für Ihre E-Mail-Adresse, und bei der Anmeldung werden keine Konten angelegt. Bitten Sie Ihre Candor-Administration, Sie hinzuzufügen.",
    );
    expect(sayInEnglish(report)).toBe(
      "This sign-in would be refused: There is no Candor account for your email address in this organisation, and accounts are not made at sign-in. Ask your Candor administrator to add you.",
    );
  });
});
