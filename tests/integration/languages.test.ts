import { beforeAll, expect, it } from "vitest";
import { runScheduledWork } from "../../app/services/waves.server";
import { sendInvitation } from "../../app/services/people.server";
import { requestPasswordReset } from "../../app/services/sign-in.server";
import { getPulseForm } from "../../app/services/answering.server";
import { requestLocale, saveMyLanguage } from "../../app/services/locale.server";
import * as accountPage from "../../app/routes/account";
import * as languageRoute from "../../app/routes/language";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { createOpenWave, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 26 (languages): the rep's emails come in their language (real SMTP listener), the pulse form's
// items in theirs or visibly in the organisation's, the setting refuses a language Candor lacks, and the
// page's language follows the setting, then Accept-Language, then the organisation.

const OPENS = "2026-09-07T08:00:00Z";
const at = (minutes: number) => new Date(new Date(OPENS).getTime() + minutes * 60_000).toISOString();

describeWithDb("languages", (t) => {
  let org: TestOrganisation;
  let waveId: string;

  beforeAll(async () => {
    t.setNow(OPENS);
    org = await createTestOrganisation(t.app, { reps: 2 });
    await t.app.db.updateTable("person").set({ language: "de" }).where("id", "=", org.people.repA!.id).execute();
    await t.app.db.updateTable("person").set({ language: "ja" }).where("id", "=", org.people.repB!.id).execute();
    await t.app.db.updateTable("person").set({ language: "es" }).where("id", "=", org.people.managerA!.id).execute();
    ({ waveId } = await createOpenWave(t.app, org, { reminderDays: [2] }));
  });

  it("sends the invitation in the rep's language, with the day written for it, and English to the others", async () => {
    await t.mailbox.waitFor(org.people.repA!.email, 1);
    const de = t.mailbox.to(org.people.repA!.email)[0]!;
    expect(de.subject).toMatch(/^Ihr Team-Puls ist geöffnet: /);
    expect(de.text).toContain("Sie dauert etwa 3 Minuten, und Sie können jede Frage überspringen.");
    expect(de.text).toMatch(/ist bis zum \d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? 2026 geöffnet/);
    expect(de.html).toContain("Oder öffnen Sie diese Adresse: http");
    expect(de.html).toContain('<html lang="de" dir="ltr">');
    await t.mailbox.waitFor(org.people.repB!.email, 1);
    const ja = t.mailbox.to(org.people.repB!.email)[0]!;
    expect(ja.subject).toMatch(/^チームパルスが始まりました：/);
    expect(ja.text).toContain("回答は匿名です。");
    const others = t.mailbox.to(`rep-a2@${org.slug}.example`);
    expect(others[0]!.subject).toMatch(/^Your team pulse is open: /);
    expect(others[0]!.text).toMatch(/is open until 2026-\d\d-\d\d\. It takes about 3 minutes/);
  });

  it("sends a manager's self-assessment, an account invitation and a password reset in the person's language", async () => {
    await t.mailbox.waitFor(org.people.managerA!.email, 1);
    const self = t.mailbox.to(org.people.managerA!.email).find((m) => /autoevaluación/.test(m.subject));
    expect(self?.subject).toMatch(/^Su autoevaluación para .+ está abierta$/);
    expect(self?.html).toContain('<html lang="es" dir="ltr">');
    expect(self?.text).toContain("Responda las mismas preguntas desde su perspectiva");
    // Another manager, no setting: the organisation's language (English here).
    await t.mailbox.waitFor(org.people.managerB!.email, 1);
    expect(t.mailbox.to(org.people.managerB!.email).map((m) => m.subject)).toContainEqual(expect.stringMatching(/^Your self-assessment for .+ is open$/));

    await sendInvitation(t.app, org.people.repB!, "Ana Admin", "rep");
    await t.mailbox.waitFor(org.people.repB!.email, 2);
    const invite = t.mailbox.to(org.people.repB!.email).find((m) => m.subject.includes("招待"))!;
    expect(invite.subject).toMatch(/のCandorに招待されました$/);
    expect(invite.text).toContain("Ana Adminさんから");
    expect(invite.text).toContain("営業担当者として参加します。");

    const before = t.mailbox.to(org.people.repA!.email).length;
    expect(await requestPasswordReset(t.app, org.people.repA!.email, null)).toEqual({ ok: true });
    await t.mailbox.waitFor(org.people.repA!.email, before + 1);
    const reset = t.mailbox.to(org.people.repA!.email).at(-1)!;
    expect(reset.subject).toBe("Candor-Passwort zurücksetzen");
    expect(reset.text).toContain("Wenn Sie das waren, wählen Sie über den Link unten ein neues Passwort.");
    expect(reset.html).toContain('<html lang="de" dir="ltr">');
  });

  it("sends the reminder in the rep's language", async () => {
    t.setNow(at(2 * 24 * 60 + 1));
    await runScheduledWork(t.app);
    // The invitation, the password reset of the test before, then the reminder.
    await t.mailbox.waitFor(org.people.repA!.email, 3);
    const reminder = t.mailbox.to(org.people.repA!.email).find((m) => m.subject.startsWith("Erinnerung"));
    expect(reminder?.subject).toMatch(/^Erinnerung: Der Puls von .+ endet am \d{1,2}\. /);
    expect(reminder?.text).toContain("ist noch bis zum");
  });

  it("shows the items, dimensions and scale in the rep's language, pooled under the same codes", async () => {
    const form = await getPulseForm(t.app, { waveId, personId: org.people.repA!.id }, null, "de");
    if (form.kind === "unavailable") throw new Error("no form");
    const ps2 = form.items.find((i) => i.code === "PS2")!;
    expect(ps2).toMatchObject({
      text: "Ich kann in diesem Team Probleme und schwierige Themen ansprechen.",
      lang: "de",
      fallback: false,
      dimensionName: "Psychologische Sicherheit",
    });
    expect(form.anchors.agree7[0]).toBe("Stimme überhaupt nicht zu");
    expect(form.anchors.nps11).toEqual(["Überhaupt nicht wahrscheinlich", "Äußerst wahrscheinlich"]);
    const english = await getPulseForm(t.app, { waveId, personId: org.people.repA!.id }, null, "en");
    if (english.kind === "unavailable") throw new Error("no form");
    expect(english.items.map((i) => i.code)).toEqual(form.items.map((i) => i.code));
    expect(english.items.find((i) => i.code === "PS2")).toMatchObject({ text: "I can raise problems and difficult topics with this team.", lang: "en", fallback: false });
  });

  it("chooses the page's language: the setting, then Accept-Language, then the organisation", async () => {
    const request = (headers: Record<string, string>) => new Request("http://candor.test/login", { headers });
    const context = { app: t.app } as never;
    expect(await requestLocale(context, request({ "accept-language": "de-AT,de;q=0.9,en;q=0.5" }))).toBe("de");
    expect(await requestLocale(context, request({ "accept-language": "pt-PT" }))).toBe("pt-BR");
    expect(await requestLocale(context, request({ "accept-language": "ko, zh;q=0.5" }))).toBe("en");
    expect(await requestLocale(context, request({ "accept-language": "de", cookie: "candor_lang=ja" }))).toBe("ja");
  });

  it("refuses a language Candor lacks, on the account page and the switcher, and changes nothing", async () => {
    const rep = await userOf(t.app, org.people.repA!);
    await expect(saveMyLanguage(t.app, rep, "xx-YY", "en")).rejects.toThrow('"xx-YY" is not a language Candor has. Use one of: en, de, fr, es, pt-BR, ja, ar.');
    const cookie = org.people.repA!.cookie;
    const post = (route: { action: never }, path: string, form: Record<string, string>) => callRoute(route.action, { app: t.app, method: "POST", path, cookie, form });
    const refused = await post(accountPage as never, "/account", { intent: "language", language: "klingon" });
    expect(refused.status).toBe(400);
    const body = refused.data as { fieldErrors: Record<string, string> };
    // The page is in German (the rep's setting), so is the refusal.
    expect(body.fieldErrors.language).toBe("„klingon“ ist keine Sprache, die Candor kennt. Verwenden Sie eine dieser: en, de, fr, es, pt-BR, ja, ar.");
    const row = await t.app.db.selectFrom("person").select("language").where("id", "=", org.people.repA!.id).executeTakeFirstOrThrow();
    expect(row.language).toBe("de");
    const switched = await post(languageRoute as never, "/language", { language: "zz", returnTo: "/account" });
    expect(switched.status).toBe(400);
    const saved = await post(accountPage as never, "/account", { intent: "language", language: "pt-br" });
    expect(saved.status).toBe(200);
    expect((await t.app.db.selectFrom("person").select("language").where("id", "=", org.people.repA!.id).executeTakeFirstOrThrow()).language).toBe("pt-BR");
    const viaSwitcher = await post(languageRoute as never, "/language", { language: "ja", returnTo: "/account" });
    expect(viaSwitcher.status).toBe(303);
    expect(viaSwitcher.location).toBe("/account");
    expect(viaSwitcher.headers.get("set-cookie")).toMatch(/^candor_lang=ja;/);
    expect((await t.app.db.selectFrom("person").select("language").where("id", "=", org.people.repA!.id).executeTakeFirstOrThrow()).language).toBe("ja");
  });
});
