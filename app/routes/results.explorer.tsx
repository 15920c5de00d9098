// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { ScatterChart } from "~/components/charts/scatter";
import { Notice, SelectField } from "~/components/forms";
import { formatCount, formatDays, formatInterval, formatNumber, formatP, formatPercent, formatStatistic } from "~/domain/format";
import { explorerQuerySchema, getExplorer } from "~/services/explorer.server";

export const meta: MetaFunction = () => [{ title: "Culture and outcomes · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const query = explorerQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { view: await getExplorer(context.app, user, query) };
}

const LAGS = [
  { value: "0", label: "Same period" },
  { value: "1", label: "One period later" },
  { value: "2", label: "Two periods later" },
  { value: "3", label: "Three periods later" },
];

const num = formatStatistic;
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const pValue = formatP;

/** A metric's axis value in its own unit: shares as percentages, durations in days, counts and amounts whole. */
function metricFormat(metric: string, percent: boolean): (v: number) => string {
  if (percent || metric === "forecastBias") return (v) => formatPercent(v);
  if (metric === "medianCycleDays") return (v) => formatDays(v);
  if (metric.endsWith("Count") || metric.endsWith("Amount") || metric === "avgWonDealSize") return (v) => formatCount(v);
  return (v) => formatNumber(v, 1);
}

export default function Explorer() {
  const { view } = useLoaderData<typeof loader>();
  const r = view.result;
  const percent =
    view.selection.metric === "winRate" || view.selection.metric.endsWith("Share") || view.selection.metric === "forecastAccuracy" || view.selection.metric === "commitAccuracy";
  // A rate's slope reads as percentage points; other metrics in their own units.
  const slope = (v: number | null) => (percent ? formatNumber(v === null ? null : v * 100, 1) : formatNumber(v, 3));
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">← Results across the organisation</Link>
      </p>
      <h1>Culture and outcomes</h1>
      <p>
        Do teams that score higher on a dimension do better on a sales metric, in the same period or later? Each point is a team in a period (only teams whose results passed the
        anonymity rules).
      </p>
      <Form method="get" className="inline-form no-print">
        <SelectField name="dimension" label="Culture dimension" defaultValue={view.selection.dimension} options={view.dimensions.map((d) => ({ value: d.key, label: d.name }))} />
        <SelectField name="metric" label="CRM metric" defaultValue={view.selection.metric} options={view.metrics.map((m) => ({ value: m.key, label: m.label }))} />
        <SelectField name="lag" label="Metric measured" defaultValue={String(view.selection.lag)} options={LAGS} />
        <SelectField name="period" label="Periods" defaultValue={view.selection.period} options={view.periods.map((p) => ({ value: p.key, label: p.label }))} />
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </Form>
      {view.empty ? <Notice>{view.empty}</Notice> : null}
      {view.points.length > 0 ? (
        <ScatterChart
          title={`${view.labels.dimension} and ${view.labels.metric.toLowerCase()}, ${view.selection.lag === 0 ? "in the same period" : LAGS[view.selection.lag]!.label.toLowerCase()}`}
          xLabel={view.labels.dimensionAxis}
          yLabel={view.labels.metric}
          points={view.points}
          band={view.band}
          formatY={metricFormat(view.selection.metric, percent)}
        />
      ) : null}
      {r ? (
        <section aria-labelledby="reading">
          <h2 id="reading">What this shows {r.inference === "exploratory" ? <span className="badge badge--warn">Exploratory: only {r.nTeams} teams</span> : null}</h2>
          <p className="muted">
            {r.nPairs} team-period{r.nPairs === 1 ? "" : "s"} from {r.nTeams} team{r.nTeams === 1 ? "" : "s"}. Two different questions, answered side by side:
          </p>
          <div className="grid-2">
            <div className="card">
              <h3>Between teams</h3>
              <p>Do teams with higher scores do better?</p>
              <p className="lead">{sentence(r.betweenReading.replace(/^Between teams: /, ""))}</p>
              <dl className="stats">
                <div>
                  <dt>r (teams&apos; averages)</dt>
                  <dd>{num(r.betweenR)}</dd>
                </div>
                <div>
                  <dt>95% interval</dt>
                  <dd>{formatInterval(r.betweenCiLow, r.betweenCiHigh, num)}</dd>
                </div>
                <div>
                  <dt>Teams (n)</dt>
                  <dd>{r.betweenN ?? r.nTeams}</dd>
                </div>
                <div>
                  <dt>p</dt>
                  <dd>{pValue(r.betweenP)}</dd>
                </div>
              </dl>
            </div>
            <div className="card">
              <h3>Within teams</h3>
              <p>When a team&apos;s score rises, does its result follow?</p>
              <p className="lead">{sentence(r.withinReading.replace(/^Within teams: /, ""))}</p>
              <dl className="stats">
                <div>
                  <dt>
                    r<sub>rm</sub> (repeated measures)
                  </dt>
                  <dd>{num(r.withinR)}</dd>
                </div>
                <div>
                  <dt>95% interval</dt>
                  <dd>{formatInterval(r.withinCiLow, r.withinCiHigh, num)}</dd>
                </div>
                <div>
                  <dt>Pairs / teams</dt>
                  <dd>
                    {r.nPairs} / {r.nTeams}
                  </dd>
                </div>
                <div>
                  <dt>p (df {r.withinDf ?? "—"})</dt>
                  <dd>{pValue(r.withinP)}</dd>
                </div>
              </dl>
            </div>
          </div>
          <div className="card">
            <h3>Overall, counting each team once</h3>
            <p className="lead">{r.verdictReading}</p>
            <dl className="stats">
              <div>
                <dt>{percent ? "Slope (percentage points per point of score)" : "Slope (per point of score)"}</dt>
                <dd>{slope(r.slope)}</dd>
              </div>
              <div>
                <dt>95% interval (clustered by team)</dt>
                <dd>{r.slopeCiLow === null || r.slopeCiHigh === null ? "—" : `${slope(r.slopeCiLow)} to ${slope(r.slopeCiHigh)}`}</dd>
              </div>
              <div>
                <dt>p (clustered by team)</dt>
                <dd>{pValue(r.p)}</dd>
              </div>
              <div>
                <dt>p adjusted (BH, {view.familySize} tests)</dt>
                <dd>{pValue(r.pAdjusted)}</dd>
              </div>
              <div>
                <dt>All pairs: r / Spearman ρ</dt>
                <dd>
                  {num(r.r)} / {num(r.spearmanRho)}
                </dd>
              </div>
            </dl>
            <p className="muted">
              {view.teamLevel} A team&apos;s quarters are not independent of each other, so p and the band around the line treat each team as one unit (cluster-robust CR2 errors);
              the adjusted p accounts for every dimension, metric and lag this explorer offers ({view.familySize} tests), so a relation found by browsing is not mistaken for a
              finding.
            </p>
          </div>
        </section>
      ) : null}
    </div>
  );
}
