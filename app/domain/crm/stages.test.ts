import { describe, expect, it } from "vitest";
import { inEnglish } from "~/i18n/in-english.server";
import { normalizeStageLabel, resolveStatus, stageMapFor, unmappedStages } from "./stages";

describe("stageMapFor", () => {
  it("maps the vendors' default stages", () => {
    const salesforce = stageMapFor("salesforce");
    expect(
      ["Prospecting", "Id. Decision Makers", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"].map((s) => salesforce[normalizeStageLabel(s)]),
    ).toEqual(["open", "open", "open", "open", "won", "lost"]);
    const hubspot = stageMapFor("hubspot");
    expect(["appointmentscheduled", "Decision Maker Bought-In", "contractsent", "closedwon", "Closed Lost"].map((s) => hubspot[normalizeStageLabel(s)])).toEqual([
      "open",
      "open",
      "open",
      "won",
      "lost",
    ]);
  });

  it("merges the organisation's edits over the defaults, whatever their spelling", () => {
    const map = stageMapFor("salesforce", { "  Closed Won - Pending  Signature": "won", "Negotiation/Review": "lost" });
    expect(map["closed won - pending signature"]).toBe("won");
    expect(map["negotiation/review"]).toBe("lost");
    expect(map.prospecting).toBe("open");
  });
});

describe("unmappedStages", () => {
  it("lists each unmapped stage once, in order of appearance", () => {
    expect(unmappedStages(["Prospecting", "Discovery", " discovery", "", "Verbal", "Closed Won"], stageMapFor("salesforce"))).toEqual(["Discovery", "Verbal"]);
  });
});

describe("resolveStatus", () => {
  const salesforce = stageMapFor("salesforce");

  it("maps the stage when there are no flags", () => {
    expect(inEnglish(resolveStatus({ stage: " closed  won" }, salesforce))).toEqual({ ok: true, value: "won" });
    expect(inEnglish(resolveStatus({ stage: "Foo" }, salesforce))).toEqual({ ok: false, field: "stage", reason: 'stage "Foo" maps to nothing: map it to open, won or lost' });
    expect(inEnglish(resolveStatus({ stage: "" }, salesforce))).toEqual({ ok: false, field: "stage", reason: "is empty" });
  });

  it("lets Salesforce's Closed and Won flags win over the stage name", () => {
    expect(inEnglish(resolveStatus({ stage: "Closed Won", closed: "0", won: "0" }, salesforce))).toEqual({ ok: true, value: "open" });
    expect(inEnglish(resolveStatus({ stage: "Foo", closed: "1", won: "1" }, salesforce))).toEqual({ ok: true, value: "won" });
    expect(inEnglish(resolveStatus({ stage: "Closed Won", closed: "true", won: "false" }, salesforce))).toEqual({ ok: true, value: "lost" });
    expect(inEnglish(resolveStatus({ stage: "Closed Lost", closed: "", won: "" }, salesforce))).toEqual({ ok: true, value: "lost" });
    expect(inEnglish(resolveStatus({ stage: "Closed Won", closed: "0", won: "1" }, salesforce))).toEqual({
      ok: false,
      field: "won",
      reason: "says won, but the Closed column says the deal is not closed",
    });
    expect(inEnglish(resolveStatus({ stage: "Closed Won", closed: "perhaps" }, salesforce))).toEqual({
      ok: false,
      field: "closed",
      reason: "is not yes or no (1/0, true/false, yes/no)",
    });
  });

  it("reads Pipedrive's status and refuses deleted deals", () => {
    const pipedrive = stageMapFor("pipedrive", { Gewonnen: "won" });
    expect(inEnglish(resolveStatus({ stage: "Proposal Made", status: "Won" }, pipedrive))).toEqual({ ok: true, value: "won" });
    expect(inEnglish(resolveStatus({ status: "gewonnen" }, pipedrive))).toEqual({ ok: true, value: "won" });
    expect(inEnglish(resolveStatus({ status: "Open" }, pipedrive))).toEqual({ ok: true, value: "open" });
    expect(inEnglish(resolveStatus({ status: "Deleted" }, pipedrive))).toEqual({
      ok: false,
      field: "status",
      reason: 'status "Deleted" is not open, won or lost: leave deleted deals out of the export',
    });
  });
});
