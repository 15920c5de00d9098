import type { Kysely } from "kysely";
import type { DB } from "../schema";

/** A wave's rated items (7-point, in a dimension) and its eNPS item, in the order the wave asked them. */
export async function listWaveDriverItems(db: Kysely<DB>, waveId: string) {
  return db
    .selectFrom("waveItem as wi")
    .innerJoin("item", "item.id", "wi.itemId")
    .select(["item.id", "item.code", "item.text", "item.scale", "item.reverseKeyed", "item.dimensionKey", "wi.position"])
    .where("wi.waveId", "=", waveId)
    .where((eb) => eb.or([eb.and([eb("item.scale", "=", "agree7"), eb("item.dimensionKey", "is not", null)]), eb("item.scale", "=", "nps11")]))
    .orderBy("wi.position")
    .execute();
}

/**
 * The sealed answers (values only, no comments) of one closed wave's responses that count for some teams:
 * one row per answered item, ordered so that the same data give the same rows in the same order.
 */
export async function readSealedAnswers(db: Kysely<DB>, waveId: string, teamIds: readonly string[], itemIds: readonly string[]) {
  if (teamIds.length === 0 || itemIds.length === 0) return [];
  return db
    .selectFrom("response as r")
    .innerJoin("wave", "wave.id", "r.waveId")
    .innerJoin("answer as a", "a.responseId", "r.id")
    .innerJoin("team", "team.id", "r.teamId")
    .select(["r.id as responseId", "r.teamId", "team.name as teamName", "a.itemId", "a.value"])
    .where("r.waveId", "=", waveId)
    .where("wave.status", "=", "closed")
    .where("r.teamId", "in", [...teamIds])
    .where("a.itemId", "in", [...itemIds])
    .where("a.value", "is not", null)
    .orderBy("r.id")
    .orderBy("a.itemId")
    .execute();
}
