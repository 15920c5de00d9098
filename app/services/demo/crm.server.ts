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

const HEADER = [
  "Opportunity Owner",
  "Account Name",
  "Opportunity Name",
  "Type",
  "Lead Source",
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

/**
 * The demo's sandbagging team: under forecast pressure, it keeps deals it will win out of Commit until they
 * close, so most of what it wins comes from known pipeline left out of the call (ADR 023).
 */
export const DEMO_SANDBAGGING_TEAM = "ANZ";
/**
 * The demo's short-cycle team: besides its usual deals it wins small deals created and closed within a few
 * weeks, so its overall forecast bias is the most negative of all although it calls its Commit honestly.
 */
export const DEMO_SHORT_CYCLE_TEAM = "Nordics";

/** The chance a deal is won once it closes, from the team's culture (the same for every snapshot). */
function winChance(profile: { ps: number; co: number; fp: number }): number {
  return Math.min(0.8, Math.max(0.1, 0.38 + 0.09 * (profile.ps + profile.co - 9) - 0.05 * (profile.fp - 4)));
}

/**
 * Teams with a safer, more collaborative culture win a little more often. An open deal that will be won and
 * is due within the snapshot's quarter is in Commit, unless the team keeps it out: teams under forecast
 * pressure sometimes, the sandbagging team almost always. Enough signal for the demo's culture ↔ outcome
 * explorer, with plenty of noise.
 */
function shape(deal: GeneratedDeal, team: string | undefined, asOf: string): GeneratedDeal {
  const profile = team ? DEMO_TEAM_PROFILES[team] : undefined;
  if (!profile) return deal;
  const u = unit(deal.opportunityId);
  const willWin = u < winChance(profile);
  if (deal.closed) {
    return { ...deal, won: willWin, stage: willWin ? "Closed Won" : "Closed Lost", forecastCategory: willWin ? "Closed" : "Omitted", probability: willWin ? 100 : 0 };
  }
  const v = unit(`${deal.opportunityId}/call`);
  const heldBack = team === DEMO_SANDBAGGING_TEAM ? v < 0.85 : v < Math.max(0, (profile.fp - 3.5) * 0.3);
  const dueThisQuarter = quarterStart(deal.closeDate) === quarterStart(asOf);
  if (willWin && dueThisQuarter && v < 0.9) return { ...deal, forecastCategory: heldBack ? "Best Case" : "Commit" };
  if (deal.forecastCategory === "Commit" && heldBack) return { ...deal, forecastCategory: "Best Case" };
  return deal;
}

/**
 * The short-cycle team's quick deals: 60 of them over the 180 days before `today`, each created and won
 * within 25 days in one quarter; a snapshot holds those created on or before its date, open until they close.
 */
function* quickDeals(owners: readonly string[], today: string, asOf: string): Generator<GeneratedDeal> {
  if (owners.length === 0) return;
  for (let i = 0; i < 60; i++) {
    const opened = addDays(today, -Math.floor(unit(`quick-created-${i}`) * 180));
    const closeDate = addDays(opened, 5 + Math.floor(unit(`quick-cycle-${i}`) * 21));
    // Created and closed in one quarter: a deal opened in the last days of a quarter opens on the next one's first.
    const created = opened < quarterStart(closeDate) ? quarterStart(closeDate) : opened;
    if (created > asOf) continue;
    const closed = closeDate <= asOf;
    yield {
      opportunityId: `QUICK${String(i).padStart(13, "0")}`,
      owner: owners[i % owners.length]!,
      accountName: `Nordic Quick ${i + 1}`,
      name: `Nordic Quick ${i + 1} - Starter`,
      type: "New Business",
      leadSource: "Web",
      amount: 20000 + Math.round(unit(`quick-amount-${i}`) * 25000),
      currency: "USD",
      probability: closed ? 100 : 20,
      closeDate,
      createdDate: created,
      stage: closed ? "Closed Won" : "Prospecting",
      forecastCategory: closed ? "Closed" : "Pipeline",
      nextStep: closed ? "" : "Send order form",
      lastActivity: closed ? closeDate : asOf,
      closed,
      won: closed,
    };
  }
}

function* exportLines(deals: Iterable<GeneratedDeal>, teamOf: Map<string, string>, asOf: string): Generator<string> {
  yield csvRecord(HEADER);
  let count = 0;
  for (const raw of deals) {
    const deal = raw.opportunityId.startsWith("QUICK") ? raw : shape(raw, teamOf.get(raw.owner), asOf);
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
 * The demo's CRM data: three snapshots of a Salesforce Opportunities export covering every demo rep (and
 * one owner who left, to show the owner-mapping step), imported through the same path as an upload: on
 * the first days of the last quarter and of this one (the forecast snapshots of both) and today.
 */
export async function seedDemoCrm(app: AppContext, organisationId: string, today: string): Promise<number> {
  const reps = (await listPeople(app.db, organisationId, { limit: 10_000 })).filter((p) => p.role === "rep" && p.active);
  const teamOf = new Map(reps.map((r) => [r.email, r.teamName ?? ""]));
  const owners = [...reps.map((r) => r.email), "Jordan Lee"];
  const first = quarterStart(today) < today ? quarterStart(today) : addDays(today, -30);
  const previous = quarterStart(addDays(quarterStart(first), -1));
  const quickOwners = reps.filter((r) => r.teamName === DEMO_SHORT_CYCLE_TEAM).map((r) => r.email);
  let imported = 0;
  for (const asOf of [previous, first, today]) {
    const deals = function* () {
      yield* generateSalesforceDeals({ rows: 2400, owners, asOf, seed: 20261126, origin: today });
      yield* quickDeals(quickOwners, today, asOf);
    };
    const text = [...exportLines(deals(), teamOf, asOf)].join("");
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
      audit: { actor: { kind: "system", name: "demo-seed" }, source: "demo" },
    });
    if (result.status !== "imported") throw new Error(`demo CRM export was not imported: ${JSON.stringify(result).slice(0, 500)}`);
    imported += result.rows;
  }
  return imported;
}
