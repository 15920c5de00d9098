import { beforeAll, expect, it } from "vitest";
import PlayPage, { action as playAction, loader as playLoader } from "../../app/routes/playbook.$playId";
import { DEFAULT_PLAYS } from "../../app/domain/playbook";
import { translatorFor } from "../../app/i18n/catalogues.server";
import { createPlay, getPlay, listPlays, updatePlay } from "../../app/services/playbook.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { renderPage } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Issue 26: a play's page in the reader's language. Candor's built-in plays are Candor's content, so every
// field — the title and summary, what the manager does, how often, what a good result looks like — comes from
// the catalogue while it reads as Candor wrote it; an organisation's own words stay as written.

const original = DEFAULT_PLAYS.find((p) => p.key === "pipeline-review-next-step")!;

/** What the page shows, as text: its scripts (the router's data) and tags out, entities as characters. */
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describeWithDb("the playbook in the reader's language", (t) => {
  let org: TestOrganisation;
  let playId: string;

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    playId = (await listPlays(t.app, await userOf(t.app, org.people.managerA!))).find((p) => p.key === original.key)!.id;
  });

  const load = (language: string, id = playId) =>
    callRoute(playLoader as never, { app: t.app, path: `/playbook/${id}`, params: { playId: id }, cookie: org.people.managerA!.cookie, headers: { "accept-language": language } });

  it("shows a built-in play's long texts in German: what the manager does and what a good result looks like", async () => {
    const { status, data } = await load("de-DE,de;q=0.9");
    expect(status).toBe(200);
    const page = text(await renderPage(PlayPage, data, `/playbook/${playId}`, "de"));
    expect(page).toContain("Pipeline-Reviews nach Aktivität und nächstem zugesagtem Schritt");
    expect(page).toContain("Was die Führungskraft tut");
    expect(page).toContain(
      "Führen Sie das Pipeline-Review Deal für Deal mit nur zwei Fragen: Was ist seit letzter Woche passiert (die letzte Aktivität mit Datum), und welchen nächsten Schritt hat der Käufer zugesagt, mit Datum? Fragen Sie nicht, in welcher Phase ein Deal steht.",
    );
    expect(page).toContain(
      "Gutes Ergebnis Innerhalb eines Quartals liegt die Abdeckung mit nächsten Schritten über 80 % und die stillstehende Pipeline (seit 14 oder mehr Tagen ohne Aktivität) unter 20 %; weniger Deals verschieben sich.",
    );
    expect(page).toContain("Wöchentlich, 30–45 Minuten im Team; 10 Minuten in jedem 1:1");
    for (const english of [original.managerDoes, original.goodResult, "Run the pipeline review", "next-step coverage", "What the manager does"])
      expect(page).not.toContain(english);
    // The action plan it offers starts from the play's German words, about a dimension named in German.
    const planForm = (data as { planForm: { dimensions: Array<{ key: string; name: string }>; values: { action: string } } }).planForm;
    expect(planForm.dimensions).toEqual([{ key: "forecast_pressure", name: "Druck auf ehrliche Prognosen" }]);
    expect(planForm.values.action).toBe(
      "Pipeline-Reviews nach Aktivität und nächstem zugesagtem Schritt: Besprechen Sie Deals danach, was passiert ist und was der Käufer als Nächstes zugesagt hat – nicht nach Phase oder gefühlter Wahrscheinlichkeit.",
    );
  });

  it("shows them in Japanese", async () => {
    const { data } = await load("ja");
    const page = text(await renderPage(PlayPage, data, `/playbook/${playId}`, "ja"));
    expect(page).toContain("マネージャーが行うこと");
    expect(page).toContain(
      "パイプラインレビューは案件ごとに、2つの質問だけで進めます。先週から何が起きたか（日付付きの直近の活動）と、買い手が合意した次のステップは何か（日付付き）です。案件がどのステージにあるかは尋ねません。",
    );
    expect(page).toContain("1四半期以内に、次のステップの設定率が80%を超え、停滞パイプライン（14日以上活動なし）が20%未満になり、ずれ込む案件も減ります。");
    expect(page).not.toContain(original.managerDoes);
    expect(page).not.toContain(original.goodResult);
    expect((data as { planForm: { values: { action: string } } }).planForm.values.action).toBe(
      "活動と合意済みの次のステップによるパイプラインレビュー：案件をステージや勘による確度ではなく、何が起きたか、買い手が次に何をすると合意したかでレビューします。",
    );
  });

  it("stays word for word English in English", async () => {
    const { data } = await load("en");
    const page = text(await renderPage(PlayPage, data, `/playbook/${playId}`, "en"));
    expect(page).toContain(`What the manager does ${original.managerDoes}`);
    expect(page).toContain(`Good result ${original.goodResult}`);
    expect(page).toContain(`How often ${original.cadence}`);
    expect((data as { planForm: { values: { action: string } } }).planForm.values.action).toBe(`${original.title}: ${original.summary}`);
  });

  it("edits a built-in play in the editor's language: the form shows German, and the words sent back unchanged stay Candor's", async () => {
    const handover = DEFAULT_PLAYS.find((p) => p.key === "account-notes-handover-test")!;
    const enablement = await userOf(t.app, org.people.enablement!);
    const id = (await listPlays(t.app, enablement)).find((p) => p.key === handover.key)!.id;
    const asEnablement = (language: string) =>
      callRoute(playLoader as never, {
        app: t.app,
        path: `/playbook/${id}`,
        params: { playId: id },
        cookie: org.people.enablement!.cookie,
        headers: { "accept-language": language },
      });
    const { t: de } = translatorFor("de");
    const german = (field: string) => de(`play.default.${handover.key}.${field}` as never);
    // The edit form's fields hold the German words, as the page above them shows them: no English left on the page.
    const html = await renderPage(PlayPage, (await asEnablement("de")).data, `/playbook/${id}`, "de");
    const textarea = (name: string) =>
      new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`)
        .exec(html)?.[1]
        ?.replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'");
    expect(textarea("managerDoes")).toBe(german("managerDoes"));
    expect(textarea("goodResult")).toBe(german("goodResult"));
    expect(html).toContain(`value="${german("title")}"`);
    for (const english of [handover.title, handover.summary, handover.managerDoes, handover.goodResult]) expect(text(html)).not.toContain(english);

    // Saving it with only the cadence rewritten: the other fields stay Candor's, so they stay in every reader's language.
    const form = new FormData();
    const sent = {
      title: german("title"),
      summary: german("summary"),
      managerDoes: german("managerDoes"),
      cadence: "Alle zwei Wochen, 20 Minuten",
      goodResult: german("goodResult"),
    };
    for (const [name, value] of Object.entries(sent)) form.append(name, value);
    for (const key of handover.dimensionKeys) form.append("dimensionKeys", key);
    for (const signal of handover.signals) form.append("signals", signal);
    const saved = await callRoute(playAction as never, {
      app: t.app,
      path: `/playbook/${id}`,
      method: "POST",
      params: { playId: id },
      cookie: org.people.enablement!.cookie,
      headers: { "accept-language": "de" },
      form,
    });
    expect(saved).toMatchObject({ status: 302, location: `/playbook/${id}?saved=1` });
    const stored = await getPlay(t.app, enablement, id);
    expect({ title: stored.title, summary: stored.summary, managerDoes: stored.managerDoes, cadence: stored.cadence, goodResult: stored.goodResult }).toEqual({
      title: handover.title,
      summary: handover.summary,
      managerDoes: handover.managerDoes,
      cadence: "Alle zwei Wochen, 20 Minuten",
      goodResult: handover.goodResult,
    });
    const english = text(await renderPage(PlayPage, (await asEnablement("en")).data, `/playbook/${id}`, "en"));
    expect(english).toContain(`What the manager does ${handover.managerDoes}`);
    expect(english).toContain("How often Alle zwei Wochen, 20 Minuten");
    const japanese = text(await renderPage(PlayPage, (await asEnablement("ja")).data, `/playbook/${id}`, "ja"));
    expect(japanese).toContain(translatorFor("ja").t(`play.default.${handover.key}.managerDoes` as never));
  });

  it("keeps the organisation's own words as written: a reworded field of a built-in play, and a play of its own", async () => {
    const enablement = await userOf(t.app, org.people.enablement!);
    const reworded = "Our own way: two questions per deal, and the rep books the next step before the review ends.";
    await updatePlay(t.app, enablement, playId, {
      title: original.title,
      summary: original.summary,
      dimensionKeys: original.dimensionKeys,
      signals: original.signals,
      managerDoes: reworded,
      cadence: original.cadence,
      goodResult: original.goodResult,
    });
    const german = text(await renderPage(PlayPage, (await load("de")).data, `/playbook/${playId}`, "de"));
    expect(german).toContain(reworded);
    // The fields the organisation left as Candor wrote them are still in German.
    expect(german).toContain(translatorFor("de").t("play.default.pipeline-review-next-step.goodResult"));
    expect(german).toContain("Pipeline-Reviews nach Aktivität und nächstem zugesagtem Schritt");

    const own = await createPlay(t.app, enablement, {
      title: "Monday deal huddle",
      summary: "Ten minutes on Monday where each rep names the deal they need help with.",
      dimensionKeys: ["collaboration"],
      signals: [],
      managerDoes: "Each Monday at 9, every rep names one deal they need help with and who could help; pairs meet the same day.",
      cadence: "Weekly, 10 minutes",
      goodResult: "Collaboration rises at the next waves; stale pipeline below 20% within a quarter.",
    });
    const ownPage = text(await renderPage(PlayPage, (await load("ja", own.id)).data, `/playbook/${own.id}`, "ja"));
    expect(ownPage).toContain("マネージャーが行うこと Each Monday at 9, every rep names one deal they need help with and who could help; pairs meet the same day.");
    expect(ownPage).toContain("Collaboration rises at the next waves; stale pipeline below 20% within a quarter.");
  });
});
