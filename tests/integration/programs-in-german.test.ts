import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, expect, it } from "vitest";
import * as newProgram from "../../app/routes/programs.new";
import * as newPlay from "../../app/routes/playbook.new";
import { ProgramErrorSummary } from "../../app/components/program-form";
import { ProgramPreviewCard } from "../../app/components/program-preview";
import type { ProgramPreview } from "../../app/domain/program-plan";
import { formatsFor } from "../../app/domain/format";
import type { Locale } from "../../app/domain/locales";
import { messagesFor, sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { I18nProvider } from "../../app/i18n/react";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 26: a program's preview and its refusals read in the page's language, with dates written for it; the
// services say their field errors by key (ADR 057), and the form shows them in German or Japanese.

/** A component as a page in `locale` draws it. */
function render(locale: Locale, node: ReactNode): string {
  return renderToStaticMarkup(createElement(I18nProvider, { language: { locale, dir: "ltr", messages: messagesFor(locale) }, children: node }));
}

/** Markup as text: tags out, entities as characters. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describeWithDb("pulse programs in German", (t) => {
  let org: TestOrganisation;

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 4 });
  });

  const send = (form: Record<string, string>) =>
    callRoute(newProgram.action as never, {
      app: t.app,
      path: "/programs/new",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      headers: { "accept-language": "de" },
      form,
    });

  it("previews a program in German: its words, the schedule sentence, the warnings and the first wave's date written for German", async () => {
    const answer = await send({
      intent: "preview",
      name: "Monatlicher Puls",
      dimensionKeys: "collaboration",
      teamIds: org.teams.b!,
      includeSubteams: "on",
      cadence: "monthly",
      startsOn: "2026-09-20",
      openDays: "7",
      reminderDays: "3, 5",
    });
    expect(answer.status).toBe(200);
    const preview = (answer.data as { preview: ProgramPreview }).preview;
    const german = text(render("de", createElement(ProgramPreviewCard, { preview })));
    const date = formatsFor("de").date("2026-09-20");
    expect(date).toMatch(/^20\. Sep/);
    expect(german).toContain("Vorschau: Noch wurde nichts angelegt");
    expect(german).toContain(`Die erste Welle beginnt am ${date}.`);
    expect(german).toContain(`Jeden Monat, ab ${date}; jede Welle ist 7 Tage offen, Erinnerungen an den Tagen 3 und 5 nach Beginn.`);
    expect(german).toContain("Dieses Team hat weniger Vertriebsmitarbeitende als die Mindestgruppe der Organisation von 5");
    expect(german).toContain("Bevor Sie es anlegen:");
    // No English is left on the card (the questions are the item bank's, stored in English for this organisation).
    for (const english of ["Preview: nothing is created yet", "The first wave opens", "Every month", "This team has", "Before you create it"])
      expect(german).not.toContain(english);
    // The same preview in English is word for word what the page said before (ADR 057 changes no English).
    const english = text(render("en", createElement(ProgramPreviewCard, { preview })));
    expect(english).toContain("Every month, from 2026-09-20; each wave is open 7 days, reminders on days 3 and 5 after opening. The first wave opens on 2026-09-20.");
    expect(english).toContain("This team has fewer reps than the organisation's minimum group of 5, so its own results will never be shown: Team B (4 reps).");
  });

  it("warns in one sentence of several teams below the minimum, their list joined the German and the Japanese way", async () => {
    const form = new URLSearchParams({
      intent: "preview",
      name: "Monatlicher Puls",
      dimensionKeys: "collaboration",
      cadence: "monthly",
      startsOn: "2026-09-20",
      openDays: "7",
      reminderDays: "3",
    });
    for (const team of [org.teams.a1!, org.teams.b!]) form.append("teamIds", team);
    form.append("includeSubteams", "on");
    const answer = await callRoute(newProgram.action as never, {
      app: t.app,
      path: "/programs/new",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      headers: { "accept-language": "de" },
      form,
    });
    expect(answer.status).toBe(200);
    const preview = (answer.data as { preview: ProgramPreview }).preview;
    expect(text(render("de", createElement(ProgramPreviewCard, { preview })))).toContain(
      "Diese Teams haben weniger Vertriebsmitarbeitende als die Mindestgruppe der Organisation von 5, daher werden ihre eigenen Ergebnisse nie angezeigt: Team A1 (4 Vertriebspersonen) und Team B (4 Vertriebspersonen). Die Antworten zählen trotzdem",
    );
    expect(text(render("ja", createElement(ProgramPreviewCard, { preview })))).toContain(
      "これらのチームの営業担当者数は組織の最小グループ（5人）未満のため、チーム自体の結果は表示されません：Team A1（4人）、Team B（4人）。",
    );
    expect(text(render("en", createElement(ProgramPreviewCard, { preview })))).toContain(
      "These teams have fewer reps than the organisation's minimum group of 5, so their own results will never be shown: Team A1 (4 reps) and Team B (4 reps). Their answers still count in the results of larger teams above them.",
    );
  });

  it("refuses a program with its field errors in German (and Japanese), each next to its field's German name", async () => {
    const answer = await send({ name: " ", cadence: "sometimes", startsOn: "2026-02-30", openDays: "0", reminderDays: "soon", teamIds: "" });
    expect(answer.status).toBe(400);
    const refused = answer.data as { formError: string; fieldErrors: Record<string, string> };
    // The service says its errors by key: English for the API, the reader's language on the page.
    expect(sayInEnglish(refused.fieldErrors.name!)).toBe("Name the program");
    expect(translatorFor("de").say(refused.fieldErrors.openDays!)).toBe("Mindestens 1 Tag");
    const german = text(render("de", createElement(ProgramErrorSummary, { message: refused.formError, errors: refused.fieldErrors })));
    expect(german).toContain("Es wurde nichts angelegt: 7 Felder brauchen Ihre Aufmerksamkeit, unten markiert.");
    expect(german).toContain("Name: Geben Sie dem Programm einen Namen");
    expect(german).toContain("Wie oft: Wählen Sie, wie oft es läuft");
    expect(german).toContain("Erste Welle beginnt am: Geben Sie ein Datum ein");
    expect(german).not.toMatch(/Name the program|Nothing was created/);
    const japanese = text(render("ja", createElement(ProgramErrorSummary, { message: refused.formError, errors: refused.fieldErrors })));
    expect(japanese).toContain("名前：プログラム名を入力してください");
    expect(japanese).toContain("何も作成されていません。");
  });

  it("refuses a play with its field errors said by key, German for a German reader", async () => {
    const answer = await callRoute(newPlay.action as never, {
      app: t.app,
      path: "/playbook/new",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      form: { title: "ab", summary: "Short", managerDoes: "Talk", cadence: "Weekly", goodResult: "Better" },
    });
    expect(answer.status).toBe(400);
    const refused = answer.data as { formError: string; fieldErrors: Record<string, string> };
    const de = translatorFor("de");
    expect(de.say(refused.formError)).toBe("Es wurde nichts gespeichert: Prüfen Sie die unten markierten Felder.");
    expect(de.say(refused.fieldErrors.title!)).toBe("Der Titel braucht mindestens 3 Zeichen");
    expect(de.say(refused.fieldErrors.dimensionKeys!)).toBe("Wählen Sie mindestens eine Dimension");
    expect(sayInEnglish(refused.fieldErrors.title!)).toBe("Enter a title in at least 3 characters");
  });
});
