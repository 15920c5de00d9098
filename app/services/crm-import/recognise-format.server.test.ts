import { describe, expect, it } from "vitest";
import { headerKey, recogniseFormat } from "./recognise-format.server";
import { inEnglish } from "~/i18n/in-english.server";

const SALESFORCE = ["Opportunity Owner", "Opportunity Name", "Amount", "Close Date", "Created Date", "Stage", "Opportunity ID"];
const GENERIC = ["Deal", "Rep", "Value", "Won on", "Opened on", "Phase", "Ref"];
const SAVED = { crmId: "Ref", owner: "Rep", amount: "Value", closeDate: "Won on", createdDate: "Opened on", stage: "Phase" };

describe("recogniseFormat (stage 2: header → format and mapping)", () => {
  it("recognises a vendor's export by its labels, automatically or when asked for it", () => {
    for (const requested of ["auto", "salesforce"] as const) {
      const recognised = recogniseFormat(SALESFORCE, requested, null);
      expect(recognised).toMatchObject({ ok: true, format: "salesforce", mapping: { owner: 0, amount: 2, crmId: 6 } });
    }
  });

  it("reads a file it does not recognise with the mapping saved for its header, or asks for one", () => {
    expect(inEnglish(recogniseFormat(GENERIC, "auto", SAVED))).toEqual({
      ok: true,
      format: "generic",
      mapping: { crmId: 6, owner: 1, amount: 2, closeDate: 3, createdDate: 4, stage: 5 },
    });
    expect(inEnglish(recogniseFormat(GENERIC, "generic", null))).toEqual({
      ok: false,
      refusal: {
        status: "needs-mapping",
        message: "Candor does not recognise this file's columns. Choose which column holds each field; the choice is remembered for the next upload of a file like it.",
        header: GENERIC,
        samples: [],
      },
    });
    // Asked to read a Salesforce export as a generic file: the saved mapping, not Salesforce's.
    expect(inEnglish(recogniseFormat(SALESFORCE, "generic", null))).toMatchObject({ ok: false, refusal: { status: "needs-mapping" } });
  });

  it("says why a header does not fit: another format than asked, a required column missing, a saved mapping that no longer fits", () => {
    expect(inEnglish(recogniseFormat(GENERIC, "hubspot", SAVED))).toEqual({
      ok: false,
      refusal: { status: "invalid-file", message: 'The header does not look like a HubSpot export. Choose the format "Automatic" or "Other CSV".' },
    });
    expect(inEnglish(recogniseFormat(SALESFORCE, "pipedrive", null))).toEqual({
      ok: false,
      refusal: { status: "invalid-file", message: 'This looks like a Salesforce export, not Pipedrive. Choose "Automatic".' },
    });
    const withoutId = SALESFORCE.filter((label) => label !== "Opportunity ID");
    expect(inEnglish(recogniseFormat(withoutId, "auto", null))).toMatchObject({
      ok: false,
      refusal: { status: "invalid-file", message: expect.stringContaining("Opportunity ID") },
    });
    expect(inEnglish(recogniseFormat(["Deal", "Rep"], "auto", SAVED))).toMatchObject({ ok: false, refusal: { status: "invalid-file" } });
  });

  it("keys a header by its labels as normalised, whatever their case and spacing", () => {
    expect(headerKey(["Deal ID", "Rep"])).toBe(headerKey(["deal id", " REP "]));
    expect(headerKey(["Deal ID", "Rep"])).not.toBe(headerKey(["Rep", "Deal ID"]));
    expect(headerKey(["a"])).toMatch(/^[0-9a-f]{32}$/);
  });
});
