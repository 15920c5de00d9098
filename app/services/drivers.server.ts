import { z } from "zod";
import type { AppContext } from "~/context.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, InputError } from "~/domain/errors";
import { shiftPeriod } from "~/domain/culture-outcomes";
import { DRIVER_BOOTSTRAP, DRIVER_MIN_TEAMS, driverAnalysis, driverMinimumRows, driverReading, type DriverAnalysis, type DriverRow } from "~/domain/drivers";
import { ORG } from "~/domain/results";
import { retentionDeletedWords } from "~/domain/retention";
import { scaleScore, scoreItem } from "~/domain/scoring";
import { listWaveDriverItems, readSealedAnswers } from "#db/queries/drivers";
import { listDimensions } from "#db/queries/instrument";
import { listResultWaves, readGroupResults } from "#db/queries/results";
import { said } from "~/i18n/said";
import { loadCultureAndOutcomes, METRIC_KEYS, METRIC_LABELS, type MetricKey } from "./results-report.server";

const PERIODS = { quarter: "Calendar quarters", month: "Months", "fiscal-quarter": "Fiscal quarters" } as const;
type PeriodKey = keyof typeof PERIODS;

/** What the drivers page is asked for (GET parameters); anything else is an InputError with field messages (said, ADR 057). */
export const driversQuerySchema = z.object({
  wave: z
    .string()
    .uuid({ message: said("drivers.error.pickWave") })
    .optional(),
  level: z.enum(["items", "dimensions"], { message: said("drivers.query.level") }).default("items"),
  metric: z.enum(METRIC_KEYS, { message: said("drivers.query.metric") }).default("winRate"),
  lag: z.coerce
    .number({ message: said("drivers.query.lag") })
    .int(said("drivers.query.lag"))
    .min(0, said("drivers.query.lag"))
    .max(3, said("drivers.query.lag"))
    .default(0),
  period: z.enum(["quarter", "month", "fiscal-quarter"], { message: said("drivers.query.period") }).default("quarter"),
});
export type DriversQuery = z.infer<typeof driversQuerySchema>;

/** Reads the page's GET parameters; a bad value is an InputError whose field errors name the fields (the page marks them). */
export function parseDriversQuery(params: URLSearchParams): DriversQuery {
  const parsed = driversQuerySchema.safeParse(Object.fromEntries([...params].filter(([, v]) => v !== "")));
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "query")] ??= issue.message;
  throw new InputError(said("drivers.query.invalid", { count: Object.keys(fields).length }), fields);
}

export interface DriverSection {
  title: string;
  reading: string;
  analysis: DriverAnalysis;
  /** Words for what a row and a predictor are. */
  rows: string;
  predictors: string;
}

export interface DriversView {
  waves: Array<{ id: string; label: string }>;
  metrics: Array<{ key: MetricKey; label: string }>;
  periods: Array<{ key: PeriodKey; label: string }>;
  selection: { wave: string | null; level: "items" | "dimensions"; metric: MetricKey; lag: number; period: PeriodKey };
  enps: DriverSection | { title: string; empty: string };
  outcome: DriverSection | { title: string; empty: string };
  bootstrap: { replicates: number; seed: number; minTeams: number };
}

const ENPS_ROWS = "answers";

/**
 * (a) Which of a closed wave's items (or dimensions) move eNPS, at respondent level: each complete
 * response's scored answers against its eNPS answer (0–10). Only responses counted for a team whose
 * response and eNPS cells were shown when the wave closed enter (a suppressed team never does); at least
 * max(30, 10 per predictor, the wave's minimum group) complete responses from 8 teams.
 */
export async function itemDriversOfWave(
  app: AppContext,
  wave: { id: string; minGroupSize: number; rawDeletedAt?: Date | null },
  level: "items" | "dimensions",
  dimensionNames: ReadonlyMap<string, string>,
): Promise<DriverSection | { title: string; empty: string }> {
  const title = level === "items" ? "Which questions move eNPS" : "Which dimensions move eNPS";
  // Answer by answer needs the raw answers, which retention deleted (ADR 037); the wave's scores stay.
  if (wave.rawDeletedAt) return { title, empty: retentionDeletedWords(wave.rawDeletedAt, "drivers") };
  const items = await listWaveDriverItems(app.db, wave.id);
  const enpsItem = items.find((i) => i.scale === "nps11");
  const rated = items.filter((i) => i.scale === "agree7" && i.dimensionKey !== null);
  if (!enpsItem) return { title, empty: said("drivers.empty.noEnps") };
  if (rated.length === 0) return { title, empty: said("drivers.empty.noRated") };
  const cells = await readGroupResults(app.db, { waveIds: [wave.id], kinds: ["responses", "enps"] });
  const shownOf = (kind: "responses" | "enps") => new Set(cells.filter((c) => c.kind === kind && c.shown).map((c) => c.groupId));
  const responsesShown = shownOf("responses");
  // Cells are kept per group: the organisation's own ("org") and every team's; responses count for teams.
  const teams = [...shownOf("enps")].filter((t) => t !== ORG && responsesShown.has(t));
  const answers = await readSealedAnswers(app.db, wave.id, teams, [enpsItem.id, ...rated.map((i) => i.id)]);
  const byResponse = new Map<string, { team: string; values: Map<string, number> }>();
  for (const a of answers) {
    let r = byResponse.get(a.responseId);
    // The team's name is the bootstrap's cluster: names (unique in an organisation) order the clusters the
    // same way in every organisation, so the same answers give the same intervals whatever the ids.
    if (!r) byResponse.set(a.responseId, (r = { team: a.teamName, values: new Map() }));
    r.values.set(a.itemId, a.value!);
  }
  const dimensionKeys = [...new Set(rated.map((i) => i.dimensionKey!))];
  const predictors = level === "items" ? rated.map((i) => ({ key: i.code, label: i.text })) : dimensionKeys.map((key) => ({ key, label: dimensionNames.get(key) ?? key }));
  const rows: DriverRow[] = [...byResponse.values()].map((r) => {
    const scored = (i: (typeof rated)[number]) => (r.values.has(i.id) ? scoreItem(r.values.get(i.id)!, i.reverseKeyed) : null);
    return {
      cluster: r.team,
      criterion: r.values.get(enpsItem.id) ?? null,
      predictors:
        level === "items"
          ? rated.map(scored)
          : dimensionKeys.map((key) => {
              const of = rated.filter((i) => i.dimensionKey === key);
              return scaleScore(of.map(scored), of.length);
            }),
    };
  });
  const predictorWords = level === "items" ? "questions" : "dimensions";
  const analysis = driverAnalysis({
    rows,
    predictors,
    minRows: driverMinimumRows(predictors.length, wave.minGroupSize),
    rowWords: ENPS_ROWS,
    predictorNoun: level === "items" ? "question" : "dimension",
  });
  return { title, analysis, rows: ENPS_ROWS, predictors: predictorWords, reading: driverReading(analysis, { predictors: predictorWords, criterion: "eNPS", rows: ENPS_ROWS }) };
}

const OUTCOME_ROWS = "team-periods";

/**
 * (b) Which dimensions move a CRM metric, at team-period level: each leaf team's shown dimension scores
 * in a period against the same team's metric `lag` periods later (as the explorer pairs them). A
 * suppressed team-period has no score and never enters; the bootstrap resamples whole teams.
 */
export async function dimensionDriversOfMetric(
  app: AppContext,
  organisationId: string,
  metric: MetricKey,
  lag: number,
  period: PeriodKey,
): Promise<DriverSection | { title: string; empty: string }> {
  const label = METRIC_LABELS[metric];
  const title = `Which dimensions move ${label.toLowerCase()}`;
  const data = await loadCultureAndOutcomes(app, organisationId, period, { reliability: false });
  const shown = data.leafScores.filter((s) => !s.suppressed && s.mean !== null);
  const dimensions = data.dimensions.filter((d) => shown.some((s) => s.dimension === d.key));
  if (dimensions.length === 0) return { title, empty: said("drivers.empty.noScores") };
  if (data.crm.rows.length === 0) return { title, empty: said("explorer.empty.noCrm") };
  const metricOf = new Map(data.crm.rows.map((m) => [`${m.team}\u0000${m.period}`, m[metric]]));
  const scoreOf = new Map(shown.map((s) => [`${s.team}\u0000${s.period}\u0000${s.dimension}`, s.mean!]));
  // Clusters by team name and rows in name and period order, not ids: the same data gives the same figures in any organisation.
  const nameOf = (team: string) => data.names.get(team) ?? team;
  const pairs = [...new Set(data.leafScores.map((s) => `${s.team}\u0000${s.period}`))].sort((a, b) => {
    const [ta, pa] = a.split("\u0000") as [string, string];
    const [tb, pb] = b.split("\u0000") as [string, string];
    return (nameOf(ta) < nameOf(tb) ? -1 : nameOf(ta) > nameOf(tb) ? 1 : 0) || pa.localeCompare(pb);
  });
  const rows: DriverRow[] = pairs.map((k) => {
    const [team, p] = k.split("\u0000") as [string, string];
    const value = metricOf.get(`${team}\u0000${shiftPeriod(p, period, lag)}`);
    return {
      cluster: nameOf(team),
      criterion: typeof value === "number" && Number.isFinite(value) ? value : null,
      predictors: dimensions.map((d) => scoreOf.get(`${k}\u0000${d.key}`) ?? null),
    };
  });
  const predictors = dimensions.map((d) => ({ key: d.key, label: d.name }));
  const analysis = driverAnalysis({ rows, predictors, minRows: driverMinimumRows(predictors.length), rowWords: OUTCOME_ROWS, predictorNoun: "dimension" });
  return {
    title,
    analysis,
    rows: OUTCOME_ROWS,
    predictors: "dimensions",
    reading: driverReading(analysis, { predictors: "dimensions", criterion: label.toLowerCase(), rows: OUTCOME_ROWS }),
  };
}

/** The drivers page: eNPS drivers of one closed wave, and dimension drivers of one CRM metric. For enablement and admins. */
export async function getDrivers(app: AppContext, user: SessionUser, query: DriversQuery): Promise<DriversView> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("drivers.forbidden"));
  const [waves, dimensions] = await Promise.all([listResultWaves(app.db, user.organisationId), listDimensions(app.db, user.organisationId)]);
  const newestFirst = [...waves].reverse();
  if (query.wave && !waves.some((w) => w.id === query.wave)) throw new InputError(said("drivers.error.wave"), { wave: said("drivers.error.pickWave") });
  const wave = newestFirst.find((w) => w.id === query.wave) ?? newestFirst[0] ?? null;
  const dimensionNames = new Map(dimensions.map((d) => [d.key, d.name]));
  const [enps, outcome] = await Promise.all([
    wave ? itemDriversOfWave(app, wave, query.level, dimensionNames) : Promise.resolve({ title: "Which questions move eNPS", empty: said("drivers.empty.noWave") }),
    dimensionDriversOfMetric(app, user.organisationId, query.metric, query.lag, query.period),
  ]);
  return {
    waves: newestFirst.map((w) => ({ id: w.id, label: `${w.programName}, ${w.periodStart}` })),
    metrics: METRIC_KEYS.map((key) => ({ key, label: METRIC_LABELS[key] })),
    periods: (Object.keys(PERIODS) as PeriodKey[]).map((key) => ({ key, label: PERIODS[key] })),
    selection: { wave: wave?.id ?? null, level: query.level, metric: query.metric, lag: query.lag, period: query.period },
    enps,
    outcome,
    bootstrap: { replicates: DRIVER_BOOTSTRAP.replicates, seed: DRIVER_BOOTSTRAP.seed, minTeams: DRIVER_MIN_TEAMS },
  };
}
