import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import { toCsv } from "~/domain/csv-write";
import type { AppContext } from "~/context.server";
import {
  correlateCultureWithOutcomes,
  reliabilityByPeriod,
  TEAM_LEVEL_WORDS,
  teamPeriodScores,
  correlationRowSchema,
  type TeamPeriodScore,
  type WaveScoreCell,
} from "~/domain/culture-outcomes";
import { PERIOD_KINDS, periodStart, type PeriodKind } from "~/domain/crm/periods";
import { ORG, pooledReliability, type DimensionAggregate, type ItemAggregate, type WaveDimensionAggregates } from "~/domain/results";
import { descendantsIn, type TeamNode } from "~/domain/team-tree";
import { listDimensions } from "#db/queries/instrument";
import { findOrganisationById } from "#db/queries/organisations";
import { listResultWaves, listWaveDimensionItems, listWaveTeamNodes, readAggregates, readGroupResults } from "#db/queries/results";
import { listTeamNodes } from "#db/queries/teams";
import { getCrmMetrics } from "./crm-metrics.server";
import { InputError } from "~/domain/errors";
import { gapExportRowSchema, listGapRows } from "./self-assessment.server";

export const METRIC_KEYS = [
  "winRate",
  "wonCount",
  "lostCount",
  "pipelineCreatedCount",
  "pipelineCreatedAmount",
  "avgWonDealSize",
  "medianCycleDays",
  "staleShare",
  "nextStepShare",
  "slippedCount",
  "forecastAccuracy",
  "forecastBias",
  "commitAccuracy",
  "knownUpsideShare",
  "knownUpsideAmount",
  "newInPeriodShare",
  "newInPeriodWonAmount",
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export const METRIC_LABELS: Record<MetricKey, string> = {
  winRate: "Win rate",
  wonCount: "Deals won",
  lostCount: "Deals lost",
  pipelineCreatedCount: "Pipeline created (deals)",
  pipelineCreatedAmount: "Pipeline created (amount)",
  avgWonDealSize: "Average won deal",
  medianCycleDays: "Median sales cycle (days)",
  staleShare: "Stale pipeline share",
  nextStepShare: "Next-step coverage",
  slippedCount: "Slipped deals",
  forecastAccuracy: "Overall forecast accuracy (Commit vs all won)",
  forecastBias: "Overall forecast bias (Commit vs all won)",
  commitAccuracy: "Commit accuracy",
  knownUpsideShare: "Upside from known pipeline (share of won)",
  knownUpsideAmount: "Upside from known pipeline (amount)",
  newInPeriodShare: "New-in-period wins (share of won)",
  newInPeriodWonAmount: "New-in-period wins (amount)",
};

/** A comma-separated list as its values (`winRate, wonCount` → ["winRate", "wonCount"]); anything else as it is. */
const commaList = (value: unknown) =>
  typeof value === "string"
    ? value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

/**
 * What a report is asked for: the period, and the family of tests (metrics × lags) BH adjusts over. Read
 * from text (CLI flags, the API's query string); the lists are comma-separated. The API's OpenAPI document
 * describes its query parameters from these fields (ADR 040).
 */
export const reportOptionFields = {
  period: z
    .enum(PERIOD_KINDS, { message: "period must be quarter, month or fiscal-quarter" })
    .default("quarter")
    .describe("How scores and metrics are grouped in time: calendar quarters, months, or the organisation's fiscal quarters."),
  metrics: z
    .preprocess(commaList, z.array(z.enum(METRIC_KEYS, { message: `metrics must be among ${METRIC_KEYS.join(", ")}` })).min(1, "name at least one metric"))
    .prefault(["winRate"])
    .describe("The CRM metrics the correlations test, comma-separated."),
  lags: z
    .preprocess(
      commaList,
      z
        .array(
          z
            .string()
            .regex(/^[0-3]$/, "lags must be whole numbers from 0 to 3")
            .transform(Number),
        )
        .min(1, "name at least one lag"),
    )
    .transform((l) => [...new Set(l)].sort())
    .prefault(["0", "1"])
    .describe("How many periods after the score each metric is taken (0 to 3), comma-separated."),
};
const reportOptionsSchema = z.object(reportOptionFields);

/**
 * Reads options from text (CLI flags or a query string) with `schema`: an empty value is no value (its
 * default); a bad one is an InputError with a message per field.
 */
export function parseTextOptions<S extends z.ZodType>(schema: S, input: Record<string, string | undefined>): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== "")));
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "options")] ??= issue.message;
    throw new InputError(
      `The report options are not valid: ${Object.entries(fields)
        .map(([field, message]) => `--${field}: ${message}`)
        .join("; ")}.`,
      fields,
    );
  }
  return parsed.data;
}

/** Reads report options from text (CLI flags or query string); a bad value is an InputError with field messages. */
export function parseReportOptions(input: Record<string, string | undefined>): ReportOptions {
  return parseTextOptions(reportOptionsSchema, input);
}

// What a report holds, as zod schemas: the types below, the export's JSON and the API's OpenAPI document
// (app/http/openapi.server.ts) all come from here (ADR 040). Rows never carry more than these fields.

/** A team's id, or "org" for the whole organisation. */
const teamIdSchema = z.union([z.literal(ORG), z.uuid()]).describe('The team\'s id, or "org" for the whole organisation.');
const teamNameSchema = z.string().describe("The team's name (the organisation's for teamId \"org\").");
const periodSchema = z.iso.date().describe("The first day of the period (YYYY-MM-DD).");
const score = (description: string) => z.number().nullable().describe(description);
const count = (description: string) => z.number().int().min(0).nullable().describe(description);

export const teamScoreRowSchema = z.object({
  team: teamNameSchema,
  teamId: teamIdSchema,
  period: periodSchema,
  dimension: z.string().describe("The dimension's key."),
  n: count("People who answered (null when suppressed)."),
  mean: score("Mean score on the 1–7 agreement scale."),
  sd: score("Standard deviation of the people's scores."),
  ciLow: score("Lower end of the mean's 95% confidence interval."),
  ciHigh: score("Upper end of the mean's 95% confidence interval."),
  alpha: score("Cronbach's α of the period's pooled complete answers."),
  rwgJ: score("rwg(j): how much the team agrees, from the period's pooled complete answers."),
  suppressed: z.boolean().describe("True when the row is hidden by the anonymity rules: its numbers are then null."),
});
export type TeamScoreRow = z.infer<typeof teamScoreRowSchema>;

export const enpsRowSchema = z.object({
  team: teamNameSchema,
  teamId: teamIdSchema,
  period: periodSchema,
  n: count("People who answered the eNPS question (null when suppressed)."),
  enps: z.number().min(-100).max(100).nullable().describe("Employee net promoter score, −100 to 100."),
  suppressed: z.boolean().describe("True when the row is hidden by the anonymity rules: its numbers are then null."),
});

export const reliabilityRowSchema = z.object({
  dimension: z.string().describe("The dimension's key."),
  period: periodSchema,
  alpha: score("The organisation's Cronbach's α for the dimension in the period."),
  icc1: score("ICC(1): the share of score variance that lies between leaf teams."),
  icc2: score("ICC(2): how reliably a leaf team's mean tells teams apart."),
});

export const metricsRowSchema = z.object({
  team: teamNameSchema,
  teamId: teamIdSchema,
  period: periodSchema,
  ...(Object.fromEntries(METRIC_KEYS.map((k) => [k, z.number().nullable().describe(METRIC_LABELS[k])])) as Record<MetricKey, z.ZodNullable<z.ZodNumber>>),
});

/** The options a report was made with, as it states them: the options parsed (`parseReportOptions` returns this type). */
const reportOptionsStatedSchema = z.object({
  period: z.enum(PERIOD_KINDS),
  metrics: z.array(z.enum(METRIC_KEYS)).min(1),
  lags: z.array(z.number().int().min(0).max(3)).min(1),
});

export const resultsReportSchema = z.object({
  organisation: z.string().describe("The organisation's name."),
  generatedAt: z.iso.datetime().describe("When the report was made (UTC)."),
  options: reportOptionsStatedSchema,
  notes: z.array(z.string()).describe("How to read the numbers, in plain words."),
  teamScores: z.array(teamScoreRowSchema).describe("Scores per team, period and dimension; suppressed rows have null numbers."),
  enps: z.array(enpsRowSchema).describe("eNPS per team and period; suppressed rows have null numbers."),
  reliability: z.array(reliabilityRowSchema).describe("The organisation's reliability per dimension and period: α, ICC(1), ICC(2)."),
  metrics: z.array(metricsRowSchema).describe("CRM metrics per team and period."),
  correlations: z.array(correlationRowSchema).describe("Culture ↔ outcome correlations per dimension, metric, lag and scope, with clustered tests."),
  gaps: z.array(gapExportRowSchema).describe("Manager self-assessment against the team's scores, per team, wave and dimension (shown gaps only)."),
});
export type ResultsReport = z.infer<typeof resultsReportSchema>;
export type ReportOptions = z.infer<typeof reportOptionsStatedSchema>;

/**
 * α and rwg(j) of a group over some waves from the pooled complete-case moments of its teams (the group
 * and every team below it when each wave closed; the organisation is every team), read once from the
 * wave aggregates; null below the largest minimum reporting group of those waves in complete answers.
 */
async function pooledReliabilityOf(app: AppContext, organisationId: string, waves: ReadonlyArray<{ id: string; minGroupSize: number }>, nodes: TeamNode[]) {
  const waveIds = waves.map((w) => w.id);
  const minGroupSize = new Map(waves.map((w) => [w.id, w.minGroupSize]));
  const [aggregates, waveItems] = await Promise.all([readAggregates(app.db, waveIds), listWaveDimensionItems(app.db, waveIds)]);
  type Building = { itemIds: string[]; dimensions: Map<string, DimensionAggregate>; items: Map<string, Map<string, ItemAggregate>> };
  const byWaveDimension = new Map<string, Building>();
  const entry = (waveId: string, dimension: string): Building => {
    const key = `${waveId}\u0000${dimension}`;
    let e = byWaveDimension.get(key);
    if (!e) {
      e = { itemIds: waveItems.filter((i) => i.waveId === waveId && i.dimensionKey === dimension).map((i) => i.id), dimensions: new Map(), items: new Map() };
      byWaveDimension.set(key, e);
    }
    return e;
  };
  for (const d of aggregates.dimensions) entry(d.waveId, d.dimensionKey).dimensions.set(d.teamId, d);
  const dimensionOfItem = new Map(waveItems.map((i) => [i.id, i.dimensionKey!]));
  for (const i of aggregates.items) {
    const dimension = dimensionOfItem.get(i.itemId);
    if (!dimension) continue;
    const items = entry(i.waveId, dimension).items;
    const ofTeam = items.get(i.teamId) ?? new Map<string, ItemAggregate>();
    items.set(i.teamId, ofTeam.set(i.itemId, i));
  }
  const allTeams = nodes.map((n) => n.id);
  // Each wave pools the teams the group had when that wave closed, as its materialized cells do.
  const treeAtClose = new Map(await Promise.all(waveIds.map(async (w) => [w, await listWaveTeamNodes(app.db, organisationId, w)] as const)));
  // Memoized: the same (team, wave) is asked once per dimension and period, and a tree walk per call
  // over 1,000 teams made the explorer's load quadratic.
  const descendantsByWave = new Map<string, ReturnType<typeof descendantsIn>>();
  const teamsMemo = new Map<string, Set<string>>();
  const teamsOf = (team: string, waveId: string): Set<string> => {
    const key = `${team}\u0000${waveId}`;
    let teams = teamsMemo.get(key);
    if (!teams) {
      let descendants = descendantsByWave.get(waveId);
      if (!descendants) {
        const tree = treeAtClose.get(waveId);
        descendantsByWave.set(waveId, (descendants = descendantsIn(tree && tree.length > 0 ? tree : nodes)));
      }
      teamsMemo.set(key, (teams = descendants([team])));
    }
    return teams;
  };
  // The entries of the group's teams, looked up by id (not a scan of every team's entry).
  const only = <T>(map: ReadonlyMap<string, T>, teams: Set<string>) => {
    const out = new Map<string, T>();
    for (const id of teams) {
      const value = map.get(id);
      if (value !== undefined) out.set(id, value);
    }
    return out;
  };
  return (team: string, dimension: string, waves: readonly string[]) => {
    const minComplete = Math.max(...waves.map((w) => minGroupSize.get(w) ?? 1));
    if (team === ORG)
      return pooledReliability(
        allTeams,
        waves.map((w): WaveDimensionAggregates => entry(w, dimension)),
        minComplete,
      );
    const perWave = waves.map((w): WaveDimensionAggregates => {
      const e = entry(w, dimension);
      const teams = teamsOf(team, w);
      return { itemIds: e.itemIds, dimensions: only(e.dimensions, teams), items: only(e.items, teams) };
    });
    return pooledReliability([...new Set(waves.flatMap((w) => [...teamsOf(team, w)]))], perWave, minComplete);
  };
}

/**
 * What every culture ↔ outcome view starts from: the organisation's closed waves grouped into periods,
 * the materialized cells (already suppressed), team-period scores (leaf teams apart: they are the ones
 * CRM metrics describe), and the CRM metrics per team and period.
 */
export async function loadCultureAndOutcomes(
  app: AppContext,
  organisationId: string,
  kind: PeriodKind,
  /** `reliability: false` for views that show no α or rwg(j): skips reading every item aggregate of every wave. */
  options: { reliability?: boolean } = {},
) {
  const org = await findOrganisationById(app.db, organisationId);
  if (!org) throw new Error("organisation missing");
  const [waves, nodes, dimensions, crm] = await Promise.all([
    listResultWaves(app.db, organisationId),
    listTeamNodes(app.db, organisationId),
    listDimensions(app.db, organisationId),
    getCrmMetrics(app, organisationId, kind),
  ]);
  const periodOfWave = new Map(waves.map((w) => [w.id, periodStart(w.periodStart, kind, org.fiscalYearStartMonth)]));
  const cells = await readGroupResults(app.db, { waveIds: waves.map((w) => w.id), kinds: ["dimension", "enps"] });
  const names = new Map<string, string>([[ORG, org.name], ...nodes.map((n) => [n.id, n.name] as [string, string])]);
  const hasChildren = new Set(nodes.map((n) => n.parentId).filter((p): p is string => p !== null));
  const scoreCells: WaveScoreCell[] = cells
    .filter((c) => c.kind === "dimension")
    .map((c) => ({ waveId: c.waveId, team: c.groupId, dimension: c.key, shown: c.shown, n: c.n, sum: c.sum, sumsq: c.sumsq, alpha: c.alpha, rwgJ: c.rwgJ }));
  const reliability = options.reliability === false ? undefined : await pooledReliabilityOf(app, organisationId, waves, nodes);
  const scores = teamPeriodScores(scoreCells, periodOfWave, reliability, names);
  const leafScores = scores.filter((s) => s.team !== ORG && !hasChildren.has(s.team));
  return { org, waves, names, dimensions, dimensionKeys: dimensions.map((d) => d.key), periodOfWave, cells, scores, leafScores, crm };
}

/**
 * The organisation's results as data, for exports and the API: scores per team and period, eNPS,
 * reliability, CRM metrics, culture ↔ outcome correlations and manager gaps. Every number comes from the
 * materialized, already-suppressed wave cells; a suppressed cell is a row with `suppressed: true` and null
 * numbers, and correlations use shown leaf-team periods only. The caller checks who may read it.
 */
export async function buildResultsReport(app: AppContext, organisationId: string, options: ReportOptions): Promise<ResultsReport> {
  const kind: PeriodKind = options.period;
  const [data, gaps] = await Promise.all([loadCultureAndOutcomes(app, organisationId, kind), listGapRows(app, organisationId)]);
  const { org, names, cells, scores, leafScores, crm, dimensionKeys } = data;
  const strip = (s: TeamPeriodScore): TeamScoreRow => ({
    team: names.get(s.team) ?? s.team,
    teamId: s.team,
    period: s.period,
    dimension: s.dimension,
    n: s.n,
    mean: s.mean,
    sd: s.sd,
    ciLow: s.ciLow,
    ciHigh: s.ciHigh,
    alpha: s.alpha,
    rwgJ: s.rwgJ,
    suppressed: s.suppressed,
  });

  // eNPS per team-period: the waves' eNPS weighted by respondents is the pooled eNPS; hidden if any wave was.
  const enpsGroups = new Map<string, Array<(typeof cells)[number]>>();
  for (const c of cells.filter((c) => c.kind === "enps")) {
    const k = `${c.groupId}\u0000${data.periodOfWave.get(c.waveId)}`;
    enpsGroups.set(k, [...(enpsGroups.get(k) ?? []), c]);
  }
  const enps = [...enpsGroups].map(([k, list]) => {
    const [teamId, period] = k.split("\u0000") as [string, string];
    const shown = list.every((c) => c.shown && c.mean !== null);
    const n = list.reduce((s, c) => s + c.n, 0);
    return {
      team: names.get(teamId) ?? teamId,
      teamId,
      period,
      n: shown ? n : null,
      enps: shown && n > 0 ? list.reduce((s, c) => s + c.mean! * c.n, 0) / n : null,
      suppressed: !shown,
    };
  });

  const reliability = reliabilityByPeriod(
    scores.filter((s) => s.team === ORG),
    leafScores,
  ).map(({ dimension, period, alpha, icc1, icc2 }) => ({ dimension, period, alpha, icc1, icc2 }));

  const metrics = crm.rows.map((m) => ({
    team: names.get(m.team) ?? m.team,
    teamId: m.team,
    period: m.period,
    ...(Object.fromEntries(METRIC_KEYS.map((k) => [k, m[k]])) as Record<MetricKey, number | null>),
  }));
  const correlations = correlateCultureWithOutcomes({
    scores: leafScores,
    metrics: crm.rows,
    metricKeys: options.metrics,
    dimensions: dimensionKeys,
    lags: options.lags,
    kind,
    names: { dimensions: Object.fromEntries(data.dimensions.map((d) => [d.key, d.name])), metrics: METRIC_LABELS },
    teamOrder: names,
  });

  const byOrder = <T extends { period: string; team: string }>(a: T, b: T) => a.period.localeCompare(b.period) || a.team.localeCompare(b.team);
  return {
    organisation: org.name,
    generatedAt: app.now().toISOString(),
    options,
    notes: [
      "Scores are on the 1–7 agreement scale, reverse-keyed items turned around. A suppressed row has null numbers: too few answers, or hidden so that a smaller group cannot be worked out by subtraction.",
      "A period's score pools the waves in it, and is hidden when any of its waves was hidden. α and rwg(j) are computed from the period's pooled complete answers (null when its waves asked different items, or when fewer people than the minimum reporting group answered every item of the scale).",
      `Correlations pair a leaf team's score in a period with its CRM metric lag periods later. A team's periods are not independent, so each row gives the relation between teams (the teams' averages, n = betweenN teams), within teams (repeated-measures correlation: when a team's score moved, did its metric follow), and the slope over all pairs with errors clustered by team (CR2, Satterthwaite df). p is that clustered slope test; Benjamini–Hochberg adjusts it over all ${correlations.filter((c) => c.p !== null).length} tests in this report (pAdjusted). r and spearmanRho describe the pairs and carry no test. Fewer than 4 teams: no inference; 4 to 9 teams: exploratory.`,
      "Numbers are computed from scores and metrics rounded to 10 decimal places, in an order set by team name and period, so two imports of the same files give the same numbers.",
      TEAM_LEVEL_WORDS,
    ],
    teamScores: scores.map(strip).sort((a, b) => byOrder(a, b) || a.dimension.localeCompare(b.dimension)),
    enps: enps.sort(byOrder),
    reliability,
    metrics: metrics.sort(byOrder),
    correlations,
    gaps,
  };
}

/** The CSV columns of each table of a report, in order (so an empty table still has its header). */
export const REPORT_COLUMNS = {
  teamScores: ["team", "teamId", "period", "dimension", "n", "mean", "sd", "ciLow", "ciHigh", "alpha", "rwgJ", "suppressed"],
  enps: ["team", "teamId", "period", "n", "enps", "suppressed"],
  reliability: ["dimension", "period", "alpha", "icc1", "icc2"],
  metrics: ["team", "teamId", "period", ...METRIC_KEYS],
  correlations: [
    "dimension",
    "metric",
    "lag",
    "scope",
    "nPairs",
    "nTeams",
    "r",
    "spearmanRho",
    "slope",
    "slopeSe",
    "slopeDf",
    "slopeCiLow",
    "slopeCiHigh",
    "p",
    "pAdjusted",
    "withinR",
    "withinDf",
    "withinP",
    "withinCiLow",
    "withinCiHigh",
    "betweenR",
    "betweenN",
    "betweenP",
    "betweenCiLow",
    "betweenCiHigh",
    "inference",
    "betweenReading",
    "withinReading",
    "reading",
  ],
  gaps: ["team", "teamId", "period", "waveId", "dimension", "n", "managerScore", "teamMean", "ciLow", "ciHigh", "gap", "reading"],
} as const;

export type ReportTable = keyof typeof REPORT_COLUMNS;

/** One table of a report as spreadsheet-safe CSV. */
export function reportTableCsv(report: ResultsReport, table: ReportTable): string {
  return toCsv(report[table] as unknown as Array<Record<string, unknown>>, REPORT_COLUMNS[table]);
}

/** A report as a zip of CSVs (one per table) with a README of the notes. */
export function reportToZip(report: ResultsReport): Uint8Array {
  const files: Record<string, Uint8Array> = {
    "README.txt": strToU8(
      [
        `Candor results for ${report.organisation}, generated ${report.generatedAt}.`,
        `Period: ${report.options.period}; metrics: ${report.options.metrics.join(", ")}; lags: ${report.options.lags.join(", ")}.`,
        "",
        ...report.notes,
      ].join("\r\n"),
    ),
  };
  for (const table of Object.keys(REPORT_COLUMNS) as ReportTable[]) files[`${table}.csv`] = strToU8(reportTableCsv(report, table));
  return zipSync(files, { level: 6, mtime: new Date(report.generatedAt) });
}
