import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "./catalogues.server";
import { parseSaid, said } from "./said";
import { createTranslator } from "./translate";
import { dayToEpoch } from "~/domain/calendar";
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

  it("writes a date value in the reader's date style, the stored calendar day whatever the time zone, and English as before", () => {
    const passed = said("home.planDue.passed", { date: dayToEpoch("2026-10-01") });
    expect(sayInEnglish(passed)).toBe(`the review date (${formatDate("2026-10-01")}) has passed`);
    expect(sayInEnglish(passed)).toBe("the review date (1 Oct 2026) has passed");
    expect(translatorFor("de").say(passed)).toBe("das Überprüfungsdatum (1. Okt. 2026) ist verstrichen");
    expect(translatorFor("ja").say(passed)).toBe("見直し日（2026年10月1日）を過ぎています");
    // September: English keeps its own "Sep" (not en-GB's "Sept").
    expect(sayInEnglish(said("home.planDue.passed", { date: dayToEpoch("2026-09-30") }))).toBe("the review date (30 Sep 2026) has passed");
    // West of UTC (a browser in California), the stored day's midnight does not slip to the day before.
    const zone = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      expect(new Intl.DateTimeFormat("de", { day: "numeric", month: "short", year: "numeric" }).format(dayToEpoch("2026-10-01"))).toBe("30. Sept. 2026");
      expect(translatorFor("de").say(passed)).toBe("das Überprüfungsdatum (1. Okt. 2026) ist verstrichen");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    // A message's other date styles are ICU's own.
    const t = createTranslator("en", { ...en, "home.planDue.today": "{at, date, long}" } as never).t;
    expect(t("home.planDue.today", { at: Date.UTC(2026, 9, 1, 12) })).toBe("October 1, 2026");
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
