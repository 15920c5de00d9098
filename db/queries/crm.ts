import { sql, type Kysely, type RawBuilder } from "kysely";
import type { CrmSnapshotStatus, DB } from "../schema";

export async function findSnapshotByHash(db: Kysely<DB>, organisationId: string, contentSha256: string) {
  return db.selectFrom("crmSnapshot").select(["id", "asOf", "status"]).where("organisationId", "=", organisationId).where("contentSha256", "=", contentSha256).executeTakeFirst();
}

/** Creates the snapshot row of an import, under the id its rows were loaded with. */
export async function insertSnapshot(
  db: Kysely<DB>,
  snapshot: {
    id: string;
    organisationId: string;
    source: DB["crmSnapshot"]["source"];
    fileName: string;
    contentSha256: string;
    asOf: string;
    encoding: string;
    dateOrder: string | null;
    importedBy: string | null;
    skippedRows: unknown[];
    rowCount: number;
    /** 'preview' for an upload that waits for the admin's confirmation; by default counted at once (ADR 051). */
    status?: CrmSnapshotStatus;
    /** When it began to count, if it counts (default: now). */
    at?: Date;
  },
): Promise<void> {
  const { at, ...values } = snapshot;
  const counted = snapshot.status !== "preview";
  await db
    .insertInto("crmSnapshot")
    .values({ ...values, skippedRows: JSON.stringify(snapshot.skippedRows), countedAt: counted ? (at ?? new Date()) : null, countedBy: counted ? snapshot.importedBy : null })
    .execute();
}

/** One snapshot of the organisation (undefined for another organisation's id). */
export async function findSnapshot(db: Kysely<DB>, organisationId: string, snapshotId: string) {
  return db
    .selectFrom("crmSnapshot")
    .select(["id", "source", "fileName", "asOf", "rowCount", "encoding", "importedAt", "importedBy", "skippedRows", "status", "countedAt"])
    .where("organisationId", "=", organisationId)
    .where("id", "=", snapshotId)
    .executeTakeFirst();
}

/** Makes a previewed snapshot count; false when it is not (or no longer) a preview of the organisation. */
export async function markSnapshotCounted(db: Kysely<DB>, organisationId: string, snapshotId: string, by: string | null, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("crmSnapshot")
    .set({ status: "counted", countedAt: at, countedBy: by })
    .where("organisationId", "=", organisationId)
    .where("id", "=", snapshotId)
    .where("status", "=", "preview")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A snapshot's deals per owner: how many, how many open and won, and their amounts by currency. */
export async function snapshotOwnerSums(db: Kysely<DB>, snapshotId: string) {
  const result = await sql<{ owner: string; currency: string | null; deals: number; open: number; won: number; amount: number }>`
    select o.owner, o.currency, count(*)::int as deals, count(*) filter (where o.status = 'open')::int as open,
      count(*) filter (where o.status = 'won')::int as won, coalesce(sum(o.amount), 0)::float8 as amount
    from crm_opportunity o
    where o.snapshot_id = ${snapshotId}::uuid
    group by o.owner, o.currency`.execute(db);
  return result.rows;
}

/** The organisation's edits of the stage → status defaults. */
export async function listStageEdits(db: Kysely<DB>, organisationId: string): Promise<Record<string, "open" | "won" | "lost">> {
  const rows = await db.selectFrom("crmStageMapping").select(["stageKey", "status"]).where("organisationId", "=", organisationId).execute();
  return Object.fromEntries(rows.map((r) => [r.stageKey, r.status]));
}

export async function saveStageEdit(db: Kysely<DB>, organisationId: string, stageKey: string, status: "open" | "won" | "lost"): Promise<void> {
  await db
    .insertInto("crmStageMapping")
    .values({ organisationId, stageKey, status })
    .onConflict((oc) => oc.columns(["organisationId", "stageKey"]).doUpdateSet({ status }))
    .execute();
}

export async function loadColumnMapping(db: Kysely<DB>, organisationId: string, headerKey: string): Promise<Record<string, string> | null> {
  const row = await db.selectFrom("crmColumnMapping").select("mapping").where("organisationId", "=", organisationId).where("headerKey", "=", headerKey).executeTakeFirst();
  return row ? (row.mapping as Record<string, string>) : null;
}

export async function saveColumnMapping(db: Kysely<DB>, organisationId: string, headerKey: string, mapping: Record<string, string>): Promise<void> {
  const value = JSON.stringify(mapping);
  await db
    .insertInto("crmColumnMapping")
    .values({ organisationId, headerKey, mapping: value })
    .onConflict((oc) => oc.columns(["organisationId", "headerKey"]).doUpdateSet({ mapping: value }))
    .execute();
}

/** The key an owner is remembered by: trimmed and lower-cased. */
export const ownerKey = (owner: string) => owner.trim().toLowerCase();

/**
 * Which of an import's owners (each with its deal count, counted while the file was read) match nobody —
 * not a person's email, not a person's exact name, not a mapping the admin made.
 */
export async function unmatchedOwners(
  db: Kysely<DB>,
  organisationId: string,
  owners: ReadonlyArray<{ owner: string; deals: number }>,
): Promise<Array<{ owner: string; deals: number }>> {
  if (owners.length === 0) return [];
  const result = await sql<{ owner: string; deals: number }>`
    select o.owner, o.deals
    from jsonb_to_recordset(${JSON.stringify(owners)}::jsonb) as o(owner text, deals int)
    where not exists (select 1 from person p where p.organisation_id = ${organisationId} and (lower(p.email) = lower(trim(o.owner)) or p.name = trim(o.owner)))
      and not exists (select 1 from crm_owner_mapping m where m.organisation_id = ${organisationId} and m.owner_key = lower(trim(o.owner)))
    order by o.deals desc, o.owner`.execute(db);
  return result.rows;
}

/** The owners of a snapshot's deals with their deal counts. */
export async function ownersOfSnapshot(db: Kysely<DB>, snapshotId: string): Promise<Array<{ owner: string; deals: number }>> {
  const result = await sql<{ owner: string; deals: number }>`
    select owner, count(*)::int as deals from crm_opportunity where snapshot_id = ${snapshotId} group by owner`.execute(db);
  return result.rows;
}

/**
 * The organisation's deals, as a condition on crm_opportunity `o`: its snapshots' ids, so that the planner
 * reads only their partitions (ADR 017), not every organisation's.
 */
export async function organisationDeals(db: Kysely<DB>, organisationId: string): Promise<RawBuilder<unknown>> {
  const ids = (await db.selectFrom("crmSnapshot").select("id").where("organisationId", "=", organisationId).execute()).map((r) => r.id);
  return ids.length === 0 ? sql`false` : sql`o.snapshot_id in (${sql.join(ids.map((id) => sql`${id}::uuid`))})`;
}

/** Every owner of the organisation's CRM data not matched to a person yet (across all snapshots). */
export async function allUnmatchedOwners(
  db: Kysely<DB>,
  organisationId: string,
  /** `organisationDeals(db, organisationId)`, when the caller has it already. */
  deals?: RawBuilder<unknown>,
): Promise<Array<{ owner: string; deals: number }>> {
  // Owners are grouped first and matched after: a few hundred lookups, not two for each of a million deals.
  const result = await sql<{ owner: string; deals: number }>`
    select g.owner, g.deals
    from (
      select o.owner, count(distinct o.crm_id)::int as deals
      from crm_opportunity o
      where ${deals ?? (await organisationDeals(db, organisationId))}
      group by o.owner
    ) g
    where not exists (select 1 from person p where p.organisation_id = ${organisationId} and (lower(p.email) = lower(trim(g.owner)) or p.name = trim(g.owner)))
      and not exists (select 1 from crm_owner_mapping m where m.organisation_id = ${organisationId} and m.owner_key = lower(trim(g.owner)))
    order by g.deals desc, g.owner`.execute(db);
  return result.rows;
}

export async function saveOwnerMapping(db: Kysely<DB>, organisationId: string, owner: string, personId: string | null): Promise<void> {
  const values = { organisationId, ownerKey: ownerKey(owner), personId, ignored: personId === null };
  await db
    .insertInto("crmOwnerMapping")
    .values(values)
    .onConflict((oc) => oc.columns(["organisationId", "ownerKey"]).doUpdateSet({ personId, ignored: personId === null }))
    .execute();
}

export async function listSnapshots(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("crmSnapshot")
    .select(["id", "source", "fileName", "asOf", "rowCount", "encoding", "importedAt", "skippedRows", "status"])
    .where("organisationId", "=", organisationId)
    .orderBy("asOf", "desc")
    .orderBy("importedAt", "desc")
    .execute();
}

export async function listCurrencyRates(db: Kysely<DB>, organisationId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom("crmCurrencyRate").select(["currency", "rate"]).where("organisationId", "=", organisationId).execute();
  return Object.fromEntries(rows.map((r) => [r.currency, r.rate]));
}

export async function saveCurrencyRate(db: Kysely<DB>, organisationId: string, currency: string, rate: number | null): Promise<void> {
  if (rate === null) {
    await db.deleteFrom("crmCurrencyRate").where("organisationId", "=", organisationId).where("currency", "=", currency).execute();
    return;
  }
  await db
    .insertInto("crmCurrencyRate")
    .values({ organisationId, currency, rate })
    .onConflict((oc) => oc.columns(["organisationId", "currency"]).doUpdateSet({ rate }))
    .execute();
}
