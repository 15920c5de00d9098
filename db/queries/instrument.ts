import type { Kysely } from "kysely";
import type { DB, InstrumentSource, ItemScale } from "../schema";

export interface DimensionRow {
  key: string;
  name: string;
  description: string;
  higherIsBetter: boolean;
  source: InstrumentSource;
}

export interface ItemRow {
  id: string;
  code: string;
  dimensionKey: string | null;
  text: string;
  reverseKeyed: boolean;
  scale: ItemScale;
  source: InstrumentSource;
  retiredAt: Date | null;
  managerText: string | null;
}

/** Inserts dimensions that do not exist yet (by key); existing ones are left as the organisation edited them. */
export async function insertMissingDimensions(
  db: Kysely<DB>,
  organisationId: string,
  dimensions: Array<{ key: string; name: string; description: string; higherIsBetter: boolean; source: InstrumentSource; position: number }>,
): Promise<void> {
  if (dimensions.length === 0) return;
  await db
    .insertInto("dimension")
    .values(dimensions.map((d) => ({ ...d, organisationId })))
    .onConflict((oc) => oc.columns(["organisationId", "key"]).doNothing())
    .execute();
}

/** Inserts items that do not exist yet (by code). */
export async function insertMissingItems(
  db: Kysely<DB>,
  organisationId: string,
  items: Array<{
    code: string;
    dimensionKey: string | null;
    text: string;
    reverseKeyed: boolean;
    scale: ItemScale;
    source: InstrumentSource;
    position: number;
    managerText?: string | null;
  }>,
): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto("item")
    .values(items.map((i) => ({ ...i, managerText: i.managerText ?? null, organisationId })))
    .onConflict((oc) => oc.columns(["organisationId", "code"]).doNothing())
    .execute();
}

/** Fills the mirrored manager text of items that have none yet (items created before it existed). */
export async function fillMissingManagerTexts(db: Kysely<DB>, organisationId: string, texts: Record<string, string>): Promise<void> {
  const codes = Object.keys(texts);
  const missing = await db.selectFrom("item").select("code").where("organisationId", "=", organisationId).where("managerText", "is", null).where("code", "in", codes).execute();
  for (const { code } of missing) {
    await db.updateTable("item").set({ managerText: texts[code]! }).where("organisationId", "=", organisationId).where("code", "=", code).execute();
  }
}

export async function listDimensions(db: Kysely<DB>, organisationId: string): Promise<DimensionRow[]> {
  return db
    .selectFrom("dimension")
    .select(["key", "name", "description", "higherIsBetter", "source"])
    .where("organisationId", "=", organisationId)
    .orderBy("position")
    .orderBy("name")
    .execute();
}

export async function listItems(db: Kysely<DB>, organisationId: string): Promise<ItemRow[]> {
  return db
    .selectFrom("item")
    .select(["id", "code", "dimensionKey", "text", "reverseKeyed", "scale", "source", "retiredAt", "managerText"])
    .where("organisationId", "=", organisationId)
    .orderBy("position")
    .orderBy("code")
    .execute();
}

export async function findItemByCode(db: Kysely<DB>, organisationId: string, code: string): Promise<ItemRow | undefined> {
  return db
    .selectFrom("item")
    .select(["id", "code", "dimensionKey", "text", "reverseKeyed", "scale", "source", "retiredAt", "managerText"])
    .where("organisationId", "=", organisationId)
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function setItemRetired(db: Kysely<DB>, organisationId: string, itemId: string, retiredAt: Date | null): Promise<number> {
  const result = await db.updateTable("item").set({ retiredAt }).where("organisationId", "=", organisationId).where("id", "=", itemId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
