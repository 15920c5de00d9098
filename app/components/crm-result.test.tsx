import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseAmount, resolveStatus, snapshotWarnings, stageMapFor, type SnapshotReview } from "~/domain/crm";
import type { CrmImportResult } from "~/domain/crm/import-result";
import type { Locale } from "~/domain/locales";
import { messagesFor } from "~/i18n/catalogues.server";
import { inEnglish } from "~/i18n/in-english.server";
import { I18nProvider } from "~/i18n/react";
import { said } from "~/i18n/said";
import { CrmResultView } from "./crm-result";
import { SnapshotComparison, SnapshotWarnings } from "./crm-snapshot-review";

// Issue 26: the CRM page's words, and the problems an import finds in a file's lines, in the reader's
// language, each problem still at its line and column; English word for word as before.

const render = (locale: Locale, node: React.ReactNode) =>
  renderToStaticMarkup(<I18nProvider language={{ locale, dir: "ltr", messages: messagesFor(locale) }}>{node}</I18nProvider>)
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/[\s\u00a0\u202f]+/g, " ");

/** A rejected import as the import answers it: its problems made by the domain's own rules. */
function rejected(): CrmImportResult {
  const amount = parseAmount("12,5,00", { decimal: "." });
  const stage = resolveStatus({ stage: "Foo" }, stageMapFor("salesforce"));
  if (amount.ok || stage.ok) throw new Error("expected problems");
  return {
    status: "rejected",
    message: said("crm.import.rejected", { count: 3, valid: 1 }),
    problems: [
      { line: 3, column: "Amount", reason: amount.reason },
      { line: 4, column: "Stage", reason: stage.reason },
      { line: 7, column: "Opportunity ID", reason: said("crm.problem.duplicate", { id: "006A", line: "2" }) },
    ],
    problemCount: 3,
    validRows: 1,
  };
}

const review: SnapshotReview = {
  snapshot: { id: "s2", asOf: "2026-11-28", fileName: "report.csv", status: "preview", deals: 4, owners: 2 },
  previous: { id: "s1", asOf: "2026-12-01", fileName: "full.csv", status: "counted", deals: 80, owners: 10 },
  currency: "EUR",
  teams: [
    {
      team: null,
      name: said("crm.review.noTeam"),
      before: { team: null, deals: 1200, open: 1200, won: 0, amount: 1234567 },
      after: { team: null, deals: 4, open: 4, won: 0, amount: 52000 },
    },
  ],
  // The domain's own warnings: far fewer deals and owners, a team gone, and a date before the counted one's.
  warnings: snapshotWarnings({ totals: { deals: 4, owners: 2 }, previous: { deals: 1200, owners: 10, asOf: "2026-12-01" }, asOf: "2026-11-28", teamsWithoutDeals: ["Team B"] }),
  feeds: [],
  onConfirm: [],
  onDelete: [],
  replaceable: [],
};

describe("the CRM page's words and an import's line errors", () => {
  it("shows a rejected file's problems in German, each at its line and column", () => {
    const text = render("de", <CrmResultView result={rejected()} />);
    expect(text).toContain("Es wurde nichts importiert: 3 Probleme in der Datei.");
    expect(text).toContain("Probleme (3)");
    expect(text).toContain("Zeile Spalte Problem");
    expect(text).toContain('3 Amount ist kein Betrag (diese Spalte verwendet "." für Dezimalstellen und "," zwischen Tausendern)');
    expect(text).toContain('4 Stage Phase "Foo" ist nichts zugeordnet');
    expect(text).toContain("7 Opportunity ID 006A steht bereits in Zeile 2");
    expect(text).not.toContain("\u2063");
  });

  it("keeps the English word for word", () => {
    const text = render("en", <CrmResultView result={rejected()} />);
    expect(text).toContain("Nothing was imported: 3 problems in the file. Fix them and upload again, or choose to import the 1 valid row.");
    expect(text).toContain("Problems (3) Line Column Problem");
    expect(text).toContain('4 Stage stage "Foo" maps to nothing: map it to open, won or lost');
    expect(text).toContain("7 Opportunity ID 006A is already on line 2");
  });

  it("says the line of a quoted value never closed in the reader's language, and in English to the command line", () => {
    // As the decoder refuses such a file (its own test reads the refusal: decode-records.server.test.ts).
    const message = said("crm.import.unclosedQuote", { line: "3" });
    expect(render("de", <CrmResultView result={{ status: "invalid-file", message }} />)).toContain(
      "Zeile 3: Ein Wert in Anführungszeichen wird nie geschlossen. Ist das ein CSV-Export?",
    );
    expect(render("ja", <CrmResultView result={{ status: "invalid-file", message }} />)).toContain("3行目：引用符で囲まれた値が閉じられていません。");
    expect(inEnglish(message)).toBe("Line 3: a quoted value is never closed. Is this a CSV export?");
  });

  it("shows a snapshot's comparison and warnings in German, with German numbers, dates and money", () => {
    const text = render(
      "de",
      <>
        <SnapshotWarnings review={review} />
        <SnapshotComparison review={review} />
      </>,
    );
    expect(text).toContain("Prüfen Sie diese Datei, bevor Sie sie bestätigen.");
    expect(text).toContain("Diese Datei enthält weit weniger Deals als der letzte Snapshot: 4 Deals gegenüber 1.200 im Snapshot vom 1. Dez. 2026.");
    expect(text).toContain("Deals pro Team: der Snapshot vom 1. Dez. 2026 (zählt) im Vergleich zu dieser Datei");
    expect(text).toContain("Team Deals vorher Deals jetzt Änderung Betrag vorher Betrag jetzt Änderung");
    expect(text).toContain("Kein Team (Verantwortliche(r) passt zu niemandem) 1.200 4 \u22121.196 1.234.567 € 52.000 € \u22121.182.567 €");
  });

  it("says the warnings' dates in the reader's language and date style, never an English date in a German sentence", () => {
    const de = render("de", <SnapshotWarnings review={review} />);
    expect(de).toContain("2 Verantwortliche gegenüber 10 im Snapshot vom 1. Dez. 2026.");
    expect(de).toContain("1 Team mit Deals im Snapshot vom 1. Dez. 2026 hat in dieser Datei keine: Team B.");
    expect(de).toContain("Dieser Snapshot ist auf den 28. Nov. 2026 datiert, vor dem Snapshot vom 1. Dez. 2026: Abschlussquoten und Pipeline lesen weiterhin jenen;");
    expect(de).not.toMatch(/Dec|Nov 2026/);
    const ja = render("ja", <SnapshotWarnings review={review} />);
    expect(ja).toContain("このファイルの商談数は前回のスナップショットよりはるかに少なくなっています：2026年12月1日のスナップショットの1,200件に対して4件。");
    expect(ja).toContain("このスナップショットの日付は2026年11月28日で、2026年12月1日のスナップショットより前です。");
    expect(ja).not.toMatch(/Dec|Nov/);
    // English word for word, in its own date style.
    expect(render("en", <SnapshotWarnings review={review} />)).toBe(
      " Check this file before you confirm it. This file holds far fewer deals than the last snapshot: 4 deals against 1,200 in the snapshot of 1 Dec 2026. A report filtered to one team, one owner or a date range reads as if the other deals were gone: export the whole report. This file names far fewer deal owners than the last snapshot: 2 owners against 10 in the snapshot of 1 Dec 2026. 1 team with deals in the snapshot of 1 Dec 2026 has none in this file: Team B. This snapshot is dated 28 Nov 2026, before the snapshot of 1 Dec 2026: win rates and pipeline will still read that one; this one counts for stale deals, next steps and forecasts of its own quarter. ",
    );
    expect(review.warnings.map((w) => inEnglish(w.message))).toEqual([
      "This file holds far fewer deals than the last snapshot: 4 deals against 1,200 in the snapshot of 1 Dec 2026. A report filtered to one team, one owner or a date range reads as if the other deals were gone: export the whole report.",
      "This file names far fewer deal owners than the last snapshot: 2 owners against 10 in the snapshot of 1 Dec 2026.",
      "1 team with deals in the snapshot of 1 Dec 2026 has none in this file: Team B.",
      "This snapshot is dated 28 Nov 2026, before the snapshot of 1 Dec 2026: win rates and pipeline will still read that one; this one counts for stale deals, next steps and forecasts of its own quarter.",
    ]);
  });

  it("keeps the comparison's English as before", () => {
    const text = render("en", <SnapshotComparison review={review} />);
    expect(text).toContain("Deals per team: the snapshot of 1 Dec 2026 (counted) against this file");
    expect(text).toContain("No team (owner matches no one) 1,200 4 \u22121,196 €1,234,567 €52,000 \u2212€1,182,567");
  });
});
