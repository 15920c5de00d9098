/**
 * CRM snapshots one can manage (ADR 051): an upload waits as a preview, compared team by team with the
 * snapshot that counts now and with warnings when it looks filtered, until an admin confirms it (alone, or in
 * place of a counted snapshot) or cancels it; a counted snapshot can be inspected (which metrics and quarters
 * it feeds) and deleted. Every change is audited. The metrics read only counted snapshots and are computed
 * when asked (crm-metrics.server.ts keeps no cache), so a change shows on the next page read.
 */
import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import type { SessionUser } from "~/auth/session.server";
import {
  compareTeams,
  convertedAmount,
  metricChanges,
  feedsInWords,
  snapshotFeeds,
  snapshotWarnings,
  teamOnDate,
  type Membership,
  type ReviewedSnapshot,
  type SnapshotReview,
  type TeamDealSums,
} from "~/domain/crm";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { dropSnapshot } from "#db/crm-staging";
import { findSnapshot, listCurrencyRates, listSnapshots, markSnapshotCounted, snapshotOwnerSums } from "#db/queries/crm";
import { ownerPersons } from "#db/queries/crm-metrics";
import { findOrganisationById } from "#db/queries/organisations";
import { listTeamNodes } from "#db/queries/teams";
import { personActor, recordAudit, type AuditActor, type AuditSource } from "./audit.server";

/** Who manages a snapshot: an admin on the CRM page, or the command line. */
export interface SnapshotManager {
  organisationId: string;
  /** The person, for the snapshot's `counted_by` (null for the command line). */
  personId: string | null;
  actor: AuditActor;
  source: AuditSource;
}

/** A signed-in admin as the manager of snapshots. */
export const managerOf = (user: SessionUser): SnapshotManager => ({ organisationId: user.organisationId, personId: user.personId, actor: personActor(user), source: "ui" });

type SnapshotListRow = Awaited<ReturnType<typeof listSnapshots>>[number];

/** The organisation's snapshots oldest first, as the metrics order them (date, then upload time). */
async function snapshotsInOrder(app: AppContext, organisationId: string): Promise<SnapshotListRow[]> {
  return (await listSnapshots(app.db, organisationId)).reverse();
}

/** The organisation's snapshot under an id from a form or a path (anything but a uuid: none). */
async function ownSnapshot(app: AppContext, organisationId: string, snapshotId: string) {
  return isUuid(snapshotId) ? findSnapshot(app.db, organisationId, snapshotId.toLowerCase()) : undefined;
}

const counted = (rows: readonly SnapshotListRow[]) => rows.filter((r) => r.status === "counted");

/** The counted snapshots once `preview` counts too, in the metrics' order (date, then upload time). */
function withPreview(rows: readonly SnapshotListRow[], preview: SnapshotListRow): SnapshotListRow[] {
  return [...counted(rows), preview].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.importedAt.getTime() - b.importedAt.getTime()));
}

/** Each team's deals in a snapshot (the owner's leaf team on the snapshot's date; null: matches no one). */
async function teamSums(
  app: AppContext,
  snapshot: { id: string; asOf: string },
  context: { organisationId: string; currency: string; rates: Record<string, number>; memberships: Map<string, Membership[]> },
): Promise<{ teams: TeamDealSums[]; owners: number; deals: number }> {
  const groups = await snapshotOwnerSums(app.db, snapshot.id);
  const owners = [...new Set(groups.map((g) => g.owner))];
  const personOf = new Map((await ownerPersons(app.db, context.organisationId, owners)).map((o) => [o.owner, o.personId]));
  const byTeam = new Map<string | null, TeamDealSums>();
  let deals = 0;
  for (const g of groups) {
    const personId = personOf.get(g.owner);
    const team = personId === undefined ? null : teamOnDate(context.memberships.get(personId) ?? [], snapshot.asOf);
    const sums = byTeam.get(team) ?? { team, deals: 0, open: 0, won: 0, amount: 0 };
    sums.deals += g.deals;
    sums.open += g.open;
    sums.won += g.won;
    sums.amount += convertedAmount(g, context.currency, context.rates) ?? 0;
    byTeam.set(team, sums);
    deals += g.deals;
  }
  return { teams: [...byTeam.values()], owners: owners.length, deals };
}

/**
 * The review of one snapshot of the organisation: each team's deals and amounts against the snapshot it
 * follows (for a preview, the latest counted one), the warnings, what it feeds and what confirming,
 * replacing or deleting it would change. Null for an id the organisation has no snapshot under.
 */
export async function reviewSnapshot(app: AppContext, organisationId: string, snapshotId: string): Promise<SnapshotReview | null> {
  const [org, rows, rates, nodes, membershipRows] = await Promise.all([
    findOrganisationById(app.db, organisationId),
    snapshotsInOrder(app, organisationId),
    listCurrencyRates(app.db, organisationId),
    listTeamNodes(app.db, organisationId),
    app.db.selectFrom("teamMembership").select(["personId", "teamId", "validFrom", "validTo"]).where("organisationId", "=", organisationId).execute(),
  ]);
  const row = rows.find((r) => r.id === snapshotId);
  if (!org || !row) return null;
  const before = counted(rows);
  const isPreview = row.status === "preview";
  const previous = isPreview ? before[before.length - 1] : before[before.findIndex((r) => r.id === row.id) - 1];
  const memberships = new Map<string, Membership[]>();
  for (const m of membershipRows) memberships.set(m.personId, [...(memberships.get(m.personId) ?? []), m]);
  const context = { organisationId, currency: org.currency, rates, memberships };
  const [now, then] = await Promise.all([teamSums(app, row, context), previous ? teamSums(app, previous, context) : Promise.resolve(null)]);
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const teams = compareTeams(now.teams, then?.teams ?? null).map((t) => ({
    ...t,
    name: t.team === null ? said("crm.review.noTeam") : (names.get(t.team) ?? said("crm.review.teamRemoved")),
  }));
  const teamsWithoutDeals = teams.filter((t) => t.team !== null && (t.before?.deals ?? 0) > 0 && (t.after?.deals ?? 0) === 0).map((t) => t.name);
  const named = (r: SnapshotListRow, sums: { deals: number; owners: number }): ReviewedSnapshot => ({
    id: r.id,
    asOf: r.asOf,
    fileName: r.fileName,
    status: r.status,
    deals: sums.deals,
    owners: sums.owners,
  });
  const after = isPreview ? withPreview(rows, row) : before;
  return {
    snapshot: named(row, now),
    previous: previous && then ? named(previous, then) : null,
    currency: org.currency,
    teams,
    warnings: snapshotWarnings({ totals: now, previous: previous && then ? { ...then, asOf: previous.asOf } : null, asOf: row.asOf, teamsWithoutDeals }),
    feeds: isPreview ? [] : feedsInWords(snapshotFeeds(before).get(row.id)),
    onConfirm: isPreview ? metricChanges(before, after) : null,
    onDelete: isPreview
      ? []
      : metricChanges(
          before,
          before.filter((r) => r.id !== row.id),
        ),
    replaceable: isPreview
      ? before
          .slice()
          .reverse()
          .map((r) => ({
            id: r.id,
            asOf: r.asOf,
            fileName: r.fileName,
            changes: metricChanges(
              before,
              after.filter((a) => a.id !== r.id),
            ),
          }))
      : [],
  };
}

/** Throws NotFoundError unless the organisation has a snapshot under this id: checked before a form is read. */
export async function requireSnapshot(app: AppContext, user: SessionUser, snapshotId: string): Promise<void> {
  if (!(await ownSnapshot(app, user.organisationId, snapshotId))) throw new NotFoundError(said("crm.snapshot.notFound"));
}

/** The CRM page's view of one snapshot (another organisation's id: not found). */
export async function getSnapshotReview(app: AppContext, user: SessionUser, snapshotId: string): Promise<SnapshotReview> {
  const review = await reviewSnapshot(app, user.organisationId, snapshotId);
  if (!review) throw new NotFoundError(said("crm.snapshot.notFound"));
  return review;
}

/** The organisation's snapshots, newest first, with their status (for the command line's list). */
export async function listCrmSnapshots(app: AppContext, organisationId: string) {
  return (await listSnapshots(app.db, organisationId)).map((s) => ({ id: s.id, asOf: s.asOf, status: s.status, rowCount: s.rowCount, fileName: s.fileName, source: s.source }));
}

/** What each counted snapshot of the organisation feeds, in sentences, for the list of snapshots. */
export async function snapshotFeedsByRow(app: AppContext, organisationId: string): Promise<Record<string, string[]>> {
  const feeds = snapshotFeeds(counted(await snapshotsInOrder(app, organisationId)));
  return Object.fromEntries([...feeds].map(([id, f]) => [id, feedsInWords(f)]));
}

/**
 * Makes a previewed snapshot count, alone or in place of a counted one (`replaces`, which is deleted in the
 * same transaction). Audited: the confirmation, and the replaced snapshot's deletion. ConflictError when it
 * is no longer a preview (confirmed or cancelled meanwhile) or the one to replace no longer counts.
 */
export async function confirmSnapshot(app: AppContext, by: SnapshotManager, snapshotId: string, replaces: string | null): Promise<{ asOf: string; replaced: string | null }> {
  const snapshot = await ownSnapshot(app, by.organisationId, snapshotId);
  if (!snapshot) throw new NotFoundError(said("crm.snapshot.notFound"));
  if (snapshot.status !== "preview") throw new ConflictError(said("crm.snapshot.countsAlready", { asOf: snapshot.asOf }));
  const old = replaces === null ? null : await ownSnapshot(app, by.organisationId, replaces);
  if (replaces !== null && (!old || old.status !== "counted")) throw new ConflictError(said("crm.snapshot.replacedGone"));
  const at = app.now();
  const audit = { organisationId: by.organisationId, actor: by.actor, source: by.source, at };
  await app.db.transaction().execute(async (trx) => {
    // The replaced snapshot goes first: dropping it takes the deals' table lock before any snapshot row is
    // changed, in the order an import takes them (db/crm-staging.ts).
    if (old && !(await dropSnapshot(trx, { snapshotId: old.id, organisationId: by.organisationId }))) throw new ConflictError(said("crm.snapshot.replacedDeleted"));
    if (!(await markSnapshotCounted(trx, by.organisationId, snapshot.id, by.personId, at))) throw new ConflictError(said("crm.snapshot.previewGone", { asOf: snapshot.asOf }));
    await recordAudit(trx, {
      ...audit,
      action: "crm.snapshot-confirm",
      target: { type: "crm-snapshot", id: snapshot.id },
      after: { asOf: snapshot.asOf, rows: snapshot.rowCount, replaces: old ? old.id : null, replacesAsOf: old ? old.asOf : null },
    });
    if (old)
      await recordAudit(trx, {
        ...audit,
        action: "crm.snapshot-replace",
        target: { type: "crm-snapshot", id: old.id },
        before: { asOf: old.asOf, rows: old.rowCount, status: "counted" },
        after: { asOf: old.asOf, replacedBy: snapshot.id, replacedByAsOf: snapshot.asOf },
      });
  });
  return { asOf: snapshot.asOf, replaced: old ? old.asOf : null };
}

/**
 * Deletes a snapshot with its deals: a preview (cancelling the upload: no metric changes) or a counted one
 * (the metrics then read the others). Audited.
 */
export async function deleteSnapshot(app: AppContext, by: SnapshotManager, snapshotId: string): Promise<{ asOf: string; status: "preview" | "counted" }> {
  const snapshot = await ownSnapshot(app, by.organisationId, snapshotId);
  if (!snapshot) throw new NotFoundError(said("crm.snapshot.notFound"));
  await app.db.transaction().execute(async (trx) => {
    if (!(await dropSnapshot(trx, { snapshotId: snapshot.id, organisationId: by.organisationId })))
      throw new ConflictError(said("crm.snapshot.deletedMeanwhile", { asOf: snapshot.asOf }));
    await recordAudit(trx, {
      organisationId: by.organisationId,
      actor: by.actor,
      source: by.source,
      at: app.now(),
      action: snapshot.status === "preview" ? "crm.snapshot-cancel" : "crm.snapshot-delete",
      target: { type: "crm-snapshot", id: snapshot.id },
      before: { asOf: snapshot.asOf, rows: snapshot.rowCount, status: snapshot.status },
      after: { asOf: snapshot.asOf, status: "deleted" },
    });
  });
  return { asOf: snapshot.asOf, status: snapshot.status };
}
