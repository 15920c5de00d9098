import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "./catalogues.server";
import { parseSaid, said, saidDate } from "./said";
import { createTranslator } from "./translate";
import { formatDate } from "~/domain/format";
import en from "./messages/en.json";

// A message made where no translator is at hand reaches each person in their language (ADR 057).
describe("said messages", () => {
  it("carries a key and its values, and reads them back", () => {
    expect(parseSaid(said("form.tooLong"))).toEqual({ key: "form.tooLong", values: {} });
    expect(parseSaid(said("login.noSso", { domain: "example.com" }))).toEqual({ key: "login.noSso", values: { domain: "example.com" } });
    expect(parseSaid("This is too long.")).toBeNull();
    expect(parseSaid("")).toBeNull();
  });

  it("is said in the reader's language, and plain text passes through unchanged", () => {
    expect(translatorFor("de").say(said("form.tooLong"))).toBe("Dieser Text ist zu lang.");
    expect(translatorFor("ja").say(said("form.tooLong"))).toBe("長すぎます。");
    expect(sayInEnglish(said("form.tooLong"))).toBe("This is too long.");
    expect(translatorFor("de").say("Written in English by code not yet moved.")).toBe("Written in English by code not yet moved.");
  });

  it("formats its values for the language", () => {
    const text = said("login.noSso", { domain: "example.com" });
    expect(sayInEnglish(text)).toContain("example.com");
    expect(translatorFor("fr").say(text)).toContain("example.com");
    expect(translatorFor("fr").say(text)).not.toBe(sayInEnglish(text));
  });

  it("leaves a forged or broken mark as the text it is", () => {
    expect(translatorFor("de").say("\u2063no.such.key\u2063")).toBe("\u2063no.such.key\u2063");
    expect(parseSaid("\u2063form.tooLong\u2063{not json\u2063")).toBeNull();
  });

  it("says a date in the reader's language and date style, as the UTC calendar date it is", () => {
    expect(saidDate("2026-09-06")).toBe(Date.UTC(2026, 8, 6));
    expect(saidDate(new Date("2026-09-06T23:59:59Z"))).toBe(Date.UTC(2026, 8, 6));
    // {…, date, medium} is Candor's one date style (formatDate's English, "Sep" not "Sept").
    const older = said("crm.warning.older", { date: saidDate("2026-09-06"), since: saidDate("2026-12-01") });
    expect(sayInEnglish(older)).toBe(
      "This snapshot is dated 6 Sep 2026, before the snapshot of 1 Dec 2026: win rates and pipeline will still read that one; this one counts for stale deals, next steps and forecasts of its own quarter.",
    );
    expect(sayInEnglish(older)).toContain(formatDate("2026-09-06"));
    expect(translatorFor("de").say(older)).toMatch(/^Dieser Snapshot ist auf den 6\. Sept\. 2026 datiert, vor dem Snapshot vom 1\. Dez\. 2026:/);
    expect(translatorFor("ja").say(older)).toMatch(/^このスナップショットの日付は2026年9月6日で、2026年12月1日のスナップショットより前です。/);
    expect(translatorFor("fr").say(older)).toMatch(/^Cet instantané est daté du 6 sept\. 2026, avant l’instantané du 1 déc\. 2026/);
    // {…, date, long} spells the month, in English's day-month-year order.
    const roster = said("home.check.rosterNeverChanged", { changed: saidDate("2026-09-01") });
    expect(sayInEnglish(roster)).toBe(
      "No roster file has been imported yet; teams last changed on 1 September 2026, on the people pages or at set-up. Import one so that teams match your CRM and HR system.",
    );
    expect(translatorFor("de").say(roster)).toContain("die Teams wurden zuletzt am 1. September 2026 geändert");
    expect(translatorFor("ja").say(roster)).toContain("チームが最後に変更されたのは2026年9月1日で");
    expect(translatorFor("es").say(roster)).toContain("el 1 de septiembre de 2026");
    // A count said with its plural in each language.
    expect(sayInEnglish(said("home.check.crmWaiting", { count: 2 }))).toBe("No CRM snapshot counts yet: 2 uploads wait for you to confirm them on the CRM page.");
    expect(sayInEnglish(said("home.check.crmWaiting", { count: 1 }))).toBe("No CRM snapshot counts yet: 1 upload waits for you to confirm it on the CRM page.");
    expect(translatorFor("de").say(said("home.check.crmWaiting", { count: 2 }))).toBe("Noch zählt kein CRM-Snapshot: 2 Uploads warten auf der CRM-Seite auf Ihre Bestätigung.");
    expect(translatorFor("ja").say(said("home.check.crmWaiting", { count: 2 }))).toBe(
      "まだ計上されているCRMスナップショットはありません。CRMページで確定を待っているアップロードが2件あります。",
    );
  });

  it("writes a date value in the reader's date style, the stored calendar day whatever the time zone, and English as before", () => {
    const passed = said("home.planDue.passed", { date: saidDate("2026-10-01") });
    expect(sayInEnglish(passed)).toBe(`the review date (${formatDate("2026-10-01")}) has passed`);
    expect(sayInEnglish(passed)).toBe("the review date (1 Oct 2026) has passed");
    expect(translatorFor("de").say(passed)).toBe("das Überprüfungsdatum (1. Okt. 2026) ist verstrichen");
    expect(translatorFor("ja").say(passed)).toBe("見直し日（2026年10月1日）を過ぎています");
    // September: English keeps its own "Sep" (not en-GB's "Sept").
    expect(sayInEnglish(said("home.planDue.passed", { date: saidDate("2026-09-30") }))).toBe("the review date (30 Sep 2026) has passed");
    // West of UTC (a browser in California), the stored day's midnight does not slip to the day before.
    const zone = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      expect(new Intl.DateTimeFormat("de", { day: "numeric", month: "short", year: "numeric" }).format(saidDate("2026-10-01"))).toBe("30. Sept. 2026");
      expect(translatorFor("de").say(passed)).toBe("das Überprüfungsdatum (1. Okt. 2026) ist verstrichen");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    // `long` spells the month, English in its day-month-year order.
    const t = createTranslator("en", { ...en, "home.planDue.today": "{at, date, long}" } as never).t;
    expect(t("home.planDue.today", { at: Date.UTC(2026, 9, 1, 12) })).toBe("1 October 2026");
  });

  it("joins a list value as the reader's language joins a list, each entry said in it", () => {
    const list = [said("program.warning.smallTeamEntry", { team: "North", reps: 2 }), said("program.warning.smallTeamEntry", { team: "South", reps: 1 })];
    const three = [...list, said("program.warning.smallTeamEntry", { team: "West", reps: 0 })];
    const warning = (entries: string[]) => said("program.warning.smallTeams", { min: 5, list: entries });
    expect(parseSaid(warning(list))?.values.list).toEqual(list);
    expect(sayInEnglish(warning(list))).toBe(
      "These teams have fewer reps than the organisation's minimum group of 5, so their own results will never be shown: North (2 reps) and South (1 rep). Their answers still count in the results of larger teams above them.",
    );
    expect(sayInEnglish(warning(three))).toContain("shown: North (2 reps), South (1 rep), and West (0 reps). Their");
    expect(translatorFor("de").say(warning(three))).toBe(
      "Diese Teams haben weniger Vertriebsmitarbeitende als die Mindestgruppe der Organisation von 5, daher werden ihre eigenen Ergebnisse nie angezeigt: North (2 Vertriebspersonen), South (1 Vertriebsperson) und West (0 Vertriebspersonen). Die Antworten zählen trotzdem in den Ergebnissen größerer übergeordneter Teams.",
    );
    expect(translatorFor("ja").say(warning(list))).toBe(
      "これらのチームの営業担当者数は組織の最小グループ（5人）未満のため、チーム自体の結果は表示されません：North（2人）、South（1人）。回答は上位の大きなチームの結果には含まれます。",
    );
  });
});
