/**
 * CRM metrics per team and period (README, "CRM data"), computed from
 * snapshots of normalised opportunities whose teams the caller has already resolved from each owner's
 * membership history.
 */
import { median as statisticsMedian } from "../statistics/descriptive";
import { daysBetween } from "../calendar";
import type { Opportunity } from "./opportunity";
import { periodEnd, periodStart, type PeriodKind } from "./periods";

/** An opportunity with the owner's team at the deal's close, at its creation and at the snapshot date. */
export interface TeamDeal extends Opportunity {
  teamAtClose: string | null;
  teamAtCreate: string | null;
  teamAtSnapshot: string | null;
}

/** One upload: the deals as the CRM showed them on `asOf` ('YYYY-MM-DD'). */
export interface DealSnapshot {
  asOf: string;
  deals: readonly TeamDeal[];
}

export interface CrmMetricsInput {
  snapshots: readonly DealSnapshot[];
  kind: PeriodKind;
  fiscalStartMonth: number;
  /** The organisation's currency (ISO code); amounts without a currency are taken to be in it. */
  currency: string;
  /** Foreign currency → multiplier into the organisation's currency. */
  rates?: Readonly<Record<string, number>>;
}

/** The metrics of one team in one period (named by its first day); null where a metric is undefined. */
export interface TeamPeriodMetrics {
  team: string;
  period: string;
  winRate: number | null;
  winRateValue: number | null;
  wonCount: number;
  lostCount: number;
  pipelineCreatedCount: number;
  pipelineCreatedAmount: number;
  avgWonDealSize: number | null;
  medianCycleDays: number | null;
  staleShare: number | null;
  nextStepShare: number | null;
  slippedCount: number;
  /** Overall forecast accuracy: the period-start Commit against everything won in the period (new deals too). */
  forecastAccuracy: number | null;
  /**
   * Overall forecast bias: (period-start Commit − everything won) / everything won. Deals created in the
   * period and deals won from Best Case or Pipeline push it below zero, so it is not a sandbagging signal:
   * `knownUpsideShare` is (ADR 023).
   */
  forecastBias: number | null;
  /** Amount won in the period (organisation's currency; deals without an amount or a rate add 0). */
  wonAmount: number;
  /**
   * Commit accuracy: of the deals in the period-start Commit call (open, Commit, due in the period, in the
   * forecast snapshot), their amount won in the period ÷ their Commit amount; null without a forecast
   * snapshot or when nothing was committed. Counted for the team at the forecast snapshot.
   */
  commitAccuracy: number | null;
  /** The period-start Commit call's amount (the forecast the accuracies compare with); null without a forecast snapshot. */
  commitAmount: number | null;
  /**
   * Upside from known pipeline: the amount won in the period from deals that were open in the forecast
   * snapshot but not in its Commit call for the period, and were created before the period began (the
   * sandbagging signal); null without a forecast snapshot.
   */
  knownUpsideAmount: number | null;
  /** knownUpsideAmount ÷ the period's won amount; null without a forecast snapshot or when nothing was won. */
  knownUpsideShare: number | null;
  /** Won in the period from deals created in the period (and not in the Commit call): short cycles, not sandbagging. */
  newInPeriodWonAmount: number;
  /** newInPeriodWonAmount ÷ the period's won amount; null when nothing was won. */
  newInPeriodShare: number | null;
  /** Distinct deals whose amount was left out of this row's sums: another currency and no rate for it. */
  excludedForeignAmounts: number;
}

/** Days without activity from which an open deal counts as stale. */
export const STALE_AFTER_DAYS = 14;

/** How long into a period a snapshot may be taken and still serve as the period-start forecast. */
export const FORECAST_GRACE_DAYS = 7;

/**
 * A deal's amount in the organisation's currency: as is when its currency is the organisation's or
 * unknown, multiplied by the rate when `rates` has one, "foreign" when it has none (the amount must be
 * left out and counted), null when the deal has no amount.
 *
 * @example amountInCurrency({ amount: 100, currency: "EUR" }, "USD", { EUR: 1.1 }) // 110.00000000000001
 */
export function amountInCurrency(deal: Pick<Opportunity, "amount" | "currency">, currency: string, rates: Readonly<Record<string, number>> = {}): number | null | "foreign" {
  if (deal.amount === null) return null;
  const code = deal.currency?.toUpperCase() ?? null;
  if (code === null || code === currency.toUpperCase()) return deal.amount;
  const rate = rates[code];
  return rate === undefined ? "foreign" : deal.amount * rate;
}

/**
 * A deal's amount, or the summed amount of a group of deals in one currency, in the organisation's
 * currency as amountInCurrency converts it; null when there is no amount or its currency has no rate (it
 * is left out of sums). The service converts the database's sums with it, the deal-by-deal computation
 * each deal.
 *
 * @example convertedAmount({ amount: 200, currency: "GBP" }, "USD", { EUR: 1.1 }) // null
 */
export function convertedAmount(sum: Pick<Opportunity, "amount" | "currency">, currency: string, rates: Readonly<Record<string, number>> = {}): number | null {
  const converted = amountInCurrency(sum, currency, rates);
  return converted === "foreign" ? null : converted;
}

/**
 * Win rate: won / (won + lost); null when nothing was decided. The same function gives the value-weighted
 * win rate from won and lost amounts.
 *
 * @example winRate(3, 1) // 0.75
 */
export function winRate(won: number, lost: number): number | null {
  return won + lost === 0 ? null : won / (won + lost);
}

/**
 * The median: the middle value of the sorted values, or the mean of the two middle ones for an even count;
 * null for no values.
 *
 * @example median([40, 10, 30, 20]) // 25
 */
export function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : statisticsMedian(values);
}

/**
 * Sales cycle of a deal: the days from its created date to its close date, or null when either is missing
 * or the deal closes before it was created (a data error the import warns of: no cycle is negative).
 *
 * @example cycleDays({ createdDate: "2026-01-01", closeDate: "2026-03-01" }) // 59
 */
export function cycleDays(deal: Pick<Opportunity, "createdDate" | "closeDate">): number | null {
  return deal.createdDate && deal.closeDate && deal.closeDate >= deal.createdDate ? daysBetween(deal.createdDate, deal.closeDate) : null;
}

/**
 * True when a deal counts as stale on `asOf`: it has no last activity, or its last activity is 14 or more
 * days (STALE_AFTER_DAYS) before that date.
 */
export function isStale(deal: Pick<Opportunity, "lastActivityDate">, asOf: string): boolean {
  return deal.lastActivityDate === null || daysBetween(deal.lastActivityDate, asOf) >= STALE_AFTER_DAYS;
}

/** True when a deal has a next step that is not just whitespace. */
export function hasNextStep(deal: Pick<Opportunity, "nextStep">): boolean {
  return (deal.nextStep ?? "").trim() !== "";
}

/** True for the forecast category "Commit" (Salesforce) or "commit" (HubSpot), whatever its case and spacing. */
export function isCommit(forecastCategory: string | null): boolean {
  return (forecastCategory ?? "").trim().toLowerCase() === "commit";
}

/**
 * Forecast accuracy: 1 − |actual − forecast| / actual; null when the actual is 0 (or either is missing).
 * It is 1 for a perfect call and falls below 0 when the miss exceeds the actual.
 *
 * @example forecastAccuracy(80, 100) // 0.8
 */
export function forecastAccuracy(forecast: number | null, actual: number | null): number | null {
  if (forecast === null || actual === null || actual === 0) return null;
  return 1 - Math.abs(actual - forecast) / actual;
}

/**
 * Forecast bias: (forecast − actual) / actual; negative when the team under-called (sandbagging), positive
 * when it over-called; null when the actual is 0 (or either is missing).
 *
 * @example forecastBias(80, 100) // -0.2
 */
export function forecastBias(forecast: number | null, actual: number | null): number | null {
  if (forecast === null || actual === null || actual === 0) return null;
  return (forecast - actual) / actual;
}

function byAsOf<S extends { asOf: string }>(snapshots: readonly S[]): S[] {
  // A stable sort keeps the later upload last when two snapshots share a date.
  return [...snapshots].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
}

/**
 * The snapshot whose Commit is the forecast for the period starting on `start`: the latest snapshot taken
 * on or before that day, else the earliest one taken within the period's first 7 days (FORECAST_GRACE_DAYS).
 * It must be earlier than the latest snapshot, which gives the actual: with one snapshot (or only the
 * latest one at the period start) there is nothing to compare, and the result is null.
 */
export function forecastSnapshot<S extends { asOf: string }>(snapshots: readonly S[], start: string): S | null {
  const sorted = byAsOf(snapshots);
  const latest = sorted[sorted.length - 1];
  const before = sorted.filter((s) => s.asOf <= start);
  const early = sorted.filter((s) => s.asOf > start && daysBetween(start, s.asOf) < FORECAST_GRACE_DAYS);
  const chosen = before[before.length - 1] ?? early[0] ?? null;
  return chosen && latest && chosen.asOf < latest.asOf ? chosen : null;
}

/** A deal that slipped out of a period, charged to the team that owned it while it was due there. */
export interface SlippedDeal {
  crmId: string;
  period: string;
  team: string;
}

/**
 * An open deal due on `closeDate` in one snapshot (`place`: its snapshot's position, oldest first), with
 * `later`, the latest close date any later snapshot gives the same deal while it is open.
 */
export interface DueDeal {
  crmId: string;
  closeDate: string;
  later: string;
  place: number;
}

/**
 * The slipped-deal rule on due deals (see slippedDeals): a deal slipped out of the period its close date
 * falls in when `later` is after that period's end. Each deal counts once per period, for the team (from
 * `teamOf`) at the last snapshot that showed it due in the period; deals without a team there are left
 * out (an earlier snapshot's team may then count it). Both the deal-by-deal computation and the service,
 * whose database finds the due deals (ADR 019), decide with this function.
 */
export function slipsOf<D extends DueDeal>(due: readonly D[], kind: PeriodKind, fiscalStartMonth: number, teamOf: (deal: D) => string | null): SlippedDeal[] {
  const found = new Map<string, SlippedDeal>();
  // The latest snapshot first (a stable sort keeps each snapshot's deals in their order).
  for (const deal of [...due].sort((a, b) => b.place - a.place)) {
    if (deal.later <= periodEnd(deal.closeDate, kind, fiscalStartMonth)) continue;
    const period = periodStart(deal.closeDate, kind, fiscalStartMonth);
    const key = `${deal.crmId}\u0000${period}`;
    if (found.has(key)) continue;
    const team = teamOf(deal);
    if (team !== null) found.set(key, { crmId: deal.crmId, period, team });
  }
  return [...found.values()];
}

/**
 * The slipped deals of a series of snapshots: a deal open with a close date in period P in one snapshot and,
 * in any later snapshot, still open with a close date after P's end. Each deal counts once per period, for
 * the team at the last snapshot that showed it open and due in P before a later one showed it pushed out.
 * Deals without a team at that snapshot are left out. (slipsOf, on each snapshot's open deals.)
 */
export function slippedDeals(snapshots: readonly DealSnapshot[], kind: PeriodKind, fiscalStartMonth: number): SlippedDeal[] {
  const sorted = byAsOf(snapshots);
  // crmId → the latest open close date in any snapshot after the one being read (walking backwards).
  const latestLaterCloseDate = new Map<string, string>();
  const due: Array<DueDeal & { team: string | null }> = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const open = sorted[i]!.deals.filter((deal): deal is TeamDeal & { closeDate: string } => deal.status === "open" && deal.closeDate !== null);
    for (const deal of open) {
      const later = latestLaterCloseDate.get(deal.crmId);
      if (later !== undefined) due.push({ crmId: deal.crmId, closeDate: deal.closeDate, later, place: i + 1, team: deal.teamAtSnapshot });
    }
    for (const deal of open) {
      const known = latestLaterCloseDate.get(deal.crmId);
      if (known === undefined || deal.closeDate > known) latestLaterCloseDate.set(deal.crmId, deal.closeDate);
    }
  }
  return slipsOf(due, kind, fiscalStartMonth, (deal) => deal.team);
}

interface Accumulator {
  team: string;
  period: string;
  wonCount: number;
  lostCount: number;
  wonAmount: number;
  wonWithAmount: number;
  lostAmount: number;
  /** Sales cycle days of won deals → how many deals took that long. */
  cycles: Map<number, number>;
  pipelineCreatedCount: number;
  pipelineCreatedAmount: number;
  openCount: number;
  staleCount: number;
  nextStepCount: number;
  slippedCount: number;
  forecast: number | null;
  /** Won amount of the deals in the period's Commit call (team at the forecast snapshot). */
  commitWon: number;
  /** Won amount from known, uncommitted pipeline, and from deals created in the period (team at close). */
  knownUpside: number;
  newWon: number;
  foreign: Set<string>;
}

/**
 * Where a deal won in a period came from, read against the period's forecast snapshot (ADR 023), first
 * match wins: "commit" — in its Commit call (open, Commit, due in the period); "new" — created on or after
 * the period's first day; "known" — open in the forecast snapshot otherwise (upside from known pipeline);
 * "other" — none of these (absent from the forecast snapshot, or no forecast snapshot, and created before
 * the period or with no created date).
 */
export type WonPart = "commit" | "new" | "known" | "other";

/**
 * The part of a won deal (see WonPart), given the period it was won in (`start`, `end`), its created date,
 * and how the forecast snapshot showed the same deal (undefined when it was not there or there is none).
 *
 * @example wonPart("2026-01-01", "2026-03-31", "2025-11-02", { status: "open", closeDate: "2026-05-01", forecastCategory: "Commit" }) // "known"
 */
export function wonPart(start: string, end: string, createdDate: string | null, atForecast: Pick<Opportunity, "status" | "closeDate" | "forecastCategory"> | undefined): WonPart {
  if (atForecast?.status === "open" && atForecast.closeDate !== null && atForecast.closeDate >= start && atForecast.closeDate <= end && isCommit(atForecast.forecastCategory))
    return "commit";
  if (createdDate !== null && createdDate >= start) return "new";
  if (atForecast?.status === "open") return "known";
  return "other";
}

/**
 * The median of values given as value → count (a histogram), as `median` computes it for the values listed
 * one by one.
 */
export function histogramMedian(counts: ReadonlyMap<number, number>): number | null {
  const sorted = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (index < seen) return value;
    }
    throw new Error("unreachable");
  };
  const middle = Math.floor(total / 2);
  return total % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/**
 * Sums the metrics (docs/design/crm-metrics.md) per team and period from what each part of them reads (see
 * computeCrmMetrics for which snapshot and which team each part takes). Parts may come deal by deal or as
 * groups of deals already counted and summed (by the database, for big snapshots); amounts are in the
 * organisation's currency, and deals whose amount could not be converted are named with `foreign`.
 */
export class CrmMetricsAccumulator {
  private readonly rows = new Map<string, Accumulator>();
  /** Period starts by date: a few hundred dates recur across many groups of deals. */
  private readonly starts = new Map<string, string>();

  constructor(private readonly options: { kind: PeriodKind; fiscalStartMonth: number }) {}

  /** The start of the period a date falls in. */
  period(date: string): string {
    let start = this.starts.get(date);
    if (start === undefined) {
      start = periodStart(date, this.options.kind, this.options.fiscalStartMonth);
      this.starts.set(date, start);
    }
    return start;
  }

  /** The period starts that have a row so far. */
  periods(): Set<string> {
    return new Set([...this.rows.values()].map((acc) => acc.period));
  }

  /** Won or lost deals, by close date and the team at close; `amount` sums the `withAmount` deals that have one. */
  closed(team: string, closeDate: string, status: "won" | "lost", deals: number, amount: number, withAmount: number): void {
    const acc = this.row(team, this.period(closeDate));
    if (status === "won") {
      acc.wonCount += deals;
      acc.wonAmount += amount;
      acc.wonWithAmount += withAmount;
    } else {
      acc.lostCount += deals;
      acc.lostAmount += amount;
    }
  }

  /** Won deals whose sales cycle took `days` days. */
  cycle(team: string, closeDate: string, days: number, deals: number): void {
    const cycles = this.row(team, this.period(closeDate)).cycles;
    cycles.set(days, (cycles.get(days) ?? 0) + deals);
  }

  /** Deals created, by created date and the team at creation. */
  created(team: string, createdDate: string, deals: number, amount: number): void {
    const acc = this.row(team, this.period(createdDate));
    acc.pipelineCreatedCount += deals;
    acc.pipelineCreatedAmount += amount;
  }

  /** A deal whose amount is in another currency without a rate, left out of the sums of a row. */
  foreign(team: string, periodStart: string, crmId: string): void {
    this.row(team, periodStart).foreign.add(crmId);
  }

  /** Open deals of the latest snapshot taken in a period, by the team at that snapshot. */
  open(team: string, periodStart: string, open: number, stale: number, withNextStep: number): void {
    const acc = this.row(team, periodStart);
    acc.openCount += open;
    acc.staleCount += stale;
    acc.nextStepCount += withNextStep;
  }

  slipped(team: string, periodStart: string): void {
    this.row(team, periodStart).slippedCount++;
  }

  /** Commit amounts of a period's forecast snapshot, by the team at that snapshot. */
  forecast(team: string, periodStart: string, amount: number): void {
    const acc = this.row(team, periodStart);
    acc.forecast = (acc.forecast ?? 0) + amount;
  }

  /** Amount won in the period by deals of the team's Commit call (the team at the forecast snapshot). */
  commitWon(team: string, periodStart: string, amount: number): void {
    this.row(team, periodStart).commitWon += amount;
  }

  /** Amount won from known uncommitted pipeline or from deals created in the period, by close date and the team at close. */
  wonFrom(team: string, closeDate: string, part: WonPart, amount: number): void {
    const acc = this.row(team, this.period(closeDate));
    if (part === "known") acc.knownUpside += amount;
    else if (part === "new") acc.newWon += amount;
  }

  /** The rows, sorted by period then team; `forecastPeriods`: the periods that had a forecast snapshot. */
  finish(forecastPeriods: ReadonlySet<string>): TeamPeriodMetrics[] {
    return [...this.rows.values()]
      .sort((a, b) => (a.period === b.period ? (a.team < b.team ? -1 : a.team > b.team ? 1 : 0) : a.period < b.period ? -1 : 1))
      .map((acc) => {
        // A team that committed nothing at the period start forecast 0, which is a forecast all the same.
        const hasForecast = forecastPeriods.has(acc.period);
        const forecast = hasForecast ? (acc.forecast ?? 0) : null;
        return {
          team: acc.team,
          period: acc.period,
          winRate: winRate(acc.wonCount, acc.lostCount),
          winRateValue: winRate(acc.wonAmount, acc.lostAmount),
          wonCount: acc.wonCount,
          lostCount: acc.lostCount,
          pipelineCreatedCount: acc.pipelineCreatedCount,
          pipelineCreatedAmount: acc.pipelineCreatedAmount,
          avgWonDealSize: acc.wonWithAmount === 0 ? null : acc.wonAmount / acc.wonWithAmount,
          medianCycleDays: histogramMedian(acc.cycles),
          staleShare: acc.openCount === 0 ? null : acc.staleCount / acc.openCount,
          nextStepShare: acc.openCount === 0 ? null : acc.nextStepCount / acc.openCount,
          slippedCount: acc.slippedCount,
          forecastAccuracy: forecastAccuracy(forecast, acc.wonAmount),
          forecastBias: forecastBias(forecast, acc.wonAmount),
          wonAmount: acc.wonAmount,
          commitAccuracy: forecast === null || forecast === 0 ? null : acc.commitWon / forecast,
          commitAmount: forecast,
          knownUpsideAmount: hasForecast ? acc.knownUpside : null,
          knownUpsideShare: hasForecast && acc.wonAmount > 0 ? acc.knownUpside / acc.wonAmount : null,
          newInPeriodWonAmount: acc.newWon,
          newInPeriodShare: acc.wonAmount > 0 ? acc.newWon / acc.wonAmount : null,
          excludedForeignAmounts: acc.foreign.size,
        };
      });
  }

  private row(team: string, start: string): Accumulator {
    const key = `${start}\u0000${team}`;
    let acc = this.rows.get(key);
    if (!acc) {
      acc = {
        team,
        period: start,
        wonCount: 0,
        lostCount: 0,
        wonAmount: 0,
        wonWithAmount: 0,
        lostAmount: 0,
        cycles: new Map(),
        pipelineCreatedCount: 0,
        pipelineCreatedAmount: 0,
        openCount: 0,
        staleCount: 0,
        nextStepCount: 0,
        slippedCount: 0,
        forecast: null,
        commitWon: 0,
        knownUpside: 0,
        newWon: 0,
        foreign: new Set(),
      };
      this.rows.set(key, acc);
    }
    return acc;
  }
}

/**
 * The periods whose forecast snapshot (forecastSnapshot) exists, among the periods that have rows and those
 * that open Commit deals fall due in, each with that snapshot.
 */
export function forecastSnapshotsFor<S extends { asOf: string }>(snapshots: readonly S[], periods: Iterable<string>): Map<string, S> {
  const chosen = new Map<string, S>();
  for (const start of periods) {
    const snapshot = forecastSnapshot(snapshots, start);
    if (snapshot) chosen.set(start, snapshot);
  }
  return chosen;
}

/**
 * Computes every metric of docs/design/crm-metrics.md per team and period. Closed-deal metrics (win rate by count
 * and by value, won/lost counts, average won deal size, median sales cycle of won deals) read the latest
 * snapshot, by close date and the team at close; pipeline created reads it by created date and the team at
 * creation. Stale share and next-step coverage read, per period, the latest snapshot taken in it (open
 * deals, team at the snapshot). Slipped deals come from `slippedDeals`; forecast accuracy and bias compare
 * the Commit of open deals due in the period in `forecastSnapshot` (team at that snapshot) with the won
 * amount of the period in the latest snapshot. Amounts in another currency without a rate are left out of
 * sums and averages and counted in `excludedForeignAmounts`; deals without an amount are left out of
 * amounts too (but not of counts), and deals without a team are left out entirely. Rows are sorted by
 * period, then team; a row exists where any metric has data.
 */
export function computeCrmMetrics(input: CrmMetricsInput): TeamPeriodMetrics[] {
  const { kind, fiscalStartMonth, currency, rates } = input;
  const sorted = byAsOf(input.snapshots);
  const latest = sorted[sorted.length - 1];
  if (!latest) return [];
  const metrics = new CrmMetricsAccumulator({ kind, fiscalStartMonth });
  const period = (date: string) => metrics.period(date);
  const amountFor = (team: string, start: string, deal: TeamDeal): number | null => {
    const amount = amountInCurrency(deal, currency, rates);
    if (amount !== "foreign") return amount;
    metrics.foreign(team, start, deal.crmId);
    return null;
  };

  for (const deal of latest.deals) {
    if (deal.status !== "open" && deal.closeDate !== null && deal.teamAtClose !== null) {
      const amount = amountFor(deal.teamAtClose, period(deal.closeDate), deal);
      metrics.closed(deal.teamAtClose, deal.closeDate, deal.status, 1, amount ?? 0, amount === null ? 0 : 1);
      const days = deal.status === "won" ? cycleDays(deal) : null;
      if (days !== null) metrics.cycle(deal.teamAtClose, deal.closeDate, days, 1);
    }
    if (deal.createdDate !== null && deal.teamAtCreate !== null) {
      metrics.created(deal.teamAtCreate, deal.createdDate, 1, amountFor(deal.teamAtCreate, period(deal.createdDate), deal) ?? 0);
    }
  }

  const latestInPeriod = new Map<string, DealSnapshot>();
  for (const snapshot of sorted) latestInPeriod.set(period(snapshot.asOf), snapshot);
  for (const [start, snapshot] of latestInPeriod) {
    for (const deal of snapshot.deals) {
      if (deal.status !== "open" || deal.teamAtSnapshot === null) continue;
      metrics.open(deal.teamAtSnapshot, start, 1, isStale(deal, snapshot.asOf) ? 1 : 0, hasNextStep(deal) ? 1 : 0);
    }
  }

  for (const slipped of slippedDeals(sorted, kind, fiscalStartMonth)) metrics.slipped(slipped.team, slipped.period);

  const forecastPeriods = metrics.periods();
  for (const snapshot of sorted) {
    for (const deal of snapshot.deals) {
      if (deal.status === "open" && deal.closeDate !== null && isCommit(deal.forecastCategory)) forecastPeriods.add(period(deal.closeDate));
    }
  }
  const forecastSnapshots = forecastSnapshotsFor(sorted, forecastPeriods);
  for (const [start, snapshot] of forecastSnapshots) {
    for (const deal of snapshot.deals) {
      if (deal.status !== "open" || deal.closeDate === null || deal.teamAtSnapshot === null || !isCommit(deal.forecastCategory)) continue;
      if (period(deal.closeDate) !== start) continue;
      metrics.forecast(deal.teamAtSnapshot, start, amountFor(deal.teamAtSnapshot, start, deal) ?? 0);
    }
  }

  // The period's won amount split by where each deal stood in the forecast snapshot (ADR 023).
  const forecastDeals = new Map<DealSnapshot, Map<string, TeamDeal>>();
  for (const snapshot of new Set(forecastSnapshots.values())) forecastDeals.set(snapshot, new Map(snapshot.deals.map((d) => [d.crmId, d])));
  for (const deal of latest.deals) {
    if (deal.status !== "won" || deal.closeDate === null || deal.teamAtClose === null) continue;
    const start = period(deal.closeDate);
    const snapshot = forecastSnapshots.get(start);
    const atForecast = snapshot ? forecastDeals.get(snapshot)!.get(deal.crmId) : undefined;
    const part = wonPart(start, periodEnd(deal.closeDate, kind, fiscalStartMonth), deal.createdDate, atForecast);
    // An amount in a currency without a rate is already named in the row of the team at close.
    const amount = convertedAmount(deal, currency, rates) ?? 0;
    metrics.wonFrom(deal.teamAtClose, deal.closeDate, part, amount);
    if (part === "commit" && atForecast!.teamAtSnapshot !== null) metrics.commitWon(atForecast!.teamAtSnapshot, start, amount);
  }
  return metrics.finish(new Set(forecastSnapshots.keys()));
}
