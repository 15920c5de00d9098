import type { Kysely } from "kysely";
import { buildWaveResults, type DimensionAggregate, type ItemAggregate, type WaveAggregates } from "~/domain/results";
import { listTeamNodes } from "#db/queries/teams";
import { listWaveDimensionItems, readAggregates, writeGroupResults, writeWaveTeams, type GroupResultRow } from "#db/queries/results";
import { findWave } from "#db/queries/waves";
import { tagWaveComments } from "./themes.server";
import type { DB } from "#db/schema";

/**
 * Turns a closed wave's aggregates into every group's result (team tree as it is at close, anonymity
 * rules applied) and stores them, with that tree, so that pages, exports and the API read finished,
 * already-suppressed cells. Runs in the closing transaction; rerunning replaces the rows.
 */
export async function materializeWaveResults(db: Kysely<DB>, waveId: string): Promise<void> {
  const wave = await findWave(db, waveId);
  if (!wave) return;
  const [teams, aggregates, items] = await Promise.all([listTeamNodes(db, wave.organisationId), readAggregates(db, [waveId]), listWaveDimensionItems(db, [waveId])]);
  const nested = <T>(rows: Array<{ teamId: string } & T>, key: (row: T) => string) => {
    const map = new Map<string, Map<string, T>>();
    for (const row of rows) {
      const inner = map.get(row.teamId) ?? new Map<string, T>();
      inner.set(key(row), row);
      map.set(row.teamId, inner);
    }
    return map;
  };
  const input: WaveAggregates = {
    waveId,
    minGroupSize: wave.minGroupSize,
    minCommentGroupSize: wave.minCommentGroupSize,
    teams: new Map(aggregates.teams.map((t) => [t.teamId, t])),
    dimensions: nested<DimensionAggregate & { dimensionKey: string }>(aggregates.dimensions, (r) => r.dimensionKey),
    items: nested<ItemAggregate & { itemId: string }>(aggregates.items, (r) => r.itemId),
  };
  const dimensionItems = new Map<string, string[]>();
  for (const item of items) dimensionItems.set(item.dimensionKey!, [...(dimensionItems.get(item.dimensionKey!) ?? []), item.id]);
  const results = buildWaveResults(
    teams.map((t) => ({ id: t.id, name: t.name, parentId: t.parentId })),
    input,
    dimensionItems,
  );

  const rows: GroupResultRow[] = [];
  const empty = { mean: null, sd: null, ciLow: null, ciHigh: null, alpha: null, rwgJ: null, sum: null, sumsq: null };
  for (const [groupId, v] of results.responses) rows.push({ waveId, kind: "responses", key: "", groupId, n: v.n, shown: v.shown, reason: v.reason, ...empty });
  for (const [groupId, shown] of results.comments) {
    rows.push({ waveId, kind: "comments", key: "", groupId, n: results.responses.get(groupId)?.n ?? 0, shown, reason: shown ? null : "below-threshold", ...empty });
  }
  for (const [groupId, v] of results.enps)
    rows.push({ waveId, kind: "enps", key: "", groupId, n: v.n, shown: v.shown, reason: v.shown ? null : "below-threshold", ...empty, mean: v.enps });
  for (const [key, cells] of results.dimensions) {
    for (const [groupId, c] of cells) {
      rows.push({
        waveId,
        kind: "dimension",
        key,
        groupId,
        n: c.n,
        shown: c.shown,
        reason: c.reason,
        mean: c.mean,
        sd: c.sd,
        ciLow: c.ciLow,
        ciHigh: c.ciHigh,
        alpha: c.alpha,
        rwgJ: c.rwgJ,
        sum: c.moments?.sum ?? null,
        sumsq: c.moments?.sumsq ?? null,
      });
    }
  }
  for (const [key, cells] of results.items) {
    for (const [groupId, c] of cells) {
      rows.push({
        waveId,
        kind: "item",
        key,
        groupId,
        n: c.n,
        shown: c.shown,
        reason: c.reason,
        mean: c.mean,
        sd: c.sd,
        ciLow: c.ciLow,
        ciHigh: c.ciHigh,
        alpha: null,
        rwgJ: null,
        sum: c.moments?.sum ?? null,
        sumsq: c.moments?.sumsq ?? null,
      });
    }
  }
  await writeGroupResults(db, waveId, rows);
  // Whatever is later read from raw answers about these groups must cover the same teams.
  await writeWaveTeams(db, waveId, teams);
  // Each comment's themes and sentiment (ADR 053), once the responses are sealed.
  await tagWaveComments(db, waveId);
}
