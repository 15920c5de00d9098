import type { AppContext } from "~/context.server";
import { addDays, quarterStart } from "~/domain/calendar";
import { csvRecord, formatUsAmount, formatUsDate, generateSalesforceDeals, type GeneratedDeal } from "~/domain/crm";
import { listPeople } from "#db/queries/people";
import { importCrmFile } from "../crm-import.server";
import { DEMO_TEAM_PROFILES } from "./pulses.server";

/** A stable number in [0, 1) from a deal id, so both snapshots tell one consistent story. */
function unit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100000) / 100000;
}

const HEADER = ["Opportunity Owner", "Account Name", "Opportunity Name", "Type", "Lead Source", "Amount", "Probability (%)", "Close Date", "Created Date", "Stage", "Forecast Category", "Next Step", "Last Activity", "Closed", "Won", "Opportunity ID"];

/**
 * Teams with a safer, more collaborative culture win a little more often, and teams under forecast
 * pressure keep winnable deals out of Commit: enough signal for the demo's culture ↔ outcome explorer,
 * with plenty of noise.
 */
function shape(deal: GeneratedDeal, team: string | undefined): GeneratedDeal {
  const profile = team ? DEMO_TEAM_PROFILES[team] : undefined;
  if (!profile) return deal;
  const u = unit(deal.opportunityId);
  if (deal.closed) {
    const pWin = Math.min(0.8, Math.max(0.1, 0.38 + 0.09 * (profile.ps + profile.co - 9) - 0.05 * (profile.fp - 4)));
    const won = u < pWin;
    return { ...deal, won, stage: won ? "Closed Won" : "Closed Lost", forecastCategory: won ? "Closed" : "Omitted", probability: won ? 100 : 0 };
  }
  if (deal.forecastCategory === "Commit" && u < Math.max(0, (profile.fp - 3.5) * 0.3)) return { ...deal, forecastCategory: "Best Case" };
  return deal;
}

function* exportLines(deals: Iterable<GeneratedDeal>, teamOf: Map<string, string>): Generator<string> {
  yield csvRecord(HEADER);
  let count = 0;
  for (const raw of deals) {
    const deal = shape(raw, teamOf.get(raw.owner));
    count++;
    yield csvRecord([
      deal.owner,
      deal.accountName,
      deal.name,
      deal.type,
      deal.leadSource,
      formatUsAmount(deal.amount, 2, "$"),
      String(deal.probability),
      formatUsDate(deal.closeDate),
      formatUsDate(deal.createdDate),
      deal.stage,
      deal.forecastCategory,
      deal.nextStep,
      deal.lastActivity ? formatUsDate(deal.lastActivity) : "",
      deal.closed ? "1" : "0",
      deal.won ? "1" : "0",
      deal.opportunityId,
    ]);
  }
  yield "\r\n";
  yield csvRecord([`Grand Totals (${count} records)`]);
  yield csvRecord(["Confidential Information - Do Not Distribute"]);
  yield csvRecord([`Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.`]);
}

/**
 * The demo's CRM data: two snapshots of a Salesforce Opportunities export covering every demo rep (and
 * one owner who left, to show the owner-mapping step), imported through the same path as an upload.
 */
export async function seedDemoCrm(app: AppContext, organisationId: string, today: string): Promise<number> {
  const reps = (await listPeople(app.db, organisationId, { limit: 10_000 })).filter((p) => p.role === "rep" && p.active);
  const teamOf = new Map(reps.map((r) => [r.email, r.teamName ?? ""]));
  const owners = [...reps.map((r) => r.email), "Jordan Lee"];
  const first = quarterStart(today) < today ? quarterStart(today) : addDays(today, -30);
  let imported = 0;
  for (const asOf of [first, today]) {
    const text = [...exportLines(generateSalesforceDeals({ rows: 2400, owners, asOf, seed: 20261126, origin: today }), teamOf)].join("");
    const bytes = new TextEncoder().encode(text);
    async function* source() {
      for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
    }
    const result = await importCrmFile(app, organisationId, source(), {
      format: "salesforce",
      asOf,
      encoding: "utf-8",
      dates: "us",
      importValidRows: false,
      fileName: `Northwind opportunities ${asOf}.csv`,
    });
    if (result.status !== "imported") throw new Error(`demo CRM export was not imported: ${JSON.stringify(result).slice(0, 500)}`);
    imported += result.rows;
  }
  return imported;
}
