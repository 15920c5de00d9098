import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { descendantIds } from "~/domain/team-tree";
import { listTeamNodes } from "#db/queries/teams";
import { computeCrmMetrics, type DealSnapshot, type PeriodKind, type TeamDeal, type TeamPeriodMetrics } from "~/domain/crm";
import { findOrganisationById } from "#db/queries/organisations";
import { listCurrencyRates, readDealsWithOwners } from "#db/queries/crm";

export type { TeamPeriodMetrics };

interface Membership {
  teamId: string;
  validFrom: string;
  validTo: string | null;
}

/**
 * The team a person was in on a date, from their membership history. Before their first recorded
 * membership (a roster imported after the deals were made) they count for that first team: the best
 * knowledge Candor has. Null for people with no team at all.
 */
export function teamOnDate(memberships: readonly Membership[], date: string | null): string | null {
  if (memberships.length === 0) return null;
  const sorted = [...memberships].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  if (!date) return sorted[sorted.length - 1]!.teamId;
  const covering = sorted.find((m) => m.validFrom <= date && (m.validTo === null || m.validTo > date));
  if (covering) return covering.teamId;
  if (date < sorted[0]!.validFrom) return sorted[0]!.teamId;
  // After a membership ended and before the next began (or after the last ended): the last one before.
  return [...sorted].reverse().find((m) => m.validFrom <= date)?.teamId ?? null;
}

/**
 * CRM metrics per team and period for the organisation (leaf teams: the owner's team at the deal's
 * close date, at its creation for pipeline created, at the snapshot date for stale pipeline and next
 * steps), from every snapshot uploaded. Owners that match nobody are left out (the CRM page lists them).
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
  const [deals, rates, memberships] = await Promise.all([
    readDealsWithOwners(app.db, organisationId),
    listCurrencyRates(app.db, organisationId),
    app.db.selectFrom("teamMembership").select(["personId", "teamId", "validFrom", "validTo"]).where("organisationId", "=", organisationId).execute(),
  ]);
  const byPerson = new Map<string, Membership[]>();
  for (const m of memberships) byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m]);
  const snapshots = new Map<string, { asOf: string; deals: TeamDeal[] }>();
  for (const d of deals) {
    const history = d.personId ? (byPerson.get(d.personId) ?? []) : [];
    const snapshot = snapshots.get(d.snapshotId) ?? { asOf: d.asOf, deals: [] };
    snapshot.deals.push({
      crmId: d.crmId,
      name: d.name,
      accountName: d.accountName,
      owner: d.owner,
      stage: d.stage,
      status: d.status,
      amount: d.amount === null ? null : Number(d.amount),
      currency: d.currency,
      closeDate: d.closeDate,
      createdDate: d.createdDate,
      forecastCategory: d.forecastCategory,
      probability: d.probability === null ? null : Number(d.probability),
      nextStep: d.nextStep,
      lastActivityDate: d.lastActivityDate,
      teamAtClose: groupOf(teamOnDate(history, d.closeDate)),
      teamAtCreate: groupOf(teamOnDate(history, d.createdDate)),
      teamAtSnapshot: groupOf(teamOnDate(history, d.asOf)),
    });
    snapshots.set(d.snapshotId, snapshot);
  }
  const ordered: DealSnapshot[] = [...snapshots.values()].sort((a, b) => a.asOf.localeCompare(b.asOf));
  const rows = computeCrmMetrics({ snapshots: ordered, kind, fiscalStartMonth: org.fiscalYearStartMonth, currency: org.currency, rates });
  return { rows, currency: org.currency, snapshots: ordered.length };
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
