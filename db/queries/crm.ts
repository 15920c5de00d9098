import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

export async function findSnapshotByHash(db: Kysely<DB>, organisationId: string, contentSha256: string) {
  return db.selectFrom("crmSnapshot").select(["id", "asOf"]).where("organisationId", "=", organisationId).where("contentSha256", "=", contentSha256).executeTakeFirst();
}

/** CRM ids that appear more than once in the staging table, with their lines. */
export async function findStagingDuplicates(db: Kysely<DB>): Promise<Array<{ crmId: string; lines: number[] }>> {
  const result = await sql<{ crmId: string; lines: number[] }>`
    select crm_id, array_agg(line order by line) as lines from crm_staging group by crm_id having count(*) > 1`.execute(db);
  return result.rows;
}

/** Creates the snapshot and copies the staged rows into it, set-based, in the import's transaction. */
export async function insertSnapshotFromStaging(
  db: Kysely<DB>,
  snapshot: {
    organisationId: string;
    source: DB["crmSnapshot"]["source"];
    fileName: string;
    contentSha256: string;
    asOf: string;
    encoding: string;
    dateOrder: string | null;
    importedBy: string | null;
    skippedRows: unknown[];
  },
): Promise<string> {
  const row = await db
    .insertInto("crmSnapshot")
    .values({ ...snapshot, skippedRows: JSON.stringify(snapshot.skippedRows), rowCount: 0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const inserted = await sql`
    insert into crm_opportunity (snapshot_id, organisation_id, crm_id, name, account_name, owner, stage, status, amount, currency,
      close_date, created_date, forecast_category, probability, next_step, last_activity_date)
    select ${row.id}, ${snapshot.organisationId}, crm_id, name, account_name, owner, stage, status, amount, currency,
      close_date, created_date, forecast_category, probability, next_step, last_activity_date
    from crm_staging`.execute(db);
  await db.updateTable("crmSnapshot").set({ rowCount: Number(inserted.numAffectedRows ?? 0) }).where("id", "=", row.id).execute();
  return row.id;
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
 * Owners of a snapshot that match nobody — not a person's email, not a person's exact name, not a
 * mapping the admin made — with how many deals each has.
 */
export async function unmatchedOwners(db: Kysely<DB>, organisationId: string, snapshotId: string): Promise<Array<{ owner: string; deals: number }>> {
  const result = await sql<{ owner: string; deals: number }>`
    select o.owner, count(*)::int as deals
    from crm_opportunity o
    where o.snapshot_id = ${snapshotId}
      and not exists (select 1 from person p where p.organisation_id = ${organisationId} and (lower(p.email) = lower(trim(o.owner)) or p.name = trim(o.owner)))
      and not exists (select 1 from crm_owner_mapping m where m.organisation_id = ${organisationId} and m.owner_key = lower(trim(o.owner)))
    group by o.owner
    order by deals desc, o.owner`.execute(db);
  return result.rows;
}

/** Every owner of the organisation's CRM data not matched to a person yet (across all snapshots). */
export async function allUnmatchedOwners(db: Kysely<DB>, organisationId: string): Promise<Array<{ owner: string; deals: number }>> {
  const result = await sql<{ owner: string; deals: number }>`
    select o.owner, count(distinct o.crm_id)::int as deals
    from crm_opportunity o
    where o.organisation_id = ${organisationId}
      and not exists (select 1 from person p where p.organisation_id = ${organisationId} and (lower(p.email) = lower(trim(o.owner)) or p.name = trim(o.owner)))
      and not exists (select 1 from crm_owner_mapping m where m.organisation_id = ${organisationId} and m.owner_key = lower(trim(o.owner)))
    group by o.owner
    order by deals desc, o.owner`.execute(db);
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

/**
 * Every deal of every snapshot with the person its owner maps to (email, exact name, or the admin's
 * mapping), for the metrics.
 */
export async function readDealsWithOwners(db: Kysely<DB>, organisationId: string) {
  const result = await sql<{
    snapshotId: string;
    asOf: string;
    crmId: string;
    name: string | null;
    accountName: string | null;
    owner: string;
    stage: string;
    status: "open" | "won" | "lost";
    amount: number | null;
    currency: string | null;
    closeDate: string | null;
    createdDate: string | null;
    forecastCategory: string | null;
    probability: number | null;
    nextStep: string | null;
    lastActivityDate: string | null;
    personId: string | null;
  }>`
    with owners as (
      select distinct o.owner from crm_opportunity o where o.organisation_id = ${organisationId}
    ),
    resolved as (
      select w.owner, coalesce(
        (select m.person_id from crm_owner_mapping m where m.organisation_id = ${organisationId} and m.owner_key = lower(trim(w.owner))),
        (select p.id from person p where p.organisation_id = ${organisationId} and lower(p.email) = lower(trim(w.owner)) limit 1),
        (select p.id from person p where p.organisation_id = ${organisationId} and p.name = trim(w.owner) limit 1)
      ) as person_id
      from owners w
    )
    select o.snapshot_id, s.as_of, o.crm_id, o.name, o.account_name, o.owner, o.stage, o.status, o.amount, o.currency,
      o.close_date, o.created_date, o.forecast_category, o.probability, o.next_step, o.last_activity_date, r.person_id
    from crm_opportunity o
    join crm_snapshot s on s.id = o.snapshot_id
    join resolved r on r.owner = o.owner
    where o.organisation_id = ${organisationId}
    order by s.as_of, o.crm_id`.execute(db);
  return result.rows;
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
