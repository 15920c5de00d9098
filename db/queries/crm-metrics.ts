/**
 * The CRM metrics' reads, aggregated by the database (ADR 019): deals counted and summed per owner, date
 * and currency, so that a snapshot of a million deals comes back as groups, not deals. The service turns
 * owners and dates into teams and periods (crm-metrics.server.ts). No query joins the owners' persons:
 * the planner has no statistics on a snapshot's new table and joined them in nested loops (30 s for a
 * million deals); the service maps the few hundred owner texts itself.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../schema";

export interface SnapshotRow {
  id: string;
  asOf: string;
}

/**
 * The organisation's counted snapshots, oldest first (two of one day: the one imported later is later).
 * Previews are never listed: they feed no metric until the admin confirms them (ADR 051).
 */
export async function listSnapshotsInOrder(db: Kysely<DB>, organisationId: string): Promise<SnapshotRow[]> {
  return db
    .selectFrom("crmSnapshot")
    .select(["id", "asOf"])
    .where("organisationId", "=", organisationId)
    .where("status", "=", "counted")
    .orderBy("asOf")
    .orderBy("importedAt")
    .orderBy("id")
    .execute();
}

export interface OwnerPerson {
  owner: string;
  personId: string;
}

/** The snapshots' deals, as a condition on crm_opportunity `o` (their partitions only: ADR 017). */
function inSnapshots(ids: readonly string[]): RawBuilder<unknown> {
  return ids.length === 0 ? sql`false` : sql`o.snapshot_id in (${sql.join(ids.map((id) => sql`${id}::uuid`))})`;
}

/**
 * The owner texts (as deals spell them) that map to a person: the admin's mapping first, then the
 * person's email, then their exact name. Owners that map to nobody are not listed.
 */
export async function ownerPersons(db: Kysely<DB>, organisationId: string, owners: readonly string[]): Promise<OwnerPerson[]> {
  if (owners.length === 0) return [];
  const result = await sql<OwnerPerson>`
    select owner, person_id from (
      select w.owner, coalesce(
        (select m.person_id from crm_owner_mapping m where m.organisation_id = ${organisationId} and m.owner_key = lower(trim(w.owner))),
        (select p.id from person p where p.organisation_id = ${organisationId} and lower(p.email) = lower(trim(w.owner)) limit 1),
        (select p.id from person p where p.organisation_id = ${organisationId} and p.name = trim(w.owner) limit 1)
      ) as person_id
      from jsonb_array_elements_text(${JSON.stringify(owners)}::jsonb) as w(owner)
    ) resolved
    where person_id is not null`.execute(db);
  return result.rows;
}

/** Deals counted and summed: `amount` sums the `withAmount` deals that have an amount, in `currency`. */
interface Sums {
  deals: number;
  withAmount: number;
  amount: number;
  currency: string | null;
}

/** Won and lost deals of a snapshot by owner, close date, status and currency. */
export async function closedDealSums(db: Kysely<DB>, snapshotId: string) {
  const result = await sql<Sums & { owner: string; closeDate: string; status: "won" | "lost" }>`
    select o.owner, o.close_date, o.status, o.currency, count(*)::int as deals, count(o.amount)::int as with_amount, coalesce(sum(o.amount), 0)::float8 as amount
    from crm_opportunity o
    where ${inSnapshots([snapshotId])} and o.status <> 'open' and o.close_date is not null
    group by o.owner, o.close_date, o.status, o.currency`.execute(db);
  return result.rows;
}

/** Won deals of a snapshot by owner, close date and sales cycle days (created to close; none closed before created: cycleDays). */
export async function wonCycleCounts(db: Kysely<DB>, snapshotId: string) {
  const result = await sql<{ owner: string; closeDate: string; days: number; deals: number }>`
    select o.owner, o.close_date, (o.close_date - o.created_date)::int as days, count(*)::int as deals
    from crm_opportunity o
    where ${inSnapshots([snapshotId])} and o.status = 'won' and o.close_date is not null and o.created_date is not null and o.close_date >= o.created_date
    group by o.owner, o.close_date, days`.execute(db);
  return result.rows;
}

/** Deals of a snapshot by owner, created date and currency. */
export async function createdDealSums(db: Kysely<DB>, snapshotId: string) {
  const result = await sql<Sums & { owner: string; createdDate: string }>`
    select o.owner, o.created_date, o.currency, count(*)::int as deals, count(o.amount)::int as with_amount, coalesce(sum(o.amount), 0)::float8 as amount
    from crm_opportunity o
    where ${inSnapshots([snapshotId])} and o.created_date is not null
    group by o.owner, o.created_date, o.currency`.execute(db);
  return result.rows;
}

/**
 * Open deals of a snapshot by owner: how many, how many stale on the snapshot date (no activity, or none
 * for 14 days or more) and how many with a next step (imports store a next step trimmed, or none).
 */
export async function openDealCounts(db: Kysely<DB>, snapshot: SnapshotRow, staleAfterDays: number) {
  const result = await sql<{ owner: string; open: number; stale: number; withNextStep: number }>`
    select o.owner, count(*)::int as open,
      count(*) filter (where o.last_activity_date is null or ${snapshot.asOf}::date - o.last_activity_date >= ${staleAfterDays}::int)::int as stale,
      count(*) filter (where o.next_step is not null and btrim(o.next_step) <> '')::int as with_next_step
    from crm_opportunity o
    where ${inSnapshots([snapshot.id])} and o.status = 'open'
    group by o.owner`.execute(db);
  return result.rows;
}

/**
 * Open deals that a later snapshot shows open with a later close date: each with its snapshot's place in
 * `snapshotIds` (oldest first) and `later`, the latest close date any later snapshot gives it while open
 * (whoever owns it there). Slipped deals are among them.
 */
export async function laterCloseDates(db: Kysely<DB>, snapshotIds: readonly string[]) {
  const order = sql`array_position(array[${sql.join(snapshotIds.map((id) => sql`${id}::uuid`))}], o.snapshot_id)`;
  const result = await sql<{ crmId: string; place: number; closeDate: string; later: string; owner: string }>`
    select w.crm_id, w.place, w.close_date, w.later, w.owner
    from (
      select o.crm_id, o.owner, o.close_date, ${order} as place,
        max(o.close_date) over (partition by o.crm_id order by ${order} desc rows between unbounded preceding and 1 preceding) as later
      from crm_opportunity o
      where ${inSnapshots(snapshotIds)} and o.status = 'open' and o.close_date is not null
    ) w
    where w.later > w.close_date`.execute(db);
  return result.rows;
}

/** The close dates of open Commit deals in any of the snapshots. */
export async function commitCloseDates(db: Kysely<DB>, snapshotIds: readonly string[]): Promise<string[]> {
  const result = await sql<{ closeDate: string }>`
    select distinct o.close_date from crm_opportunity o
    where ${inSnapshots(snapshotIds)} and o.status = 'open' and o.close_date is not null and lower(btrim(o.forecast_category)) = 'commit'`.execute(db);
  return result.rows.map((r) => r.closeDate);
}

/** Open Commit deals of each snapshot by owner, close date and currency. */
export async function commitSums(db: Kysely<DB>, snapshotIds: readonly string[]) {
  const result = await sql<Sums & { snapshotId: string; owner: string; closeDate: string }>`
    select o.snapshot_id, o.owner, o.close_date, o.currency, count(*)::int as deals, count(o.amount)::int as with_amount, coalesce(sum(o.amount), 0)::float8 as amount
    from crm_opportunity o
    where ${inSnapshots(snapshotIds)} and o.status = 'open' and o.close_date is not null and lower(btrim(o.forecast_category)) = 'commit'
    group by o.snapshot_id, o.owner, o.close_date, o.currency`.execute(db);
  return result.rows;
}

/**
 * The deals of the snapshots whose amount is in a currency outside `convertible` (the organisation's and
 * those with a rate): they are named in each metric row whose sums leave them out.
 */
export async function foreignAmountDeals(db: Kysely<DB>, snapshotIds: readonly string[], convertible: readonly string[]) {
  const result = await sql<{
    snapshotId: string;
    owner: string;
    crmId: string;
    status: "open" | "won" | "lost";
    closeDate: string | null;
    createdDate: string | null;
    commit: boolean;
  }>`
    select o.snapshot_id, o.owner, o.crm_id, o.status, o.close_date, o.created_date, coalesce(lower(btrim(o.forecast_category)) = 'commit', false) as commit
    from crm_opportunity o
    where ${inSnapshots(snapshotIds)} and o.amount is not null and o.currency is not null
      and upper(o.currency) not in (select jsonb_array_elements_text(${JSON.stringify(convertible.map((c) => c.toUpperCase()))}::jsonb))`.execute(db);
  return result.rows;
}

/** A period whose won deals are split (ADR 023): its first and last day, and its forecast snapshot if it has one. */
export interface WonSplitPeriod {
  start: string;
  end: string;
  forecastSnapshotId: string | null;
}

/**
 * Won deals of the latest snapshot, in the given periods, counted and summed by owner, close date, currency
 * and where each stood in its period's forecast snapshot (`part`, as `wonPart` decides it: "commit" in the
 * Commit call, "new" created in the period, "known" open otherwise, "other"). For "commit" the group also
 * names the deal's owner in the forecast snapshot (`forecastOwner`) and that snapshot, whose team the
 * commit accuracy counts it for.
 */
export async function wonDealSplit(db: Kysely<DB>, latestId: string, periods: readonly WonSplitPeriod[], forecastIds: readonly string[]) {
  if (periods.length === 0) return [];
  const forecastIn = forecastIds.length === 0 ? sql`false` : sql`f.snapshot_id in (${sql.join(forecastIds.map((id) => sql`${id}::uuid`))})`;
  const result = await sql<
    Sums & { owner: string; closeDate: string; part: "commit" | "new" | "known" | "other"; forecastOwner: string | null; forecastSnapshotId: string | null }
  >`
    select w.owner, w.close_date, w.currency, w.part, w.forecast_owner, w.forecast_snapshot_id,
      count(*)::int as deals, count(w.amount)::int as with_amount, coalesce(sum(w.amount), 0)::float8 as amount
    from (
      select o.owner, o.close_date, o.currency, o.amount, p.part,
        case when p.part = 'commit' then f.owner end as forecast_owner,
        case when p.part = 'commit' then f.snapshot_id end as forecast_snapshot_id
      from crm_opportunity o
      join jsonb_to_recordset(${JSON.stringify(periods)}::jsonb) as r(start date, "end" date, "forecastSnapshotId" uuid)
        on o.close_date between r.start and r."end"
      left join crm_opportunity f on ${forecastIn} and f.snapshot_id = r."forecastSnapshotId" and f.crm_id = o.crm_id
      cross join lateral (select case
        when f.status = 'open' and f.close_date between r.start and r."end" and lower(btrim(f.forecast_category)) = 'commit' then 'commit'
        when o.created_date >= r.start then 'new'
        when f.status = 'open' then 'known'
        else 'other' end as part) p
      where ${inSnapshots([latestId])} and o.status = 'won'
    ) w
    group by w.owner, w.close_date, w.currency, w.part, w.forecast_owner, w.forecast_snapshot_id`.execute(db);
  return result.rows;
}
