import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { ScatterChart } from "~/components/charts/scatter";
import { Notice, SelectField } from "~/components/forms";
import { formatsFor, MISSING } from "~/domain/format";
import { explorerQuerySchema, getExplorer } from "~/services/explorer.server";
import { requestLocale } from "~/services/locale.server";
import { dimensionNamesIn } from "~/services/dimension-names.server";
import { explorerReadings, LAGS, metricInSentence, metricLabel, PERIOD_KEYS } from "~/components/results-words";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import type { MessageKey } from "~/i18n/translate";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "explorer.title", "Culture and outcomes");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const query = explorerQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [view, locale] = await Promise.all([getExplorer(context.app, user, query), requestLocale(context, request)]);
  // Dimension names in the page's language (results stay pooled across languages).
  const names = dimensionNamesIn(locale);
  const dimensions = view.dimensions.map((d) => ({ ...d, name: names(d.key, d.name) }));
  const chosen = dimensions.find((d) => d.key === view.selection.dimension);
  return { view: { ...view, dimensions, labels: { ...view.labels, dimension: chosen?.name ?? view.labels.dimension } }, chosen: chosen ?? null };
}

const WHEN: readonly MessageKey[] = ["explorer.when.0", "explorer.when.1", "explorer.when.2", "explorer.when.3"];

/** The subscript of r for repeated measures (a symbol, not a word). */
const RM = "rm";

export default function Explorer() {
  const { view, chosen } = useLoaderData<typeof loader>();
  const { t, say, locale } = useI18n();
  const f = formatsFor(locale);
  const r = view.result;
  const percent =
    view.selection.metric === "winRate" || view.selection.metric.endsWith("Share") || view.selection.metric === "forecastAccuracy" || view.selection.metric === "commitAccuracy";
  const num = (v: number | null) => f.number(v, 2);
  const pValue = (v: number | null) => (v === null || Number.isNaN(v) ? MISSING : v < 0.001 ? `< ${f.number(0.001, 3)}` : f.number(v, 3));
  const interval = (low: number | null, high: number | null, format: (v: number | null) => string) =>
    low === null || high === null ? MISSING : t("explorer.interval", { low: format(low), high: format(high) });
  // A rate's slope reads as percentage points; other metrics in their own units.
  const slope = (v: number | null) => (percent ? f.number(v === null ? null : v * 100, 1) : f.number(v, 3));
  /** A metric's axis value in its own unit: shares as percentages, durations in days, counts and amounts whole. */
  const metric = view.selection.metric;
  const formatY =
    percent || metric === "forecastBias"
      ? (v: number) => f.percent(v)
      : metric === "medianCycleDays"
        ? (v: number) => t("explorer.days", { count: Math.round(v), days: f.count(v) })
        : metric.endsWith("Count") || metric.endsWith("Amount") || metric === "avgWonDealSize"
          ? (v: number) => f.count(v)
          : (v: number) => f.number(v, 1);
  const metricName = metricLabel(t, metric, view.labels.metric);
  const { between, within, verdict } = explorerReadings({ t, say, locale }, { dimension: view.labels.dimension, metric, metricName: view.labels.metric, lag: view.selection.lag });
  const lags = LAGS.map((lag) => ({ value: lag.value, label: t(lag.key) }));
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">{t("results.back")}</Link>
      </p>
      <h1>{t("explorer.title")}</h1>
      <p>{t("explorer.intro")}</p>
      <Form method="get" className="inline-form no-print">
        <SelectField
          name="dimension"
          label={t("explorer.dimension")}
          defaultValue={view.selection.dimension}
          options={view.dimensions.map((d) => ({ value: d.key, label: d.name }))}
        />
        <SelectField
          name="metric"
          label={t("explorer.metric")}
          defaultValue={metric}
          options={view.metrics.map((m) => ({ value: m.key, label: metricLabel(t, m.key, m.label) }))}
        />
        <SelectField name="lag" label={t("explorer.measured")} defaultValue={String(view.selection.lag)} options={lags} />
        <SelectField
          name="period"
          label={t("explorer.periods")}
          defaultValue={view.selection.period}
          options={view.periods.map((p) => ({ value: p.key, label: PERIOD_KEYS[p.key] ? t(PERIOD_KEYS[p.key]!) : p.label }))}
        />
        <button type="submit" className="button button--secondary">
          {t("results.show")}
        </button>
      </Form>
      {view.empty ? <Notice>{say(view.empty)}</Notice> : null}
      {view.points.length > 0 ? (
        <ScatterChart
          title={t("explorer.chartTitle", {
            dimension: view.labels.dimension,
            metric: metricInSentence(t, locale, metric, view.labels.metric),
            when: t(WHEN[view.selection.lag] ?? WHEN[0]!),
          })}
          xLabel={
            chosen
              ? t("explorer.axis", { dimension: chosen.name, direction: chosen.higherIsBetter ? t("explorer.higherIsBetter") : t("explorer.higherIsWorse") })
              : view.labels.dimensionAxis
          }
          yLabel={metricName}
          points={view.points}
          band={view.band}
          formatY={formatY}
        />
      ) : null}
      {r ? (
        <section aria-labelledby="reading">
          <h2 id="reading">
            {t("explorer.reading")} {r.inference === "exploratory" ? <span className="badge badge--warn">{t("explorer.exploratory", { teams: r.nTeams })}</span> : null}
          </h2>
          <p className="muted">{t("explorer.pairs", { pairs: r.nPairs, teams: r.nTeams })}</p>
          <div className="grid-2">
            <div className="card">
              <h3>{t("explorer.between")}</h3>
              <p>{t("explorer.betweenQuestion")}</p>
              <p className="lead">{between(r, view.reasons)}</p>
              <dl className="stats">
                <div>
                  <dt>{t("explorer.betweenR")}</dt>
                  <dd>{num(r.betweenR)}</dd>
                </div>
                <div>
                  <dt>{t("explorer.ci95")}</dt>
                  <dd>{interval(r.betweenCiLow, r.betweenCiHigh, num)}</dd>
                </div>
                <div>
                  <dt>{t("explorer.teamsN")}</dt>
                  <dd>{r.betweenN ?? r.nTeams}</dd>
                </div>
                <div>
                  <dt>p</dt>
                  <dd>{pValue(r.betweenP)}</dd>
                </div>
              </dl>
            </div>
            <div className="card">
              <h3>{t("explorer.within")}</h3>
              <p>{t("explorer.withinQuestion")}</p>
              <p className="lead">{within(r, view.reasons)}</p>
              <dl className="stats">
                <div>
                  <dt>
                    r<sub>{RM}</sub> {t("explorer.repeated")}
                  </dt>
                  <dd>{num(r.withinR)}</dd>
                </div>
                <div>
                  <dt>{t("explorer.ci95")}</dt>
                  <dd>{interval(r.withinCiLow, r.withinCiHigh, num)}</dd>
                </div>
                <div>
                  <dt>{t("explorer.pairsTeams")}</dt>
                  <dd>
                    {r.nPairs} / {r.nTeams}
                  </dd>
                </div>
                <div>
                  <dt>{t("explorer.pDf", { df: r.withinDf ?? MISSING })}</dt>
                  <dd>{pValue(r.withinP)}</dd>
                </div>
              </dl>
            </div>
          </div>
          <div className="card">
            <h3>{t("explorer.overall")}</h3>
            <p className="lead">{verdict(r, view.reasons)}</p>
            <dl className="stats">
              <div>
                <dt>{percent ? t("explorer.slopePoints") : t("explorer.slope")}</dt>
                <dd>{slope(r.slope)}</dd>
              </div>
              <div>
                <dt>{t("explorer.ci95Clustered")}</dt>
                <dd>{r.slopeCiLow === null || r.slopeCiHigh === null ? MISSING : t("explorer.interval", { low: slope(r.slopeCiLow), high: slope(r.slopeCiHigh) })}</dd>
              </div>
              <div>
                <dt>{t("explorer.pClustered")}</dt>
                <dd>{pValue(r.p)}</dd>
              </div>
              <div>
                <dt>{t("explorer.pAdjusted", { tests: view.familySize })}</dt>
                <dd>{pValue(r.pAdjusted)}</dd>
              </div>
              <div>
                <dt>{t("explorer.allPairs")}</dt>
                <dd>
                  {num(r.r)} / {num(r.spearmanRho)}
                </dd>
              </div>
            </dl>
            <p className="muted">
              {t("explorer.teamLevel")} {t("explorer.method", { tests: view.familySize })}
            </p>
          </div>
        </section>
      ) : null}
    </div>
  );
}
