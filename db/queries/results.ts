import type { Insertable, Kysely } from "kysely";
import type { DB } from "../schema";

/** Closed, aggregated waves of an organisation, oldest first, with their program, locked thresholds and when retention deleted their raw answers. */
export async function listResultWaves(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("wave")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .select([
      "wave.id",
      "wave.programId",
      "p.name as programName",
      "wave.periodStart",
      "wave.closesAt",
      "wave.closedAt",
      "wave.minGroupSize",
      "wave.minCommentGroupSize",
      "wave.rawDeletedAt",
    ])
    .where("wave.organisationId", "=", organisationId)
    .where("wave.status", "=", "closed")
    .where("wave.aggregated", "=", true)
    .orderBy("wave.periodStart")
    .orderBy("wave.id")
    .execute();
}

/** The aggregates of some waves, in three flat lists. */
export async function readAggregates(db: Kysely<DB>, waveIds: string[]) {
  if (waveIds.length === 0) return { teams: [], dimensions: [], items: [] };
  const [teams, dimensions, items] = await Promise.all([
    db.selectFrom("waveTeamStats").selectAll().where("waveId", "in", waveIds).execute(),
    db.selectFrom("waveTeamDimensionStats").selectAll().where("waveId", "in", waveIds).execute(),
    db.selectFrom("waveTeamItemStats").selectAll().where("waveId", "in", waveIds).execute(),
  ]);
  return { teams, dimensions, items };
}

/** The rated items of each wave, by dimension. */
export async function listWaveDimensionItems(db: Kysely<DB>, waveIds: string[]) {
  if (waveIds.length === 0) return [];
  return db
    .selectFrom("waveItem as wi")
    .innerJoin("item", "item.id", "wi.itemId")
    .select(["wi.waveId", "item.id", "item.code", "item.text", "item.dimensionKey", "wi.position"])
    .where("wi.waveId", "in", waveIds)
    .where("item.scale", "=", "agree7")
    .where("item.dimensionKey", "is not", null)
    .orderBy("wi.position")
    .execute();
}

/** How many people were asked per team in some waves (for response rates). */
export async function countAudience(db: Kysely<DB>, waveIds: string[]) {
  if (waveIds.length === 0) return [];
  return db
    .selectFrom("waveAudience")
    .select((eb) => ["waveId", "teamId", eb.fn.countAll<number>().as("n")])
    .where("waveId", "in", waveIds)
    .groupBy(["waveId", "teamId"])
    .execute();
}

/** The comments of a wave from some teams (the caller decided they may be shown). Order is not kept. */
export async function readComments(db: Kysely<DB>, waveId: string, teamIds: string[]): Promise<string[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom("answer as a")
    .innerJoin("response as r", "r.id", "a.responseId")
    .select("a.comment")
    .where("r.waveId", "=", waveId)
    .where("r.teamId", "in", teamIds)
    .where("a.comment", "is not", null)
    .execute();
  return rows.map((r) => r.comment!);
}

/** Records the team tree a wave's results were built on (replacing what was there). */
export async function writeWaveTeams(db: Kysely<DB>, waveId: string, teams: ReadonlyArray<{ id: string; parentId: string | null }>): Promise<void> {
  await db.deleteFrom("waveTeam").where("waveId", "=", waveId).execute();
  if (teams.length === 0) return;
  await db
    .insertInto("waveTeam")
    .values(teams.map((t) => ({ waveId, teamId: t.id, parentId: t.parentId })))
    .execute();
}

/** The team tree as it was when a wave of the organisation closed (names as they are now); empty for another organisation's wave. */
export async function listWaveTeamNodes(db: Kysely<DB>, organisationId: string, waveId: string): Promise<Array<{ id: string; name: string; parentId: string | null }>> {
  return (
    db
      .selectFrom("waveTeam as wt")
      .innerJoin("team", "team.id", "wt.teamId")
      .select(["wt.teamId as id", "team.name", "wt.parentId"])
      .where("wt.waveId", "=", waveId)
      .where("team.organisationId", "=", organisationId)
      // By name, as listTeamNodes: sums over teams and the choice of a team hidden to protect another then
      // follow names, not ids, so the same data gives the same results in any organisation.
      .orderBy("team.name")
      .orderBy("wt.teamId")
      .execute()
  );
}

export type GroupResultRow = Insertable<DB["waveGroupResult"]>;

/** Replaces a wave's materialized group results. */
export async function writeGroupResults(db: Kysely<DB>, waveId: string, rows: GroupResultRow[]): Promise<void> {
  await db.deleteFrom("waveGroupResult").where("waveId", "=", waveId).execute();
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insertInto("waveGroupResult")
      .values(rows.slice(i, i + 2000))
      .execute();
  }
}

/** Materialized results of some waves for some groups and kinds. */
export async function readGroupResults(db: Kysely<DB>, filter: { waveIds: string[]; groupIds?: string[]; kinds?: Array<DB["waveGroupResult"]["kind"]> }) {
  if (filter.waveIds.length === 0 || filter.groupIds?.length === 0 || filter.kinds?.length === 0) return [];
  let query = db.selectFrom("waveGroupResult").selectAll().where("waveId", "in", filter.waveIds);
  if (filter.groupIds) query = query.where("groupId", "in", filter.groupIds);
  if (filter.kinds) query = query.where("kind", "in", filter.kinds);
  return query.execute();
}
