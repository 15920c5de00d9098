import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as itemsRoute from "../../app/routes/items";
import { signBallot } from "../../app/services/ballots.server";
import { getLanguageCounts } from "../../app/services/language-counts.server";
import { closeWave } from "../../app/services/waves.server";
import { translatorFor } from "../../app/i18n/catalogues.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { audienceTeam, blindToken } from "../factories/ballots";
import { answer, createOpenWave, userOf } from "../factories/pulse";
import { ballotPublicKey } from "../../app/services/ballots.server";
import { startHttpLayer } from "../support/http-layer";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 26 (ADR 055, ADR 058): the item bank page in the page's language, the organisation's own
// translations of its custom and Edmondson items (editor and all-or-nothing upload, admins and enablement
// only), and the per-language counts recorded with the signature, rolled up at close, shown only at the
// minimum group size.

type Bank = Awaited<ReturnType<typeof itemsRoute.loader>>;
type Problems = Array<{ line: number | null; key: string; message: string }>;

describeWithDb("item languages", (t) => {
  let org: TestOrganisation;
  let close: () => Promise<void>;
  let base: string;
  const load = async (cookie: string, language = "en") => {
    const result = await callRoute(itemsRoute.loader, { app: t.app, path: "/items", cookie, headers: { "accept-language": language } });
    return { status: result.status, bank: result.data as Bank };
  };
  const post = (cookie: string, form: Record<string, string> | FormData, language = "en") =>
    callRoute(itemsRoute.action, { app: t.app, method: "POST", path: "/items", cookie, form, headers: { "accept-language": language } });
  const upload = (cookie: string, csv: string) => {
    const form = new FormData();
    form.set("file", new File([csv], "translations.csv", { type: "text/csv" }));
    return post(cookie, form);
  };
  const translationsOf = async (code: string) =>
    (await t.app.db.selectFrom("item").select("translations").where("organisationId", "=", org.id).where("code", "=", code).executeTakeFirstOrThrow()).translations;
  const itemOf = (bank: Bank, code: string) => [...bank.dimensions.flatMap((d) => d.items), ...bank.otherItems].find((i) => i.code === code)!;

  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 4 });
    const admin = org.people.admin!;
    expect((await post(admin.cookie, { intent: "edmondson", enabled: "on" })).status).toBe(200);
    expect((await post(admin.cookie, { intent: "add", text: "I know what my manager expects of me.", dimensionKey: "collaboration", newDimensionName: "" })).status).toBe(200);
    ({ base, close } = await startHttpLayer(t.app));
  });
  afterAll(() => close());

  it("shows the items and dimensions in the page's language, and marks Edmondson's as Candor's own translation", async () => {
    const { status, bank } = await load(org.people.enablement!.cookie, "de");
    expect(status).toBe(200);
    expect(bank.dimensions.find((d) => d.key === "psychological_safety")!.shownName).toBe("Psychologische Sicherheit");
    const eps2 = itemOf(bank, "EPS2");
    expect(eps2).toMatchObject({
      shownText: "Die Mitglieder dieses Teams können Probleme und schwierige Themen ansprechen.",
      shownLang: "de",
      candorTranslation: true,
      translatable: true,
    });
    expect(itemOf(bank, "PS2")).toMatchObject({ shownLang: "de", candorTranslation: false, translatable: false });
    // The custom item has no German yet: shown in the organisation's language (English).
    expect(itemOf(bank, "C1")).toMatchObject({ shownText: "I know what my manager expects of me.", shownLang: "en", translatable: true });
    const en = await load(org.people.enablement!.cookie, "en");
    expect(itemOf(en.bank, "EPS2")).toMatchObject({ shownLang: "en", candorTranslation: false });
    // The page's words come from the catalogue in its language.
    const de = translatorFor("de");
    expect(de.t("items.candorTranslation")).toBe("(Eigene Übersetzung von Candor, keine veröffentlichte validierte Fassung)");
    expect(translatorFor("ja").t("items.title")).toBe("項目バンク");
  });

  it("saves an item's translations from the editor, audited, and shows them in that language", async () => {
    const admin = org.people.admin!;
    const saved = await post(admin.cookie, {
      intent: "translate",
      code: "C1",
      "t.de": "  Ich weiß, was meine Führungskraft von mir erwartet. ",
      "t.ja": "上司が自分に何を期待しているか分かっている。",
      "t.fr": "",
    });
    expect(saved.status).toBe(200);
    expect(translatorFor("en").say((saved.data as { done: string }).done)).toBe("Translations of C1 saved.");
    expect(await translationsOf("C1")).toEqual({ de: "Ich weiß, was meine Führungskraft von mir erwartet.", ja: "上司が自分に何を期待しているか分かっている。" });
    const { bank } = await load(admin.cookie, "ja");
    expect(itemOf(bank, "C1")).toMatchObject({ shownText: "上司が自分に何を期待しているか分かっている。", shownLang: "ja" });
    const audit = await t.app.db
      .selectFrom("auditEntry")
      .select(["action", "targetId"])
      .where("organisationId", "=", org.id)
      .where("action", "=", "item.translations-change")
      .execute();
    expect(audit).toEqual([{ action: "item.translations-change", targetId: "C1" }]);
    // An Edmondson item's own translation replaces Candor's, which is then no longer marked; the page says so in German.
    const german = await post(admin.cookie, { intent: "translate", code: "EPS2", "t.de": "Bei uns kann man Probleme offen ansprechen." }, "de");
    expect(german.data).toMatchObject({ done: "Übersetzungen von EPS2 gespeichert." });
    expect(itemOf((await load(admin.cookie, "de")).bank, "EPS2")).toMatchObject({ shownText: "Bei uns kann man Probleme offen ansprechen.", candorTranslation: false });
  });

  it("refuses an over-long translation in the editor with its field, in the page's language, and changes nothing", async () => {
    const refused = await post(org.people.admin!.cookie, { intent: "translate", code: "C1", "t.de": "x".repeat(301), "t.es": "Sé lo que mi jefe espera de mí." }, "de");
    expect(refused.status).toBe(400);
    const body = refused.data as { formError: string; fieldErrors: Record<string, string>; translated: string };
    expect(body.translated).toBe("C1");
    expect(translatorFor("de").say(body.fieldErrors["t.de"]!)).toBe("Verwenden Sie höchstens 300 Zeichen.");
    expect(translatorFor("de").say(body.formError)).toBe("Nichts wurde gespeichert: Korrigieren Sie die markierten Übersetzungen.");
    expect((await translationsOf("C1")).es).toBeUndefined();
    // Candor's own items are translated in Candor's files, not here.
    const own = await post(org.people.admin!.cookie, { intent: "translate", code: "PS2", "t.de": "Etwas anderes." });
    expect(own.status).toBe(400);
    expect(await translationsOf("PS2")).toEqual({});
  });

  it("applies a translation file all at once", async () => {
    const done = await upload(
      org.people.enablement!.cookie,
      'code,lang,text\nEPS1,fr,"Si l\'on fait une erreur dans cette équipe, on nous le reproche souvent."\nC1,pt-BR,Sei o que minha gestora espera de mim. {sic}\n',
    );
    expect(done.status).toBe(200);
    expect(translatorFor("en").say((done.data as { done: string }).done)).toBe("2 translations read; 2 items changed.");
    expect((await translationsOf("EPS1")).fr).toBe("Si l'on fait une erreur dans cette équipe, on nous le reproche souvent.");
    // Plain text: braces are kept as written.
    expect((await translationsOf("C1"))["pt-BR"]).toBe("Sei o que minha gestora espera de mim. {sic}");
  });

  it("refuses a translation file with any problem, naming each line and key, and changes nothing", async () => {
    const before = await t.app.db.selectFrom("item").select(["code", "translations"]).where("organisationId", "=", org.id).orderBy("code").execute();
    const csv = [
      "code,lang,text",
      "EPS3,de,Ein guter Satz.",
      "NOPE,de,Ein Satz für kein Item.",
      "EPS4,xx,Unknown language.",
      "EPS5,es,",
      `EPS6,fr,${"y".repeat(301)}`,
      "PS1,de,Candors eigenes Item.",
      "EPS3,de,Noch einmal.",
    ].join("\n");
    const refused = await upload(org.people.admin!.cookie, csv);
    expect(refused.status).toBe(400);
    const body = refused.data as { formError: string; problems: Problems };
    const en = translatorFor("en");
    expect(en.say(body.formError)).toBe("Nothing was changed: the file has 6 problems. Fix the file and upload it again.");
    expect(body.problems.map((p) => ({ line: p.line, key: p.key, message: en.say(p.message) }))).toEqual([
      { line: 3, key: "NOPE/de", message: "There is no item NOPE." },
      { line: 4, key: "EPS4/xx", message: '"xx" is not a language Candor has. Use one of: en, de, fr, es, pt-BR, ja, ar.' },
      { line: 5, key: "EPS5/es", message: "The text is empty." },
      { line: 6, key: "EPS6/fr", message: "Use at most 300 characters." },
      { line: 7, key: "PS1/de", message: "PS1 is one of Candor's own items: Candor translates it in its own files." },
      { line: 8, key: "EPS3/de", message: "This item and language are already on line 2." },
    ]);
    expect(translatorFor("ja").say(body.problems[0]!.message)).toBe("項目 NOPE はありません。");
    expect(await t.app.db.selectFrom("item").select(["code", "translations"]).where("organisationId", "=", org.id).orderBy("code").execute()).toEqual(before);
    const header = await upload(org.people.admin!.cookie, "item,language,text\nEPS3,de,Ein Satz.\n");
    expect((header.data as { problems: Problems }).problems).toEqual([{ line: 1, key: "code,lang", message: expect.any(String) }]);
  });

  it("lets only admins and enablement see the page, save translations or upload them", async () => {
    for (const who of ["managerA", "repA", "director"] as const) {
      const cookie = org.people[who]!.cookie;
      expect((await load(cookie)).status, who).toBe(403);
      expect((await post(cookie, { intent: "translate", code: "C1", "t.de": "Übernommen?" })).status, who).toBe(403);
      expect((await upload(cookie, "code,lang,text\nC1,de,Übernommen?\n")).status, who).toBe(403);
    }
    expect((await translationsOf("C1")).de).toBe("Ich weiß, was meine Führungskraft von mir erwartet.");
    // Another organisation's admin cannot reach this organisation's items: its own bank has no C1.
    const other = await createTestOrganisation(t.app, { reps: 1 });
    const foreign = await post(other.people.admin!.cookie, { intent: "translate", code: "C1", "t.de": "Fremd." });
    expect(foreign.status).toBe(400);
    expect((await translationsOf("C1")).de).toBe("Ich weiß, was meine Führungskraft von mir erwartet.");
  });

  it("counts the languages signatures were asked in, organisation-wide, shows them at the minimum group, and keeps them off the responses", async () => {
    const { waveId } = await createOpenWave(t.app, org, { name: "Language pulse", dimensionKeys: ["psychological_safety"], itemCodes: ["ENPS"] });
    const audience = (await t.app.db.selectFrom("waveAudience").select("personId").where("waveId", "=", waveId).orderBy("personId").execute()).map((a) => a.personId);
    expect(audience.length).toBeGreaterThanOrEqual(12);
    const sign = async (personId: string, language: unknown) => {
      const teamId = await audienceTeam(t.app, waveId, personId);
      const token = await blindToken((await ballotPublicKey(t.app, waveId, teamId))!);
      const signed = await signBallot(t.app, { waveId, personId }, token.blindedMessage, language);
      expect(signed.status).toBe("signed");
    };
    // Six in German, three in Japanese (one of them through the HTTP endpoint, as the browser sends it).
    for (const personId of audience.slice(0, 6)) await sign(personId, "de");
    for (const personId of audience.slice(6, 8)) await sign(personId, "ja");
    const viaHttp = audience[8]!;
    const cookie = await sessionCookieFor(t.app, { id: viaHttp, organisationId: org.id });
    const teamId = await audienceTeam(t.app, waveId, viaHttp);
    const token = await blindToken((await ballotPublicKey(t.app, waveId, teamId))!);
    const response = await fetch(`${base}/pulses/${waveId}/ballot-signature`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie },
      body: JSON.stringify({ blindedMessage: Buffer.from(token.blindedMessage).toString("base64url"), personId: viaHttp, language: "ja" }),
    });
    expect(response.status).toBe(200);
    // A language Candor does not have, or no string at all, counts as not said: never an error.
    const odd = audience[9]!;
    const oddCookie = await sessionCookieFor(t.app, { id: odd, organisationId: org.id });
    const oddToken = await blindToken((await ballotPublicKey(t.app, waveId, await audienceTeam(t.app, waveId, odd)))!);
    const oddResponse = await fetch(`${base}/pulses/${waveId}/ballot-signature`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie: oddCookie },
      body: JSON.stringify({ blindedMessage: Buffer.from(oddToken.blindedMessage).toString("base64url"), personId: odd, language: { evil: true } }),
    });
    expect(oddResponse.status).toBe(200);
    await sign(audience[10]!, "xx-YY");
    // The form without JavaScript records the page's language from its hidden field.
    const saved = await answer(t.app, waveId, audience[11]!, { "a.ENPS": "8", language: "fr" });
    expect(saved.status).toBe("saved");

    // While open, the language is on the issuance row only.
    const open = await sql<{
      language: string | null;
      n: number;
    }>`select language, count(*)::int as n from ballot_issuance where wave_id = ${waveId} group by language order by language`.execute(t.app.db);
    expect(open.rows).toEqual([
      { language: "de", n: 6 },
      { language: "fr", n: 1 },
      { language: "ja", n: 3 },
      { language: null, n: 2 },
    ]);
    // Responses carry no language, open or sealed.
    const responseColumns = await sql<{
      name: string;
    }>`select column_name as name from information_schema.columns where table_name in ('response', 'answer') and column_name like '%lang%'`.execute(t.app.db);
    expect(responseColumns.rows).toEqual([]);

    expect(await closeWave(t.app, waveId)).toBe(true);
    const rolled = await t.app.db.selectFrom("waveLanguageCount").select(["language", "responses"]).where("waveId", "=", waveId).orderBy("language").execute();
    expect(rolled).toEqual([
      { language: "de", responses: 6 },
      { language: "fr", responses: 1 },
      { language: "ja", responses: 3 },
      { language: "und", responses: 2 },
    ]);
    expect((await sql<{ n: number }>`select count(*)::int as n from ballot_issuance where wave_id = ${waveId}`.execute(t.app.db)).rows[0]!.n).toBe(0);
    // No team in the table: only the wave, the language and the count.
    const columns = await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'wave_language_count' order by column_name`.execute(
      t.app.db,
    );
    expect(columns.rows.map((c) => c.name)).toEqual(["language", "responses", "wave_id"]);

    // Shown: German (6 ≥ 5); the rest "fewer than 5" (together 6, so German's count reveals no small group).
    const [wave] = await getLanguageCounts(t.app, await userOf(t.app, org.people.admin!));
    expect(wave!.minimum).toBe(5);
    expect(wave!.languages.slice(0, 1)).toEqual([{ language: "de", state: "count", count: 6 }]);
    expect(wave!.languages.find((l) => l.language === "ja")).toEqual({ language: "ja", state: "fewer", minimum: 5 });
    expect(wave!.languages.find((l) => l.language === "und")).toEqual({ language: "und", state: "fewer", minimum: 5 });
    expect(wave!.languages.find((l) => l.language === "es")).toEqual({ language: "es", state: "fewer", minimum: 5 });
    expect((await load(org.people.admin!.cookie)).bank.languageCounts.map((w) => w.programName)).toEqual(["Language pulse"]);

    // With a larger minimum, German is below it too.
    const thresholds = await t.app.db.selectFrom("organisation").select(["minGroupSize", "minCommentGroupSize"]).where("id", "=", org.id).executeTakeFirstOrThrow();
    await t.app.db
      .updateTable("organisation")
      .set({ minGroupSize: 7, minCommentGroupSize: Math.max(7, thresholds.minCommentGroupSize) })
      .where("id", "=", org.id)
      .execute();
    const [stricter] = await getLanguageCounts(t.app, await userOf(t.app, org.people.admin!));
    expect(stricter!.languages.every((l) => l.state === "fewer" && l.minimum === 7)).toBe(true);
    await t.app.db.updateTable("organisation").set(thresholds).where("id", "=", org.id).execute();

    // Another organisation sees none of it.
    const other = await createTestOrganisation(t.app, { reps: 1 });
    expect(await getLanguageCounts(t.app, await userOf(t.app, other.people.admin!))).toEqual([]);
  });
});
