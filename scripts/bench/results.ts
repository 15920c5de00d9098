// npm run bench:results — an organisation of 1,000 teams (20 regions of 49 teams) with 52 weekly waves and
// about 1,000,000 responses on PostgreSQL. Times, through the service, the organisation heatmap (every
// team × dimension of the latest wave, suppression applied) and one region's trend, each against a
// hand-written single SQL aggregate over the raw answers that returns the same numbers, in the same run.
// Candor pre-aggregates at wave close (ADR 0012), which is what makes it fast; the bare query does not.
import { sql, type Kysely } from "kysely";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import type { DB } from "#db/schema";
import { aggregateWave } from "#db/queries/aggregates";
import { loadConfig } from "~/config.server";
import { createAppContext } from "~/context.server";
import { createOrganisation } from "~/services/organisations.server";
import { materializeWaveResults } from "~/services/results-materialize.server";
import { getOrgHeatmap, getTeamResults } from "~/services/results.server";
import { loadCultureAndOutcomes, METRIC_KEYS } from "~/services/results-report.server";
import { correlateCultureWithOutcomes, shiftPeriod } from "~/domain/culture-outcomes";
import type { SessionUser } from "~/auth/guards.server";
import { compare, fmt, machineLine, markdownTable, reportRows } from "./runner";
import { freshBenchDatabase } from "./postgres";

const REGIONS = Number(process.env.BENCH_REGIONS ?? 20);
const TEAMS_PER_REGION = Number(process.env.BENCH_TEAMS_PER_REGION ?? 49);
const WAVES = Number(process.env.BENCH_WAVES ?? 52);
const RESPONSES_PER_TEAM_WAVE = Number(process.env.BENCH_RESPONSES ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const FAMILY_RUNS = Number(process.env.BENCH_FAMILY_RUNS ?? 5);

/**
 * CRM metrics for every leaf team-period and the 3 periods after, made up in process (a hash of team, period
 * and metric, shaped by the team's score so that relations exist): the bench has no CRM snapshots, and the
 * family's cost is the reading of culture plus the statistics, not the CRM query (bench:import covers that).
 */
function syntheticMetrics(scores: ReadonlyArray<{ team: string; period: string; mean: number | null }>) {
  const rows = new Map<string, Record<string, number | string>>();
  const hash = (text: string) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return ((h >>> 0) % 10_000) / 10_000;
  };
  for (const s of scores) {
    for (let lag = 0; lag <= 3; lag++) {
      const period = shiftPeriod(s.period, "quarter", lag);
      const key = `${s.team}\u0000${period}`;
      if (rows.has(key)) continue;
      const row: Record<string, number | string> = { team: s.team, period };
      for (const metric of METRIC_KEYS) row[metric] = (s.mean ?? 4) * 0.05 + hash(`${key}\u0000${metric}`);
      rows.set(key, row);
    }
  }
  return [...rows.values()] as Array<{ team: string; period: string }>;
}

// The same numbers the heatmap shows for every group (a team and everything below it), from raw answers.
const heatmapSql = (organisationId: string, waveId: string) => sql<{ groupId: string; dimensionKey: string; n: number; mean: number }>`
  with recursive tree as (
    select id, id as root from team where organisation_id = ${organisationId}
    union all
    select t.id, tree.root from team t join tree on t.parent_id = tree.id
  ),
  per_dimension as (
    select i.dimension_key, count(*) as items from wave_item wi join item i on i.id = wi.item_id
    where wi.wave_id = ${waveId} and i.scale = 'agree7' and i.dimension_key is not null group by i.dimension_key
  ),
  scores as (
    select r.team_id, i.dimension_key, avg(case when i.reverse_keyed then 8 - a.value else a.value end)::float8 as score
    from response r join answer a on a.response_id = r.id join item i on i.id = a.item_id
    join per_dimension d on d.dimension_key = i.dimension_key
    where r.wave_id = ${waveId} and a.value is not null
    group by r.id, r.team_id, i.dimension_key, d.items
    having count(*) * 2 >= d.items
  )
  select tree.root as group_id, s.dimension_key, count(*)::int as n, avg(s.score)::float8 as mean
  from scores s join tree on tree.id = s.team_id
  group by tree.root, s.dimension_key`;

// One group's trend: its score per wave over the last 8 waves, from raw answers.
const trendSql = (teamId: string, waveIds: string[]) => sql<{ waveId: string; dimensionKey: string; n: number; mean: number }>`
  with recursive tree as (
    select id from team where id = ${teamId}
    union all
    select t.id from team t join tree on t.parent_id = tree.id
  ),
  per_dimension as (
    select wi.wave_id, i.dimension_key, count(*) as items from wave_item wi join item i on i.id = wi.item_id
    where wi.wave_id in (${sql.join(waveIds)}) and i.scale = 'agree7' and i.dimension_key is not null group by wi.wave_id, i.dimension_key
  ),
  scores as (
    select r.wave_id, i.dimension_key, avg(case when i.reverse_keyed then 8 - a.value else a.value end)::float8 as score
    from response r join answer a on a.response_id = r.id join item i on i.id = a.item_id
    join per_dimension d on d.dimension_key = i.dimension_key and d.wave_id = r.wave_id
    where r.wave_id in (${sql.join(waveIds)}) and r.team_id in (select id from tree) and a.value is not null
    group by r.id, r.wave_id, i.dimension_key, d.items
    having count(*) * 2 >= d.items
  )
  select wave_id, dimension_key, count(*)::int as n, avg(score)::float8 as mean from scores group by wave_id, dimension_key`;

async function seed(db: Kysely<DB>, organisationId: string): Promise<{ regionIds: string[]; waveIds: string[] }> {
  const regionIds: string[] = [];
  for (let r = 0; r < REGIONS; r++) {
    const region = await db
      .insertInto("team")
      .values({ organisationId, name: `Region ${r + 1}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    regionIds.push(region.id);
    await sql`insert into team (organisation_id, name, parent_id)
      select ${organisationId}, ${`Region ${r + 1} team `} || g, ${region.id} from generate_series(1, ${TEAMS_PER_REGION}) g`.execute(db);
  }
  const items = await db.selectFrom("item").select(["id", "code", "scale", "dimensionKey"]).where("organisationId", "=", organisationId).where("retiredAt", "is", null).execute();
  const used = items.filter((i) => ["psychological_safety", "collaboration", "intel_sharing", "forecast_pressure"].includes(i.dimensionKey ?? "") || i.code === "ENPS");
  const program = await db
    .insertInto("pulseProgram")
    .values({ organisationId, name: "Weekly pulse", cadence: "weekly", startsOn: "2025-06-02", openDays: 5, reminderDays: [], source: "scheduled" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const waveIds: string[] = [];
  for (let w = 0; w < WAVES; w++) {
    const start = new Date(Date.UTC(2025, 5, 2 + 7 * w));
    const wave = await db
      .insertInto("wave")
      .values({
        organisationId,
        programId: program.id,
        periodStart: start.toISOString().slice(0, 10),
        opensAt: start,
        closesAt: new Date(start.getTime() + 5 * 86400_000),
        status: "closed",
        closedAt: new Date(start.getTime() + 5 * 86400_000),
        minGroupSize: 5,
        minCommentGroupSize: 5,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    waveIds.push(wave.id);
    await db
      .insertInto("waveItem")
      .values(used.map((i, position) => ({ waveId: wave.id, itemId: i.id, position })))
      .execute();
    // Leaf teams get 0 to 2·RESPONSES_PER_TEAM_WAVE responses (some below the threshold), answers 1–7 shaped by team.
    await sql`
      with teams as (
        select id, (abs(hashtext(id::text || ${wave.id})) % ${Math.round(RESPONSES_PER_TEAM_WAVE * 2) + 1})::int as k from team
        where organisation_id = ${organisationId} and parent_id is not null
      ),
      inserted as (
        insert into response (wave_id, team_id)
        select ${wave.id}, teams.id from teams, generate_series(1, teams.k)
        returning id, team_id
      )
      insert into answer (response_id, item_id, value)
      select inserted.id, item.id,
        case when item.code = 'ENPS' then (random() * 10)::int
             else least(7, greatest(1, round(4 + (abs(hashtext(inserted.team_id::text)) % 5 - 2) * 0.5 + random() * 3 - 1.5)))::int end
      from inserted cross join item where item.id in (${sql.join(used.map((i) => i.id))})`.execute(db);
  }
  for (const waveId of waveIds) {
    await db.transaction().execute(async (trx) => {
      await aggregateWave(trx, waveId);
      await materializeWaveResults(trx, waveId);
      await trx.updateTable("wave").set({ aggregated: true, sealed: true }).where("id", "=", waveId).execute();
    });
  }
  return { regionIds, waveIds };
}

async function main() {
  const target = await freshBenchDatabase();
  if (!target) throw new Error("bench:results needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL.");
  const database = await openDatabase({ url: target.url });
  try {
    await migrateToLatest(database.db);
    const config = loadConfig({ NODE_ENV: "production", APP_URL: "http://127.0.0.1", OUTBOX_DIR: "/tmp/candor-bench-outbox" });
    const app = createAppContext(database, config, { mailer: { description: "none", send: async () => {} } });
    const org = await createOrganisation(app, { slug: "bench", name: "Bench Sales" });
    const seeding = performance.now();
    const { regionIds, waveIds } = await seed(database.db, org.id);
    const seededMs = performance.now() - seeding;
    await sql`analyze`.execute(database.db);
    const counts = await sql<{ teams: number; responses: number; answers: number }>`
      select (select count(*) from team)::int as teams, (select count(*) from response)::int as responses, (select count(*) from answer)::int as answers`.execute(database.db);
    const admin = await database.db
      .insertInto("person")
      .values({ organisationId: org.id, email: "admin@bench.example", name: "Bench Admin", role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = { personId: admin.id, organisationId: org.id, role: "admin", name: "Bench Admin", email: "admin@bench.example" } as unknown as SessionUser;
    const latest = waveIds[waveIds.length - 1]!;
    const region = regionIds[0]!;

    // Same numbers: every shown heatmap cell equals the bare query's value for that group.
    const heat = await getOrgHeatmap(app, user, latest);
    const bare = (await heatmapSql(org.id, latest).execute(database.db)).rows;
    const bareBy = new Map(bare.map((r) => [`${r.groupId}|${r.dimensionKey}`, r]));
    let checked = 0;
    for (const row of heat.rows) {
      for (const [dimension, cell] of Object.entries(row.cells)) {
        if (cell.score.mean === null) continue;
        const b = bareBy.get(`${row.id}|${dimension}`);
        if (row.id === "org") continue;
        if (!b || b.n !== cell.score.n || Math.abs(b.mean - cell.score.mean) > 1e-9) throw new Error(`heatmap cell ${row.id}/${dimension} differs from the bare query`);
        checked++;
      }
    }
    const hidden = heat.rows.reduce((s, r) => s + Object.values(r.cells).filter((c) => c.score.mean === null).length, 0);

    const heatmap = await compare({
      name: "heatmap",
      runs: RUNS,
      baseline: async () => {
        const t = performance.now();
        await heatmapSql(org.id, latest).execute(database.db);
        return performance.now() - t;
      },
      candidate: async () => {
        const t = performance.now();
        await getOrgHeatmap(app, user, latest);
        return performance.now() - t;
      },
      measure: (ms) => ms,
    });
    const trend = await compare({
      name: "trend",
      runs: RUNS,
      baseline: async () => {
        const t = performance.now();
        await trendSql(region, waveIds.slice(-8)).execute(database.db);
        return performance.now() - t;
      },
      candidate: async () => {
        const t = performance.now();
        await getTeamResults(app, user, region, { waves: 8 });
        return performance.now() - t;
      },
      measure: (ms) => ms,
    });

    // The explorer's full family: every dimension × metric × lag (0–3), pooled and per period, each with the
    // team-clustered (CR2) test and BH over all of them, from the service's own load — as the explorer
    // computes it (the full between/within readings for the row on screen only) and in full (as the export).
    const initial = await loadCultureAndOutcomes(app, org.id, "quarter", { reliability: false });
    const metricRows = syntheticMetrics(initial.leafScores.filter((s) => !s.suppressed));
    let familyTests = 0;
    let familyPairs = 0;
    const runFamily = (full: boolean) => async () => {
      const t = performance.now();
      const data = await loadCultureAndOutcomes(app, org.id, "quarter", { reliability: false });
      const rows = correlateCultureWithOutcomes({
        scores: data.leafScores,
        metrics: metricRows,
        metricKeys: METRIC_KEYS,
        dimensions: data.dimensionKeys,
        lags: [0, 1, 2, 3],
        kind: "quarter",
        teamOrder: data.names,
        detail: full ? undefined : (r) => r.dimension === data.dimensionKeys[0] && r.metric === "winRate" && r.lag === 1 && r.scope === "pooled",
      });
      familyTests = rows.filter((r) => r.p !== null).length;
      familyPairs = rows.filter((r) => r.scope === "pooled").reduce((n, r) => n + r.nPairs, 0);
      return performance.now() - t;
    };
    const heatmapRun = async () => {
      const t = performance.now();
      await getOrgHeatmap(app, user, latest);
      return performance.now() - t;
    };
    const family = await compare({ name: "family", runs: FAMILY_RUNS, baseline: heatmapRun, candidate: runFamily(false), measure: (ms) => ms });
    const familyFull = await compare({ name: "family-full", runs: FAMILY_RUNS, baseline: heatmapRun, candidate: runFamily(true), measure: (ms) => ms });

    const c = counts.rows[0]!;
    console.info(
      `\nbench:results — ${c.teams.toLocaleString("en")} teams, ${WAVES} weekly waves, ${c.responses.toLocaleString("en")} responses (${c.answers.toLocaleString("en")} answers), PostgreSQL`,
    );
    console.info(machineLine());
    console.info(`seeded and closed (aggregated, materialized) in ${fmt(seededMs / 1000, 0)} s; ${checked} shown heatmap cells equal the bare query's, ${hidden} hidden`);
    console.info(
      markdownTable(
        ["read", "Candor service median ms", "p95", "bare SQL median ms", "p95", "ratio (Candor ÷ bare)"],
        [heatmap, trend].map((r) => [
          r.name === "heatmap" ? "org heatmap, latest wave, all teams × dimensions, suppressed" : "region trend, last 8 waves (team page)",
          fmt(r.candidate.stats.median, 1),
          fmt(r.candidate.stats.p95, 1),
          fmt(r.baseline.stats.median, 1),
          fmt(r.baseline.stats.p95, 1),
          fmt(r.ratio, 2),
        ]),
      ),
    );
    console.info("goal: ratio ≤ 1.25");
    const familyWords = `${initial.dimensionKeys.length} dimensions × ${METRIC_KEYS.length} metrics × 4 lags, pooled and per quarter: ${familyTests.toLocaleString("en")} tests with p, ${familyPairs.toLocaleString("en")} pooled pairs; CRM metrics made up in process`;
    console.info(
      `explorer's full family (${familyWords}): as the explorer computes it (every row's clustered p for BH, the full readings for the row on screen) median ${fmt(family.candidate.stats.median, 0)} ms (p95 ${fmt(family.candidate.stats.p95, 0)}); every row in full, as the export, median ${fmt(familyFull.candidate.stats.median, 0)} ms (p95 ${fmt(familyFull.candidate.stats.p95, 0)}); the heatmap in the same rounds ${fmt(family.baseline.stats.median, 1)} ms: ${fmt(family.ratio, 1)}× and ${fmt(familyFull.ratio, 1)}×`,
    );
    reportRows(
      [heatmap, trend].map((r) => ({
        benchmark: "results",
        measure: `${r.name === "heatmap" ? "org heatmap" : "region trend, 8 waves"} (median ms; ${c.teams.toLocaleString("en")} teams, ${WAVES} waves, ${c.responses.toLocaleString("en")} responses)`,
        candor: fmt(r.candidate.stats.median, 1),
        baseline: fmt(r.baseline.stats.median, 1),
        ratio: r.ratio,
        goal: "≤ 1.25 of hand-written SQL",
        met: r.ratio <= 1.25,
      })),
    );
    reportRows(
      [
        [family, "as the explorer computes it: every row's clustered p for BH, full readings for the row on screen"],
        [familyFull, "every row in full (between, within, CR2), as the export"],
      ].map(([r, how]) => ({
        benchmark: "results" as const,
        measure: `explorer's full family with clustered statistics, ${how} (median ms; ${familyTests.toLocaleString("en")} tests, ${familyPairs.toLocaleString("en")} pooled pairs; baseline: the org heatmap in the same rounds)`,
        candor: fmt((r as typeof family).candidate.stats.median, 0),
        baseline: fmt((r as typeof family).baseline.stats.median, 1),
        ratio: (r as typeof family).ratio,
        goal: "none set (reported against the heatmap)",
        met: null,
      })),
    );
  } finally {
    await database.close();
    await target.drop();
  }
}

await main();
