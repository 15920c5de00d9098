/**
 * Reviewing a CRM snapshot before it counts, and before one is deleted or replaced (ADR 051): how each
 * team's deals and amounts differ from the snapshot that counts now, the warnings that a file looks like a
 * filtered report, and which metrics and quarters read a snapshot — so that a confirmation can name what
 * changes. Pure: the service reads the sums and snapshots and hands them in.
 */
import { addMonths, quarterStart } from "../calendar";
import { said, saidDate } from "~/i18n/said";
import { forecastSnapshot } from "./metrics";

/** A file holding fewer than this share of the deals of the snapshot it is compared with is "far fewer". */
export const FEWER_DEALS_SHARE = 0.5;
/** A file naming fewer than this share of the owners of the snapshot it is compared with is "far fewer". */
export const FEWER_OWNERS_SHARE = 0.5;
/** Below this many deals in the snapshot compared with, no "far fewer" warning: small organisations vary. */
export const WARN_FROM_DEALS = 20;
/** Below this many owners in the snapshot compared with, no "far fewer owners" warning. */
export const WARN_FROM_OWNERS = 4;

/** A team's deals in one snapshot: how many, open and won, and their amount in the organisation's currency. */
export interface TeamDealSums {
  /** The team's id, or null for deals whose owner matches no one (they count for no team). */
  team: string | null;
  deals: number;
  open: number;
  won: number;
  amount: number;
}

/** One team's line of the comparison: before (the snapshot that counts now) and after (this one). */
export interface TeamComparison {
  team: string | null;
  before: TeamDealSums | null;
  after: TeamDealSums | null;
}

export interface SnapshotTotals {
  deals: number;
  owners: number;
}

export interface SnapshotWarning {
  kind: "far-fewer-deals" | "far-fewer-owners" | "teams-without-deals" | "older-than-latest";
  message: string;
}

/** The teams of either snapshot side by side, the teams with the most deals before first, "no team" last. */
export function compareTeams(after: readonly TeamDealSums[], before: readonly TeamDealSums[] | null): TeamComparison[] {
  const rows = new Map<string | null, TeamComparison>();
  for (const b of before ?? []) rows.set(b.team, { team: b.team, before: b, after: null });
  for (const a of after) rows.set(a.team, { team: a.team, before: rows.get(a.team)?.before ?? null, after: a });
  const size = (r: TeamComparison) => Math.max(r.before?.deals ?? 0, r.after?.deals ?? 0);
  return [...rows.values()].sort((x, y) => (x.team === null ? 1 : 0) - (y.team === null ? 1 : 0) || size(y) - size(x) || String(x.team).localeCompare(String(y.team)));
}

/**
 * What in a file looks wrong against the snapshot that counts now (`previous`, null for a first upload):
 * far fewer deals or owners (a report filtered to one team, one owner, or this month), teams that had deals
 * and have none, and a date before the latest counted snapshot's (it would not be the one metrics read).
 */
export function snapshotWarnings(input: {
  totals: SnapshotTotals;
  previous: (SnapshotTotals & { asOf: string }) | null;
  asOf: string;
  teamsWithoutDeals: readonly string[];
}): SnapshotWarning[] {
  const { totals, previous } = input;
  if (previous === null) return [];
  const warnings: SnapshotWarning[] = [];
  // Dates are said as dates ({since, date, medium}), written in the reader's language where the warning is read.
  const since = saidDate(previous.asOf);
  if (previous.deals >= WARN_FROM_DEALS && totals.deals < previous.deals * FEWER_DEALS_SHARE) {
    warnings.push({
      kind: "far-fewer-deals",
      message: said("crm.warning.fewerDeals", { count: totals.deals, before: previous.deals, since }),
    });
  }
  if (previous.owners >= WARN_FROM_OWNERS && totals.owners < previous.owners * FEWER_OWNERS_SHARE) {
    warnings.push({
      kind: "far-fewer-owners",
      message: said("crm.warning.fewerOwners", { count: totals.owners, before: previous.owners, since }),
    });
  }
  if (input.teamsWithoutDeals.length > 0) {
    warnings.push({
      kind: "teams-without-deals",
      message: said("crm.warning.teamsWithoutDeals", { count: input.teamsWithoutDeals.length, since, teams: input.teamsWithoutDeals.join(", ") }),
    });
  }
  if (input.asOf < previous.asOf) {
    warnings.push({
      kind: "older-than-latest",
      message: said("crm.warning.older", { date: saidDate(input.asOf), since }),
    });
  }
  return warnings;
}

/** A calendar quarter in words: "Q3 2026". */
export function quarterName(start: string): string {
  return `Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1} ${start.slice(0, 4)}`;
}

/** What one counted snapshot feeds (calendar quarters, as the team pages and the explorer show by default). */
export interface SnapshotFeeds {
  /** The latest counted snapshot: every closed-deal and pipeline metric of every quarter reads it. */
  latest: boolean;
  /** Quarters whose stale share and next-step share read it (the latest snapshot taken in the quarter). */
  openDealQuarters: string[];
  /** Quarters whose Commit call reads it (commit and forecast accuracy, forecast bias, upside, new wins). */
  forecastQuarters: string[];
  /** Slipped deals compare it with the later snapshots (two or more counted). */
  slips: boolean;
}

/** The quarters forecast readings may ask about: from the first snapshot's to the one after the last's. */
function quartersSpanned(snapshots: ReadonlyArray<{ asOf: string }>): string[] {
  if (snapshots.length === 0) return [];
  const dates = snapshots.map((s) => s.asOf).sort();
  const last = addMonths(quarterStart(dates[dates.length - 1]!), 3, 1);
  const quarters: string[] = [];
  for (let q = quarterStart(dates[0]!); q <= last; q = addMonths(q, 3, 1)) quarters.push(q);
  return quarters;
}

/**
 * Which metrics and quarters each counted snapshot feeds, by the rules of getCrmMetrics: the latest feeds
 * the closed-deal and pipeline metrics; the latest of each quarter its stale and next-step shares; the
 * forecast snapshot of a quarter (the latest on or before its first day, else the first in its first week)
 * its Commit readings; all of them, when two or more, the slipped deals. `counted` is oldest first.
 */
export function snapshotFeeds<S extends { id: string; asOf: string }>(counted: readonly S[]): Map<string, SnapshotFeeds> {
  const feeds = new Map<string, SnapshotFeeds>(
    counted.map((s, i) => [s.id, { latest: i === counted.length - 1, openDealQuarters: [], forecastQuarters: [], slips: counted.length > 1 }]),
  );
  const latestInQuarter = new Map<string, S>();
  for (const s of counted) latestInQuarter.set(quarterStart(s.asOf), s);
  for (const [quarter, s] of latestInQuarter) feeds.get(s.id)!.openDealQuarters.push(quarter);
  for (const quarter of quartersSpanned(counted)) {
    const chosen = forecastSnapshot(counted, quarter);
    if (chosen) feeds.get(chosen.id)!.forecastQuarters.push(quarter);
  }
  return feeds;
}

/** A snapshot's feeds in words, one sentence per kind of metric (none for a snapshot that feeds nothing). */
export function feedsInWords(feeds: SnapshotFeeds | undefined): string[] {
  if (!feeds) return [];
  const lines: string[] = [];
  if (feeds.latest) lines.push(said("crm.feeds.latest"));
  if (feeds.openDealQuarters.length > 0) lines.push(said("crm.feeds.open", { quarters: feeds.openDealQuarters.map(quarterName).join(", ") }));
  if (feeds.forecastQuarters.length > 0) lines.push(said("crm.feeds.forecast", { quarters: feeds.forecastQuarters.map(quarterName).join(", ") }));
  if (feeds.slips) lines.push(said("crm.feeds.slips"));
  return lines;
}

/**
 * What changes in the metrics when the counted snapshots go from `before` to `after` (a preview confirmed,
 * a snapshot deleted or replaced), in sentences for the confirmation; the correlations and coaching
 * priorities read these metrics, so they change with them. Empty when nothing the metrics read changes.
 */
export function metricChanges<S extends { id: string; asOf: string }>(before: readonly S[], after: readonly S[]): string[] {
  const was = snapshotFeeds(before);
  const will = snapshotFeeds(after);
  const latestBefore = before[before.length - 1];
  const latestAfter = after[after.length - 1];
  const lines: string[] = [];
  if (latestBefore?.id !== latestAfter?.id) {
    lines.push(
      latestAfter
        ? latestBefore
          ? said("crm.changes.latestInstead", { date: saidDate(latestAfter.asOf), before: saidDate(latestBefore.asOf) })
          : said("crm.changes.latest", { date: saidDate(latestAfter.asOf) })
        : said("crm.changes.none"),
    );
  }
  const quartersWhere = (pick: (f: SnapshotFeeds) => string[]) => {
    const owner = (feeds: Map<string, SnapshotFeeds>) => {
      const byQuarter = new Map<string, string>();
      for (const [id, f] of feeds) for (const q of pick(f)) byQuarter.set(q, id);
      return byQuarter;
    };
    const a = owner(was);
    const b = owner(will);
    return [...new Set([...a.keys(), ...b.keys()])].filter((q) => a.get(q) !== b.get(q)).sort();
  };
  const open = quartersWhere((f) => f.openDealQuarters);
  if (latestAfter && open.length > 0) lines.push(said("crm.feeds.open", { quarters: open.map(quarterName).join(", ") }));
  const forecast = quartersWhere((f) => f.forecastQuarters);
  if (latestAfter && forecast.length > 0) lines.push(said("crm.feeds.forecast", { quarters: forecast.map(quarterName).join(", ") }));
  const sameSet = before.length === after.length && before.every((s, i) => s.id === after[i]!.id);
  if (latestAfter && !sameSet && (before.length > 1 || after.length > 1)) lines.push(said("crm.changes.slips"));
  if (lines.length > 0) lines.push(said("crm.changes.correlations"));
  return lines;
}

/** A snapshot as the review names it. */
export interface ReviewedSnapshot {
  id: string;
  asOf: string;
  fileName: string;
  status: "preview" | "counted";
  deals: number;
  owners: number;
}

/** Everything the CRM page shows about one snapshot before the admin confirms, replaces or deletes it. */
export interface SnapshotReview {
  snapshot: ReviewedSnapshot;
  /** What it is compared with: for a preview the latest counted snapshot, for a counted one the counted one before it. */
  previous: ReviewedSnapshot | null;
  currency: string;
  teams: Array<TeamComparison & { name: string }>;
  warnings: SnapshotWarning[];
  /** What it feeds now, in sentences (nothing for a preview). */
  feeds: string[];
  /** What confirming a preview changes (null for a counted snapshot). */
  onConfirm: string[] | null;
  /** What deleting it changes (nothing for a preview: it feeds nothing). */
  onDelete: string[];
  /** For a preview: the counted snapshots it may replace, each with what replacing it changes. */
  replaceable: Array<{ id: string; asOf: string; fileName: string; changes: string[] }>;
}
