import { describe, expect, it } from "vitest";
import { applyManualMapping, detectFormat, emptyFlagMeansNo, missingColumnMessage, normalizeHeaderLabel, requiredFields } from "./formats";
import { inEnglish } from "~/i18n/in-english.server";

const SALESFORCE_HEADER = [
  "\uFEFFOpportunity Owner",
  "Account Name",
  "Opportunity Name",
  "Type",
  "Lead Source",
  "Amount",
  "Expected Revenue",
  "Probability (%)",
  "Close Date",
  "Created Date",
  "Stage",
  "Fiscal Period",
  "Forecast Category",
  "Next Step",
  "Last Activity",
  "Closed",
  "Won",
  "Opportunity ID",
];

describe("normalizeHeaderLabel", () => {
  it("ignores case, BOM, extra and non-breaking whitespace, and spaces hyphens and colons evenly", () => {
    expect(normalizeHeaderLabel("\uFEFF  Opportunity\u00A0  Owner: Email ")).toBe("opportunity owner email");
    expect(normalizeHeaderLabel("Deal -Expected  close date")).toBe("deal - expected close date");
    expect(normalizeHeaderLabel("close_date")).toBe("close date");
  });
});

describe("detectFormat", () => {
  it("recognises a Salesforce Details Only export and maps every column", () => {
    expect(detectFormat(SALESFORCE_HEADER)).toEqual({
      format: "salesforce",
      mapping: {
        owner: 0,
        accountName: 1,
        name: 2,
        amount: 5,
        probability: 7,
        closeDate: 8,
        createdDate: 9,
        stage: 10,
        forecastCategory: 12,
        nextStep: 13,
        lastActivityDate: 14,
        closed: 15,
        won: 16,
        crmId: 17,
      },
      missing: [],
    });
  });

  it("takes the currency column that belongs to Amount in multi-currency exports, not Expected Revenue's", () => {
    const header = ["Opportunity Name", "Expected Revenue Currency", "Expected Revenue", "Amount Currency", "Amount", "Opportunity Owner"];
    const result = detectFormat(header);
    expect(result?.mapping.currency).toBe(3);
    expect(result?.mapping.amount).toBe(4);
  });

  it("matches labels whatever their case and spacing, and prefers an owner email column", () => {
    const result = detectFormat(["  OPPORTUNITY   id", "opportunity owner", "Opportunity Owner: Email", "stage", "AMOUNT", "close date", "created date"]);
    expect(result).toEqual({
      format: "salesforce",
      mapping: { crmId: 0, owner: 2, stage: 3, amount: 4, closeDate: 5, createdDate: 6 },
      missing: [],
    });
  });

  it("reports the missing required columns of a Salesforce export", () => {
    const result = detectFormat(SALESFORCE_HEADER.filter((h) => h !== "Opportunity ID" && h !== "Created Date"));
    expect(result?.format).toBe("salesforce");
    expect(result?.missing).toEqual(["crmId", "createdDate"]);
  });

  it("recognises a HubSpot deals export", () => {
    const header = [
      "Record ID",
      "Deal Name",
      "Deal Stage",
      "Amount",
      "Close Date",
      "Create Date",
      "Deal owner",
      "Pipeline",
      "Last Activity Date",
      "Forecast category",
      "Deal probability",
      "Next step",
      "Currency",
      "Amount in company currency",
    ];
    expect(detectFormat(header)).toEqual({
      format: "hubspot",
      mapping: {
        crmId: 0,
        name: 1,
        stage: 2,
        amount: 3,
        closeDate: 4,
        createdDate: 5,
        owner: 6,
        lastActivityDate: 8,
        forecastCategory: 9,
        probability: 10,
        nextStep: 11,
        currency: 12,
      },
      missing: [],
    });
  });

  it("falls back to HubSpot's company-currency amount without claiming the deal currency for it", () => {
    const result = detectFormat(["Record ID", "Deal Name", "Deal Stage", "Amount in company currency", "Currency", "Deal owner"]);
    expect(result?.mapping.amount).toBe(3);
    expect(result?.mapping.currency).toBeUndefined();
  });

  it("recognises a Pipedrive deals export, which needs its status column", () => {
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
      "Deal - Organization",
      "Deal - Next activity date",
      "Deal - Last activity date",
      "Deal - Probability",
    ];
    expect(detectFormat(header)).toEqual({
      format: "pipedrive",
      mapping: {
        crmId: 0,
        name: 1,
        amount: 2,
        currency: 3,
        owner: 4,
        status: 5,
        closeDate: 6,
        createdDate: 7,
        wonTime: 8,
        lostTime: 9,
        stage: 10,
        accountName: 11,
        nextStep: 12,
        lastActivityDate: 13,
        probability: 14,
      },
      missing: [],
    });
    expect(detectFormat(header.filter((h) => h !== "Deal - Status"))?.missing).toEqual(["status"]);
  });

  it("recognises Candor's generic template, where a status column can replace the stage", () => {
    expect(detectFormat(["crm_id", "owner", "status", "amount", "currency", "close_date", "createdDate"])).toEqual({
      format: "generic",
      mapping: { crmId: 0, owner: 1, status: 2, amount: 3, currency: 4, closeDate: 5, createdDate: 6 },
      missing: [],
    });
  });

  it("returns null for anything else, so that the caller asks for a manual mapping", () => {
    expect(detectFormat(["Deal", "Value", "Rep", "When"])).toBeNull();
    expect(detectFormat(["Amount", "Stage", "Close Date"])).toBeNull();
    expect(detectFormat([])).toBeNull();
  });
});

describe("requiredFields", () => {
  it("needs the stage for Salesforce and the status for Pipedrive", () => {
    expect(requiredFields("salesforce")).toEqual(["crmId", "owner", "amount", "closeDate", "createdDate", "stage"]);
    expect(requiredFields("pipedrive")).toEqual(["crmId", "owner", "amount", "closeDate", "createdDate", "status"]);
  });
});

describe("missingColumnMessage", () => {
  it("names the vendor's label and how to add it", () => {
    expect(inEnglish(missingColumnMessage("salesforce", "crmId"))).toBe(
      'The Salesforce export has no "Opportunity ID" column. In the report, add the Opportunity ID column and export again.',
    );
    expect(inEnglish(missingColumnMessage("hubspot", "owner"))).toBe(
      'The HubSpot export has no "Deal owner" column. In the export, include the Deal owner property and export again.',
    );
    expect(inEnglish(missingColumnMessage("pipedrive", "closeDate"))).toBe(
      'The Pipedrive export has no "Deal - Expected close date" column. In the deals list, add the Expected close date column and export again.',
    );
    expect(inEnglish(missingColumnMessage("generic", "stage"))).toBe(
      'The file has no "stage" column (the deal stage or status). Add it, or choose the column in the mapping step.',
    );
  });
});

describe("applyManualMapping", () => {
  const header = ["Deal", "Rep", "Phase", "Value", "Cur", "Won on", "Opened"];

  it("maps the chosen labels to column indexes, ignoring case and spacing", () => {
    expect(
      inEnglish(applyManualMapping(header, { crmId: "deal", owner: " Rep ", stage: "Phase", amount: "Value", currency: "Cur", closeDate: "Won on", createdDate: "Opened" })),
    ).toEqual({
      ok: true,
      mapping: { crmId: 0, owner: 1, stage: 2, amount: 3, currency: 4, closeDate: 5, createdDate: 6 },
    });
  });

  it("returns every problem at once", () => {
    expect(inEnglish(applyManualMapping(header, { crmId: "Deal", owner: "Deal", amount: "Revenue", closeDate: "Won on", name: "" }))).toEqual({
      ok: false,
      problems: [
        `The column "Deal" is chosen for both the deal's ID and the deal owner's email or name.`,
        'There is no column "Revenue" in the file.',
        "Choose the column that holds the date the deal was created.",
        "Choose the column that holds the deal stage or the deal status.",
      ],
    });
  });
});

describe("API names and newer exports", () => {
  it("recognises Salesforce's API field names, in a Data Loader file's capitals too, owner email before name before id", () => {
    const api = ["Id", "Name", "StageName", "Amount", "CloseDate", "CreatedDate", "OwnerId", "IsClosed", "IsWon", "ForecastCategoryName", "CurrencyIsoCode"];
    const detected = detectFormat(api);
    expect(detected).toMatchObject({ format: "salesforce", missing: [] });
    expect(detected?.mapping).toMatchObject({
      crmId: 0,
      name: 1,
      stage: 2,
      amount: 3,
      closeDate: 4,
      createdDate: 5,
      owner: 6,
      closed: 7,
      won: 8,
      forecastCategory: 9,
      currency: 10,
    });
    expect(detectFormat(api.map((h) => h.toUpperCase()))?.mapping).toEqual(detected?.mapping);
    expect(detectFormat([...api, "Owner.Name", "Owner.Email"])?.mapping.owner).toBe(12);
    expect(detectFormat([...api, "Owner.Name"])?.mapping.owner).toBe(11);
    expect(emptyFlagMeansNo(api, detected!.mapping)).toBe(true);
    const report = detectFormat(SALESFORCE_HEADER)!;
    expect(emptyFlagMeansNo(SALESFORCE_HEADER, report.mapping)).toBe(false);
  });

  it("recognises HubSpot's internal property names and its closed flag", () => {
    const detected = detectFormat(["hs_object_id", "dealname", "dealstage", "amount", "closedate", "createdate", "hubspot_owner_id", "hs_is_closed", "hs_deal_stage_probability"]);
    expect(detected).toMatchObject({
      format: "hubspot",
      missing: [],
      mapping: { crmId: 0, name: 1, stage: 2, amount: 3, closeDate: 4, createdDate: 5, owner: 6, closed: 7, probability: 8 },
    });
    expect(detectFormat(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner", "Is Deal Closed?"])?.mapping.closed).toBe(7);
  });

  it("does not ask a Pipedrive file for the expected close date when it has won or lost times or the closed-on date", () => {
    const base = ["Deal - ID", "Deal - Title", "Deal - Owner", "Deal - Status", "Deal - Value", "Deal - Currency of Value", "Deal - Deal created"];
    expect(detectFormat(base)?.missing).toEqual(["closeDate"]);
    expect(detectFormat([...base, "Deal - Won time"])).toMatchObject({ missing: [], mapping: { wonTime: 7, currency: 5 } });
    expect(detectFormat([...base, "Deal - Deal closed on"])).toMatchObject({ missing: [], mapping: { wonTime: 7, lostTime: 7 } });
    expect(detectFormat([...base, "Deal - Lost time", "Deal - Deal closed on"])).toMatchObject({ missing: [], mapping: { wonTime: 8, lostTime: 7 } });
  });

  it("names every missing column in one message", () => {
    expect(inEnglish(missingColumnMessage("salesforce", ["crmId", "closeDate", "createdDate"]))).toBe(
      'The Salesforce export has no "Opportunity ID", "Close Date" or "Created Date" columns. In the report, add the Opportunity ID, Close Date and Created Date columns and export again.',
    );
    expect(inEnglish(missingColumnMessage("hubspot", ["owner", "stage"]))).toBe(
      'The HubSpot export has no "Deal owner" or "Deal Stage" columns. In the export, include the Deal owner and Deal Stage properties and export again.',
    );
    expect(inEnglish(missingColumnMessage("generic", ["crmId", "stage"]))).toBe(
      'The file has no "crm_id" or "stage" columns (the deal\'s ID and the deal stage or status). Add them, or choose the columns in the mapping step.',
    );
  });
});
