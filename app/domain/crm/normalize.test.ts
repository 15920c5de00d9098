import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectFormat } from "./formats";
import { normalizeRecord, ownerEmail, RowNormalizer, type NormalizeContext } from "./normalize";
import { stageMapFor } from "./stages";
import { inEnglish } from "~/i18n/in-english.server";

const SF_HEADER = [
  "Opportunity Owner",
  "Account Name",
  "Opportunity Name",
  "Amount Currency",
  "Amount",
  "Probability (%)",
  "Close Date",
  "Created Date",
  "Stage",
  "Forecast Category",
  "Next Step",
  "Last Activity",
  "Closed",
  "Won",
  "Opportunity ID",
];

function contextFor(header: string[], overrides: Partial<NormalizeContext> = {}): NormalizeContext {
  const detected = detectFormat(header);
  if (!detected) throw new Error("test header not recognised");
  return { format: detected.format, header, mapping: detected.mapping, dateOrder: "mdy", decimal: ".", stageMap: stageMapFor(detected.format), ...overrides };
}

describe("normalizeRecord", () => {
  const ctx = contextFor(SF_HEADER);

  it("turns a Salesforce row into an opportunity", () => {
    const row = [
      "ann@acme.io",
      "Acme, Inc.",
      "Acme - Platform",
      "EUR",
      "12,500.00",
      "75",
      "3/31/2026",
      "1/5/2026",
      "Proposal/Price Quote",
      "Commit",
      " Send proposal ",
      "3/20/2026",
      "0",
      "0",
      "0065g00000ABCDEAA5",
    ];
    expect(inEnglish(normalizeRecord(row, ctx))).toEqual({
      ok: true,
      opportunity: {
        crmId: "0065g00000ABCDEAA5",
        name: "Acme - Platform",
        accountName: "Acme, Inc.",
        owner: "ann@acme.io",
        stage: "Proposal/Price Quote",
        status: "open",
        amount: 12500,
        currency: "EUR",
        closeDate: "2026-03-31",
        createdDate: "2026-01-05",
        forecastCategory: "Commit",
        probability: 75,
        nextStep: "Send proposal",
        lastActivityDate: "2026-03-20",
      },
    });
  });

  it("takes the status from the Closed and Won flags and reads a short record's missing cells as empty", () => {
    const row = ["Ann Lee", "", "", "", "$1,000.00", "", "2/1/2026", "1/5/2026", "Custom Stage", "", "", "", "1", "1", "006X"];
    const result = normalizeRecord(row, ctx);
    expect(result.ok && result.opportunity).toMatchObject({ status: "won", stage: "Custom Stage", amount: 1000, currency: "USD", accountName: null, lastActivityDate: null });
    const short = normalizeRecord(["Ann Lee", "Acme", "Deal", "", "5", "", "2/1/2026", "1/5/2026", "Prospecting"], contextFor(SF_HEADER.slice(0, 9).concat("Opportunity ID")));
    expect(inEnglish(short)).toEqual({ ok: false, problems: [{ column: "Opportunity ID", reason: "is empty" }] });
  });

  it("collects every problem of a row with the file's column labels", () => {
    const row = ["  ", "Acme", "Deal", "EURO", "12,5,00", "150", "2/30/2026", "yesterday", "Foo", "", "", "13/1/2026", "", "", ""];
    expect(inEnglish(normalizeRecord(row, ctx))).toEqual({
      ok: false,
      problems: [
        { column: "Opportunity ID", reason: "is empty" },
        { column: "Opportunity Owner", reason: "is empty" },
        { column: "Stage", reason: 'stage "Foo" maps to nothing: map it to open, won or lost' },
        { column: "Amount", reason: 'is not an amount (this column uses "." for decimals and "," between thousands)' },
        { column: "Amount Currency", reason: "is not a currency code (such as USD or EUR)" },
        { column: "Close Date", reason: "is not a real date" },
        { column: "Created Date", reason: "is not a date" },
        { column: "Last Activity", reason: "is not a real date" },
        { column: "Probability (%)", reason: "is not a probability between 0 and 100%" },
      ],
    });
  });

  it("refuses an amount whose own currency contradicts the currency column, and a closed deal without a close date", () => {
    const row = ["Ann", "Acme", "Deal", "EUR", "$5", "", "", "1/5/2026", "Closed Lost", "", "", "", "", "", "006Y"];
    expect(inEnglish(normalizeRecord(row, ctx))).toEqual({
      ok: false,
      problems: [
        { column: "Amount", reason: "is in USD, but the Amount Currency column says EUR" },
        { column: "Close Date", reason: "is empty, but the deal is lost" },
      ],
    });
  });

  it("reads European numbers and day-first dates with the file's decisions", () => {
    const row = ["Ann", "Acme", "Deal", "EUR", "9.001,50", "50", "31/3/2026", "05/01/2026", "Qualification", "", "", "", "0", "0", "006Z"];
    const result = normalizeRecord(row, contextFor(SF_HEADER, { decimal: ",", dateOrder: "dmy" }));
    expect(result.ok && [result.opportunity.amount, result.opportunity.closeDate, result.opportunity.createdDate]).toEqual([9001.5, "2026-03-31", "2026-01-05"]);
  });

  it("takes a Pipedrive won deal's close date from its won time, and its stage from the stage column", () => {
    const header = [
      "Deal - ID",
      "Deal - Title",
      "Deal - Value",
      "Deal - Currency",
      "Deal - Owner",
      "Deal - Status",
      "Deal - Expected close date",
      "Deal - Deal created",
      "Deal - Won time",
      "Deal - Lost time",
      "Deal - Stage",
    ];
    const pipedrive = contextFor(header);
    const won = normalizeRecord(
      ["42", "Big deal", "1500", "usd", "Bo Li", "Won", "2026-04-30", "2026-01-02 09:15:00", "2026-03-15 16:20:00", "", "Negotiations Started"],
      pipedrive,
    );
    expect(won.ok && won.opportunity).toMatchObject({
      crmId: "42",
      status: "won",
      closeDate: "2026-03-15",
      createdDate: "2026-01-02",
      currency: "USD",
      amount: 1500,
      stage: "Negotiations Started",
    });
    const deleted = normalizeRecord(["43", "Gone", "10", "USD", "Bo Li", "Deleted", "", "2026-01-02", "", "", "Lead In"], pipedrive);
    expect(inEnglish(deleted)).toEqual({
      ok: false,
      problems: [{ column: "Deal - Status", reason: 'status "Deleted" is not open, won or lost: leave deleted deals out of the export' }],
    });
  });

  it("reads HubSpot probabilities as fractions", () => {
    const header = ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner", "Deal probability"];
    const result = normalizeRecord(["901", "Deal", "contractsent", "2000", "2026-03-01", "2026-01-01", "Cy", "0.8"], contextFor(header));
    expect(result.ok && [result.opportunity.status, result.opportunity.probability]).toEqual(["open", 80]);
  });
});

describe("RowNormalizer", () => {
  it("gives every row of a file what normalizeRecord gives it alone, however cells repeat (property)", () => {
    const cell = (...values: string[]) => fc.constantFrom(...values);
    const row = fc.tuple(
      cell("ann@x.example", "", " Bo Li ", "ann@x.example"),
      cell("Acme", "", "Beta, Inc."),
      cell("Deal", ""),
      cell("", "USD", "eur", "XX1", "$"),
      cell("$12,500.00", "(1,200.50)", "€9.001,50", "abc", "", "10000", "1e21"),
      cell("50", "0.5", "", "150", "x"),
      cell("3/15/2026", "13/45/2026", "", "2026-04-01 10:30", "2/30/2026"),
      cell("1/10/2026", "", "31/1/2026"),
      cell("Prospecting", "Closed Won", "Closed Lost", "Dreaming", ""),
      cell("Pipeline", ""),
      cell("Call back", ""),
      cell("3/1/2026", ""),
      cell("0", "1", "", "maybe"),
      cell("0", "1", ""),
      cell("006A", "", "006B"),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.constantFrom<"mdy" | "dmy">("mdy", "dmy"), (rows, dateOrder) => {
        const ctx = contextFor(SF_HEADER, { dateOrder });
        const normalizer = new RowNormalizer(ctx);
        for (const values of rows) expect(normalizer.normalize(values)).toEqual(normalizeRecord(values, ctx));
      }),
      { numRuns: 500 },
    );
  });
});

describe("RowNormalizer: exports as people have them", () => {
  const API = ["Id", "StageName", "Amount", "CloseDate", "CreatedDate", "OwnerId", "IsClosed", "IsWon"];
  const row = (stage: string, closed: string, won: string, owner = "005000000000001AAA") => ["0061", stage, "10", "2026-03-01", "2026-02-01T09:09:33.000+0000", owner, closed, won];

  it("reads Salesforce's 1-or-empty flags (an empty API flag is no), and lists the stages the flags decided that the map lacks", () => {
    const normalizer = new RowNormalizer(contextFor(API));
    const status = (r: string[]) => {
      const result = normalizer.normalize(r);
      return result.ok ? result.opportunity.status : result.problems;
    };
    expect(status(row("Closed - Signed", "1", "1"))).toBe("won");
    expect(status(row("Closed - Dead", "1", ""))).toBe("lost");
    expect(status(row("Verbal", "", ""))).toBe("open");
    expect(status(row("Prospecting", "", ""))).toBe("open");
    expect(status(row("Closed - Signed", "TRUE", "TRUE"))).toBe("won");
    expect([...normalizer.stagesDecidedByFlags.values()]).toEqual(["Closed - Signed", "Closed - Dead", "Verbal"]);
    // A report's "Closed"/"Won" columns keep their rule: empty flags leave it to the stage.
    const report = normalizeRecord(["Ann", "Acme", "Deal", "10", "3/1/2026", "2/1/2026", "Verbal", "", "", "", "", "", "", "0061"], contextFor(SF_HEADER));
    expect(report.ok).toBe(false);
  });

  it("reads owner ids through the users map, reporting the ids it lacks, and takes an email out of a note", () => {
    const users = new Map([["005000000000001", "ann@x.example"]]);
    const normalizer = new RowNormalizer(contextFor(API, { users }));
    const owner = (id: string) => {
      const result = normalizer.normalize(row("Prospecting", "", "", id));
      return result.ok ? result.opportunity.owner : null;
    };
    expect(owner("005000000000001AAA")).toBe("ann@x.example");
    expect(owner("005000000000001")).toBe("ann@x.example");
    expect(owner("005000000000009AAA")).toBe("005000000000009AAA");
    expect([...normalizer.unknownUserIds]).toEqual(["005000000000009AAA"]);
    expect(ownerEmail("ann@x.example (Deactivated User)")).toBe("ann@x.example");
    expect(ownerEmail("Ann Lee <ann@x.example>")).toBe("ann@x.example");
    expect(ownerEmail("Ann Lee (Sales)")).toBe("Ann Lee (Sales)");
    expect(owner("ann@x.example (Deactivated User)")).toBe("ann@x.example");
  });

  it("settles a HubSpot custom pipeline by Is Deal Closed? and the probability", () => {
    const header = ["Record ID", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner", "Is Deal Closed?", "Deal probability"];
    const normalizer = new RowNormalizer(contextFor(header));
    const status = (stage: string, closed: string, probability: string) => {
      const result = normalizer.normalize(["1", stage, "10", "2026-03-01", "2026-02-01", "Ann", closed, probability]);
      return result.ok ? result.opportunity.status : result.problems.map((p) => inEnglish(p.reason)).join("; ");
    };
    expect(status("Closed: won", "true", "1.0")).toBe("won");
    expect(status("Closed: lost", "true", "0.0")).toBe("lost");
    expect(status("Opportunity identified", "false", "0.2")).toBe("open");
    expect(status("closedwon", "", "")).toBe("won");
    expect(status("Half-closed", "true", "0.5")).toBe('stage "Half-closed" maps to nothing: map it to open, won or lost');
    expect([...normalizer.stagesDecidedByFlags.values()]).toEqual(["Closed: won", "Closed: lost", "Opportunity identified"]);
  });
});
