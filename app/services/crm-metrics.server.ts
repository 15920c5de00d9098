import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { descendantIds } from "~/domain/team-tree";
import { listTeamNodes } from "#db/queries/teams";
import {
  convertedAmount,
  CrmMetricsAccumulator,
  forecastSnapshotsFor,
  periodEnd,
  slipsOf,
  STALE_AFTER_DAYS,
  teamOnDate,
  type Membership,
  type PeriodKind,
  type TeamPeriodMetrics,
} from "~/domain/crm";
import { findOrganisationById } from "#db/queries/organisations";
import { listCurrencyRates } from "#db/queries/crm";
import {
  closedDealSums,
  commitCloseDates,
  commitSums,
  createdDealSums,
  foreignAmountDeals,
  laterCloseDates,
  listSnapshotsInOrder,
  openDealCounts,
  ownerPersons,
  wonCycleCounts,
  wonDealSplit,
  type SnapshotRow,
} from "#db/queries/crm-metrics";

export type { TeamPeriodMetrics };

/**
 * CRM metrics per team and period for the organisation (leaf teams: the owner's team at the deal's
 * close date, at its creation for pipeline created, at the snapshot date for stale pipeline and next
 * steps), from every snapshot uploaded. Owners that match nobody are left out (the CRM page lists them).
 * The database counts and sums the deals per owner, date and currency (ADR 019); the same rules as
 * `computeCrmMetrics` then give teams and periods (tests/integration/crm-metrics.test.ts checks the two
 * agree).
 */
export async function getCrmMetrics(
  app: AppContext,
  organisationId: string,
  kind: PeriodKind,
  /** Counts each deal for the group its team belongs to (null leaves it out); by default each team is its own group. */
  groupOf: (teamId: string | null) => string | null = (teamId) => teamId,
): Promise<{ rows: TeamPeriodMetrics[]; currency: string; snapshots: number }> {
  const org = await findOrganisationById(app.db, organisationId);
  if (!org) throw new Error("organisation missing");
  const db = app.db;
  const [snapshots, rates, memberships] = await Promise.all([
    listSnapshotsInOrder(db, organisationId),
    listCurrencyRates(db, organisationId),
    db.selectFrom("teamMembership").select(["personId", "teamId", "validFrom", "validTo"]).where("organisationId", "=", organisationId).execute(),
  ]);
  const latest = snapshots[snapshots.length - 1];
  if (!latest) return { rows: [], currency: org.currency, snapshots: 0 };
  const ids = snapshots.map((s) => s.id);
  const metrics = new CrmMetricsAccumulator({ kind, fiscalStartMonth: org.fiscalYearStartMonth });
  // Stale share and next steps read the latest snapshot taken in each period.
  const latestInPeriod = new Map<string, SnapshotRow>();
  for (const snapshot of snapshots) latestInPeriod.set(metrics.period(snapshot.asOf), snapshot);
  // Every read that does not depend on another, at once (each on a connection of its own).
  const [closed, cycles, created, open, later, commitDates] = await Promise.all([
    closedDealSums(db, latest.id),
    wonCycleCounts(db, latest.id),
    createdDealSums(db, latest.id),
    Promise.all([...latestInPeriod].map(async ([start, snapshot]) => ({ start, snapshot, groups: await openDealCounts(db, snapshot, STALE_AFTER_DAYS) }))),
    snapshots.length > 1 ? laterCloseDates(db, ids) : Promise.resolve([]),
    commitCloseDates(db, ids),
  ]);
  // The owners these deals name (a few hundred texts), and the people they are.
  const ownerTexts = new Set<string>();
  for (const groups of [closed, cycles, created, later, ...open.map((o) => o.groups)]) for (const g of groups) ownerTexts.add(g.owner);
  const personOf = new Map((await ownerPersons(db, organisationId, [...ownerTexts])).map((o) => [o.owner, o.personId]));

  const byPerson = new Map<string, Membership[]>();
  for (const m of memberships) byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m]);
  /** Owner → date → the group of their team that day (remembered: many deals share an owner and a date). */
  const teams = new Map<string, Map<string, string | null>>();
  const teamAt = (owner: string, date: string): string | null => {
    let byDate = teams.get(owner);
    if (byDate === undefined) teams.set(owner, (byDate = new Map()));
    let team = byDate.get(date);
    if (team === undefined) {
      const personId = personOf.get(owner);
      // An owner who matches nobody counts for no team.
      team = personId === undefined ? null : groupOf(teamOnDate(byPerson.get(personId) ?? [], date));
      byDate.set(date, team);
    }
    return team;
  };
  /** A group's summed amount in the organisation's currency; null when its currency has no rate. */
  const converted = (sums: { currency: string | null; amount: number }): number | null => convertedAmount(sums, org.currency, rates);

  for (const g of closed) {
    const team = teamAt(g.owner, g.closeDate);
    if (team === null) continue;
    const amount = converted(g);
    metrics.closed(team, g.closeDate, g.status, g.deals, amount ?? 0, amount === null ? 0 : g.withAmount);
  }
  for (const g of cycles) {
    const team = teamAt(g.owner, g.closeDate);
    if (team !== null) metrics.cycle(team, g.closeDate, g.days, g.deals);
  }
  for (const g of created) {
    const team = teamAt(g.owner, g.createdDate);
    if (team !== null) metrics.created(team, g.createdDate, g.deals, converted(g) ?? 0);
  }
  for (const { start, snapshot, groups } of open) {
    for (const g of groups) {
      const team = teamAt(g.owner, snapshot.asOf);
      if (team !== null) metrics.open(team, start, g.open, g.stale, g.withNextStep);
    }
  }
  const asOf = new Map(snapshots.map((s) => [s.id, s.asOf]));

  // Slipped deals, from the open deals a later snapshot gives a later close date (the owner's team at the snapshot).
  const teamAtSnapshot = (due: { owner: string; place: number }) => {
    const snapshot = snapshots[due.place - 1];
    return snapshot === undefined ? null : teamAt(due.owner, snapshot.asOf);
  };
  for (const slipped of slipsOf(later, kind, org.fiscalYearStartMonth, teamAtSnapshot)) metrics.slipped(slipped.team, slipped.period);

  // Forecasts: the Commit of each period's forecast snapshot.
  const periods = metrics.periods();
  for (const date of commitDates) periods.add(metrics.period(date));
  const forecastSnapshots = forecastSnapshotsFor(snapshots, periods);
  const startsOf = new Map<string, Set<string>>();
  for (const [start, snapshot] of forecastSnapshots) startsOf.set(snapshot.id, (startsOf.get(snapshot.id) ?? new Set()).add(start));
  const forecastIds = [...startsOf.keys()];
  const foreignIds = [...new Set([latest.id, ...forecastIds])];
  // The won deals of every period, split by where they stood in its forecast snapshot (ADR 023).
  const splitPeriods = [...metrics.periods()].map((start) => ({
    start,
    end: periodEnd(start, kind, org.fiscalYearStartMonth),
    forecastSnapshotId: forecastSnapshots.get(start)?.id ?? null,
  }));
  const [commits, foreign, split] = await Promise.all([
    forecastIds.length > 0 ? commitSums(db, forecastIds) : Promise.resolve([]),
    foreignAmountDeals(db, foreignIds, [org.currency, ...Object.keys(rates)]),
    wonDealSplit(db, latest.id, splitPeriods, forecastIds),
  ]);
  const commitOwners = [...new Set([...commits, ...foreign].map((g) => g.owner).concat(split.flatMap((g) => (g.forecastOwner === null ? [] : [g.forecastOwner]))))].filter(
    (o) => !ownerTexts.has(o),
  );
  for (const o of await ownerPersons(db, organisationId, commitOwners)) personOf.set(o.owner, o.personId);
  for (const g of commits) {
    const start = metrics.period(g.closeDate);
    if (!startsOf.get(g.snapshotId)!.has(start)) continue;
    const team = teamAt(g.owner, asOf.get(g.snapshotId)!);
    if (team !== null) metrics.forecast(team, start, converted(g) ?? 0);
  }

  for (const g of split) {
    const amount = converted(g) ?? 0;
    const team = teamAt(g.owner, g.closeDate);
    // A won deal whose owner has no team at close is left out entirely, its Commit call's credit too (as
    // computeCrmMetrics does deal by deal).
    if (team === null) continue;
    metrics.wonFrom(team, g.closeDate, g.part, amount);
    if (g.part === "commit" && g.forecastOwner !== null && g.forecastSnapshotId !== null) {
      const atForecast = teamAt(g.forecastOwner, asOf.get(g.forecastSnapshotId)!);
      if (atForecast !== null) metrics.commitWon(atForecast, metrics.period(g.closeDate), amount);
    }
  }

  // Deals left out of sums (another currency, no rate), named in the rows whose sums they are left out of.
  for (const d of foreign) {
    if (d.snapshotId === latest.id) {
      const atClose = d.status !== "open" && d.closeDate !== null ? teamAt(d.owner, d.closeDate) : null;
      if (atClose !== null) metrics.foreign(atClose, metrics.period(d.closeDate!), d.crmId);
      const atCreate = d.createdDate !== null ? teamAt(d.owner, d.createdDate) : null;
      if (atCreate !== null) metrics.foreign(atCreate, metrics.period(d.createdDate!), d.crmId);
    }
    if (d.status === "open" && d.commit && d.closeDate !== null && startsOf.get(d.snapshotId)?.has(metrics.period(d.closeDate))) {
      const team = teamAt(d.owner, asOf.get(d.snapshotId)!);
      if (team !== null) metrics.foreign(team, metrics.period(d.closeDate), d.crmId);
    }
  }
  return { rows: metrics.finish(new Set(forecastSnapshots.keys())), currency: org.currency, snapshots: snapshots.length };
}

/**
 * A team's CRM metrics (the team and every team below it, as one group) over the last `periods` periods
 * up to today, for the team page's side-by-side view. Same access as the team's results.
 */
export async function getTeamCrmMetrics(app: AppContext, user: SessionUser, teamId: string, options: { kind?: PeriodKind; periods?: number } = {}) {
  const team = await requireTeamAccess(app, user, teamId);
  const subtree = descendantIds(await listTeamNodes(app.db, user.organisationId), [team.id]);
  const result = await getCrmMetrics(app, user.organisationId, options.kind ?? "quarter", (id) => (id !== null && subtree.has(id) ? team.id : null));
  const today = app.now().toISOString().slice(0, 10);
  const rows = result.rows.filter((r) => r.team === team.id && r.period <= today).slice(-(options.periods ?? 4));
  return { currency: result.currency, snapshots: result.snapshots, rows };
}
