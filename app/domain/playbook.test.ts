import { describe, expect, it } from "vitest";
import { translatorFor } from "~/i18n/catalogues.server";
import { DEFAULT_PLAY_TEXT_KEYS, DEFAULT_PLAYS, PLAY_TEXT_FIELDS } from "./playbook";

// Issue 26: Candor's built-in plays are in the catalogue, every field of every play, and the English
// catalogue says them word for word as the library stores them (a stored play that still reads so is shown
// in the reader's language; see app/services/playbook-language.server.ts).
describe("the built-in plays' words in the catalogue", () => {
  it("has every field of every built-in play, English word for word as stored", () => {
    const en = translatorFor("en");
    expect(Object.keys(DEFAULT_PLAY_TEXT_KEYS).sort()).toEqual(DEFAULT_PLAYS.map((p) => p.key).sort());
    for (const play of DEFAULT_PLAYS) {
      const keys = DEFAULT_PLAY_TEXT_KEYS[play.key as keyof typeof DEFAULT_PLAY_TEXT_KEYS];
      for (const field of PLAY_TEXT_FIELDS) expect(en.t(keys[field]), `${play.key}.${field}`).toBe(play[field]);
    }
  });

  it("has each long text translated, not copied, in every language", () => {
    for (const locale of ["de", "fr", "es", "pt-BR", "ja"] as const) {
      const { t } = translatorFor(locale);
      for (const play of DEFAULT_PLAYS) {
        const keys = DEFAULT_PLAY_TEXT_KEYS[play.key as keyof typeof DEFAULT_PLAY_TEXT_KEYS];
        for (const field of ["managerDoes", "goodResult"] as const) expect(t(keys[field]), `${locale} ${play.key}.${field}`).not.toBe(play[field]);
      }
    }
    expect(translatorFor("de").t("play.default.bad-news-first.managerDoes")).toBe(
      "Beginnen Sie jedes 1:1 mit „Was läuft schief oder ist gefährdet?“, noch vor allen Zahlen. Antworten Sie auf das erste Problem mit einer Frage („Wie kann ich helfen?“), nie mit einem Vorwurf, und erledigen Sie bis zum nächsten 1:1, was Sie zugesagt haben. Wenn die Vertriebsperson nichts mitbringt, teilen Sie ein eigenes Problem.",
    );
    expect(translatorFor("ja").t("play.default.stale-deal-hygiene-hour.goodResult")).toBe(
      "1四半期以内に停滞パイプラインが20%未満になり、ずれ込む案件が減り、次の四半期の予測精度が85%を超えます。",
    );
  });
});
