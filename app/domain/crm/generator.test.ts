import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { detectDecimalSeparator } from "./amount";
import { detectDateOrder } from "./dates";
import { trailingFooterStart } from "./footer";
import { detectFormat } from "./formats";
import {
  csvField,
  csvRecord,
  formatUsAmount,
  formatUsDate,
  generateSalesforceCsv,
  generateSalesforceDeals,
  mulberry32,
  salesforceId18,
  type SalesforceExportOptions,
} from "./generator";
import { slippedDeals, type DealSnapshot } from "./metrics";
import { normalizeRecord } from "./normalize";
import type { Opportunity } from "./opportunity";
import { stageMapFor } from "./stages";

const OWNERS = ["Ann Lee", "bob@acme.io", "Chloé Martin"];

function csvText(opts: SalesforceExportOptions): string {
  return [...generateSalesforceCsv(opts)].join("");
}

/** Parses a generated export with the CSV parser the upload uses, drops the footer and normalises every row. */
function readExport(text: string): { header: string[]; opportunities: Opportunity[]; footer: string[][]; problems: unknown[] } {
  const [header, ...records] = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  const detected = detectFormat(header!);
  if (!detected || detected.missing.length > 0) throw new Error("generated header not recognised");
  const footerAt = trailingFooterStart(records);
  const rows = records.slice(0, footerAt);
  const column = (index: number | undefined) => rows.map((r) => r[index!] ?? "");
  const dateOrder = detectDateOrder([...column(detected.mapping.closeDate), ...column(detected.mapping.createdDate)]);
  const decimal = detectDecimalSeparator(column(detected.mapping.amount));
  if (dateOrder !== "mdy" || decimal !== ".") throw new Error(`unexpected ${dateOrder} / ${decimal}`);
  const ctx = { format: detected.format, header: header!, mapping: detected.mapping, dateOrder, decimal, stageMap: stageMapFor("salesforce") } as const;
  const seen = new Map<string, number>();
  const problems: unknown[] = [];
  const opportunities: Opportunity[] = [];
  rows.forEach((values, i) => {
    const result = normalizeRecord(values, ctx);
    if (result.ok) {
      const first = seen.get(result.opportunity.crmId);
      if (first !== undefined) problems.push(`${result.opportunity.crmId} is on lines ${first} and ${i + 2}`);
      seen.set(result.opportunity.crmId, i + 2);
      opportunities.push(result.opportunity);
    } else problems.push(result.problems);
  });
  return { header: header!, opportunities, footer: records.slice(footerAt), problems };
}

describe("mulberry32", () => {
  it("produces the reference sequence", () => {
    const next = mulberry32(1);
    expect(next()).toBe(0.6270739405881613);
    expect(mulberry32(42)()).toBe(mulberry32(42)());
    expect(next()).not.toBe(0.6270739405881613);
  });
});

describe("salesforceId18", () => {
  it("appends Salesforce's case-safe checksum", () => {
    expect(salesforceId18("001A0000006Vm9r")).toBe("001A0000006Vm9rIAC");
    expect(salesforceId18("0065g00000ABCDE")).toBe("0065g00000ABCDEAA5");
  });
});

describe("CSV and US formatting", () => {
  it("quotes only where needed and ends records with CRLF", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('Legal review of "MSA"')).toBe('"Legal review of ""MSA"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvRecord(["a", "b,c", ""])).toBe('a,"b,c",\r\n');
  });

  it("writes US dates and amounts", () => {
    expect(formatUsDate("2026-03-01")).toBe("3/1/2026");
    expect(formatUsAmount(12500, 2, "$")).toBe("$12,500.00");
    expect(formatUsAmount(-1234567.5, 2)).toBe("-1,234,567.50");
    expect(formatUsAmount(1875000, 0)).toBe("1,875,000");
    expect(formatUsAmount(999, 2)).toBe("999.00");
  });
});

describe("generateSalesforceCsv", () => {
  const opts: SalesforceExportOptions = { rows: 300, owners: OWNERS, asOf: "2026-03-31", seed: 7 };

  it("is deterministic for a seed and differs between seeds", () => {
    expect(csvText(opts)).toBe(csvText(opts));
    expect(csvText({ ...opts, seed: 8 })).not.toBe(csvText(opts));
  });

  it("writes a Salesforce header, quoted fields, CRLF endings and the footer", () => {
    const lines = [...generateSalesforceCsv({ ...opts, rows: 40 })];
    expect(lines[0]).toBe(
      "Opportunity Owner,Account Name,Opportunity Name,Type,Lead Source,Amount,Expected Revenue,Probability (%),Close Date,Created Date,Stage,Fiscal Period,Forecast Category,Next Step,Last Activity,Closed,Won,Opportunity ID\r\n",
    );
    expect(lines.every((line) => line.endsWith("\r\n"))).toBe(true);
    expect(lines.slice(-6)).toEqual([
      "\r\n",
      expect.stringMatching(/^Grand Totals \(40 records\),,,,,"\$[\d,]+\.\d{2}",,,,,,,,,,,,\r\n$/),
      "\r\n",
      "Confidential Information - Do Not Distribute\r\n",
      "\r\n",
      '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n',
    ]);
    expect(lines).toHaveLength(1 + 40 + 6);
    expect([...generateSalesforceCsv({ ...opts, rows: 40, includeFooter: false })]).toHaveLength(41);
  });

  it("round-trips through format detection, footer removal and normalisation", () => {
    const { opportunities, footer, problems } = readExport(csvText(opts));
    expect(problems).toEqual([]);
    expect(opportunities).toHaveLength(300);
    expect(footer.map((r) => r[0])).toEqual([
      "",
      "Grand Totals (300 records)",
      "",
      "Confidential Information - Do Not Distribute",
      "",
      "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
    ]);
    const deals = [...generateSalesforceDeals(opts)];
    // The CSV says what the structured deals say.
    expect(opportunities.map((o) => [o.crmId, o.owner, o.status, o.amount, o.closeDate, o.createdDate, o.stage, o.nextStep ?? ""])).toEqual(
      deals.map((d) => [d.opportunityId, d.owner, d.closed ? (d.won ? "won" : "lost") : "open", d.amount, d.closeDate, d.createdDate, d.stage, d.nextStep]),
    );
    expect(new Set(opportunities.map((o) => o.status))).toEqual(new Set(["open", "won", "lost"]));
    expect(opportunities.some((o) => o.nextStep?.includes("\n"))).toBe(true);
    expect(opportunities.some((o) => o.accountName?.includes(","))).toBe(true);
  });

  it("writes multi-currency exports with a currency column before each amount", () => {
    const text = csvText({ ...opts, multiCurrency: true });
    const { header, opportunities, problems } = readExport(text);
    expect(header.slice(5, 9)).toEqual(["Amount Currency", "Amount", "Expected Revenue Currency", "Expected Revenue"]);
    expect(problems).toEqual([]);
    expect(new Set(opportunities.map((o) => o.currency))).toEqual(new Set(["USD", "EUR", "GBP", "JPY"]));
    expect(opportunities.filter((o) => o.currency === "JPY").every((o) => Number.isInteger(o.amount))).toBe(true);
  });
});

describe("generateSalesforceDeals over time", () => {
  const base = { rows: 500, owners: OWNERS, seed: 11, origin: "2026-01-01" };
  const early = [...generateSalesforceDeals({ ...base, asOf: "2026-01-01" })];
  const later = [...generateSalesforceDeals({ ...base, asOf: "2026-04-15" })];
  const laterById = new Map(later.map((d) => [d.opportunityId, d]));

  it("holds every deal created by the snapshot date", () => {
    expect(early).toHaveLength(500);
    expect(later).toHaveLength(500);
    expect([...generateSalesforceDeals({ ...base, asOf: "2025-10-01" })].length).toBeLessThan(500);
  });

  it("keeps closed deals closed and evolves open ones consistently", () => {
    let closedLater = 0;
    let pushed = 0;
    let recategorised = 0;
    for (const before of early) {
      const after = laterById.get(before.opportunityId)!;
      expect([after.owner, after.amount, after.createdDate, after.accountName]).toEqual([before.owner, before.amount, before.createdDate, before.accountName]);
      if (before.closed) {
        expect([after.closed, after.won, after.closeDate]).toEqual([true, before.won, before.closeDate]);
        continue;
      }
      if (after.closed) closedLater++;
      else {
        expect(after.closeDate >= before.closeDate).toBe(true);
        if (after.closeDate > before.closeDate) pushed++;
        if (after.forecastCategory !== before.forecastCategory) recategorised++;
      }
    }
    expect(closedLater).toBeGreaterThan(20);
    expect(pushed).toBeGreaterThan(5);
    expect(recategorised).toBeGreaterThan(5);
  });

  it("gives slipped deals to the metrics", () => {
    const snapshot = (asOf: string, deals: typeof early): DealSnapshot => ({
      asOf,
      deals: deals.map((d) => ({
        crmId: d.opportunityId,
        name: d.name,
        accountName: d.accountName,
        owner: d.owner,
        stage: d.stage,
        status: d.closed ? (d.won ? "won" : "lost") : "open",
        amount: d.amount,
        currency: d.currency,
        closeDate: d.closeDate,
        createdDate: d.createdDate,
        forecastCategory: d.forecastCategory,
        probability: d.probability,
        nextStep: d.nextStep,
        lastActivityDate: d.lastActivity,
        teamAtClose: "T",
        teamAtCreate: "T",
        teamAtSnapshot: "T",
      })),
    });
    const slipped = slippedDeals([snapshot("2026-01-01", early), snapshot("2026-04-15", later)], "quarter", 1);
    expect(slipped.length).toBeGreaterThan(5);
    expect(slipped.every((s) => s.period === "2026-01-01" || s.period === "2026-04-01")).toBe(true);
  });
});
