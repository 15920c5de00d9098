import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../schema";

export async function findSnapshotByHash(db: Kysely<DB>, organisationId: string, contentSha256: string) {
  return db.selectFrom("crmSnapshot").select(["id", "asOf"]).where("organisationId", "=", organisationId).where("contentSha256", "=", contentSha256).executeTakeFirst();
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
  },
): Promise<void> {
  await db
    .insertInto("crmSnapshot")
    .values({ ...snapshot, skippedRows: JSON.stringify(snapshot.skippedRows) })
    .execute();
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
    .select(["id", "source", "fileName", "asOf", "rowCount", "encoding", "importedAt", "skippedRows"])
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
