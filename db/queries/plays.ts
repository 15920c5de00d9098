import type { Kysely } from "kysely";
import type { DB } from "../schema";

export interface PlayValues {
  title: string;
  summary: string;
  dimensionKeys: string[];
  signals: string[];
  managerDoes: string;
  cadence: string;
  goodResult: string;
}

export interface PlayRecord extends PlayValues {
  id: string;
  organisationId: string;
  key: string;
  source: "candor" | "custom";
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = [
  "id",
  "organisationId",
  "key",
  "title",
  "summary",
  "dimensionKeys",
  "signals",
  "managerDoes",
  "cadence",
  "goodResult",
  "source",
  "archivedAt",
  "createdAt",
  "updatedAt",
] as const;

/**
 * An organisation's plays, by title; archived ones only when asked for. Candor's default plays and the
 * organisation's own come together.
 */
export async function listPlayRecords(db: Kysely<DB>, organisationId: string, options: { includeArchived?: boolean } = {}): Promise<PlayRecord[]> {
  let query = db.selectFrom("play").select(columns).where("organisationId", "=", organisationId);
  if (!options.includeArchived) query = query.where("archivedAt", "is", null);
  return query.orderBy("title").orderBy("id").execute();
}

/** One play of an organisation; undefined for an unknown id or another organisation's play. */
export async function findPlay(db: Kysely<DB>, organisationId: string, id: string): Promise<PlayRecord | undefined> {
  return db.selectFrom("play").select(columns).where("organisationId", "=", organisationId).where("id", "=", id).executeTakeFirst();
}

/** The keys an organisation's plays use, archived ones included. */
export async function listPlayKeys(db: Kysely<DB>, organisationId: string): Promise<string[]> {
  const rows = await db.selectFrom("play").select("key").where("organisationId", "=", organisationId).execute();
  return rows.map((r) => r.key);
}

/** Inserts plays whose key the organisation does not use yet; existing plays are left as they are. */
export async function insertMissingPlays(db: Kysely<DB>, organisationId: string, plays: ReadonlyArray<PlayValues & { key: string; source: "candor" | "custom" }>): Promise<void> {
  if (plays.length === 0) return;
  await db
    .insertInto("play")
    .values(plays.map((p) => ({ ...p, organisationId })))
    .onConflict((oc) => oc.columns(["organisationId", "key"]).doNothing())
    .execute();
}

export async function insertPlay(db: Kysely<DB>, play: PlayValues & { organisationId: string; key: string; source: "candor" | "custom"; at: Date }): Promise<string> {
  const { at, ...values } = play;
  const row = await db
    .insertInto("play")
    .values({ ...values, createdAt: at, updatedAt: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a play's content; false when no play of the organisation has that id. */
export async function updatePlayRecord(db: Kysely<DB>, organisationId: string, id: string, values: PlayValues & { at: Date }): Promise<boolean> {
  const { at, ...content } = values;
  const result = await db
    .updateTable("play")
    .set({ ...content, updatedAt: at })
    .where("organisationId", "=", organisationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Archives a play (or brings it back with `archivedAt` null); false when no play of the organisation has that id. */
export async function setPlayArchived(db: Kysely<DB>, organisationId: string, id: string, archivedAt: Date | null, at: Date): Promise<boolean> {
  const result = await db.updateTable("play").set({ archivedAt, updatedAt: at }).where("organisationId", "=", organisationId).where("id", "=", id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The key, source and good result of each of an organisation's plays, archived ones included. */
export async function listPlayGoodResults(db: Kysely<DB>, organisationId: string): Promise<Array<{ key: string; source: "candor" | "custom"; goodResult: string }>> {
  return db.selectFrom("play").select(["key", "source", "goodResult"]).where("organisationId", "=", organisationId).execute();
}

/**
 * Rewords one of Candor's default plays' good result, only while it still reads `from` (so an edit made
 * meanwhile is kept); its last-changed date stays, as nobody changed what the play asks.
 */
export async function rewordDefaultGoodResult(db: Kysely<DB>, organisationId: string, key: string, from: string, to: string): Promise<void> {
  await db
    .updateTable("play")
    .set({ goodResult: to })
    .where("organisationId", "=", organisationId)
    .where("key", "=", key)
    .where("source", "=", "candor")
    .where("goodResult", "=", from)
    .execute();
}
