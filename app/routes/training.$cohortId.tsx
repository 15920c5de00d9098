import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { DidChart } from "~/components/charts/did-chart";
import { PretrendChart } from "~/components/charts/pretrend-chart";
import { getCohortImpact } from "~/services/training.server";
import { TableWrap } from "~/components/table-wrap";
import { formatInterval, formatPercentPoints, formatScoreChange, formatSigned, formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import type { MessageKey } from "~/i18n/translate";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: `${data.impact.cohort.name} · Candor` }] : titleFrom(matches, "training.name", "Training");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  return { impact: await getCohortImpact(context.app, user, params.cohortId ?? "") };
}

const BADGE = { improved: "good", worsened: "bad", "no-clear-difference": "neutral", "too-little-data": "neutral" } as const;
const VERDICT: Record<keyof typeof BADGE, MessageKey> = {
  improved: "training.verdict.improved",
  worsened: "training.verdict.worsened",
  "no-clear-difference": "training.verdict.noClearDifference",
  "too-little-data": "training.verdict.tooLittleData",
};
const PRE_BADGE = { parallel: "good", "not-parallel": "warn", "too-little-data": "neutral" } as const;
const PRE_VERDICT: Record<keyof typeof PRE_BADGE, MessageKey> = {
  parallel: "training.pre.parallel",
  "not-parallel": "training.pre.notParallel",
  "too-little-data": "training.pre.cannotCheck",
};
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export default function CohortImpact() {
  const { impact } = useLoaderData<typeof loader>();
  const culture = impact.outcomes.filter((o) => o.kind === "culture");
  const { t, locale } = useI18n();
  const format = formatsFor(locale);
  const fmt = (v: number | null, crm: boolean) => (crm ? format.percent(v) : format.score(v));
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/training">← {t("training.title")}</Link>
      </p>
      <h1>{impact.cohort.name}</h1>
      <p className="muted">
        {t("training.heldOnDate", { date: format.date(impact.cohort.heldOn) })} · {impact.cohort.managers.join(", ")} ·{" "}
        {t("training.trainedTeams", { teams: impact.trainedTeams.join(", ") || t("training.noneWithResults") })}
      </p>
      <p>
        {t("training.method", {
          before: impact.before.length,
          beforeDates: impact.before.map((d) => format.date(d)).join(", ") || t("training.none"),
          after: impact.after.length,
          afterDates: impact.after.map((d) => format.date(d)).join(", ") || t("training.noneYet"),
        })}
      </p>
      {culture.some((o) => o.result.estimate !== null) ? (
        <DidChart
          title={t("training.chartTitle")}
          rows={culture
            .filter((o) => o.result.estimate !== null)
            .map((o) => ({
              key: o.key,
              label: o.label[0]!.toUpperCase() + o.label.slice(1),
              trained: o.result.treatedAfter! - o.result.treatedBefore!,
              comparison: o.result.controlAfter! - o.result.controlBefore!,
            }))}
        />
      ) : null}
      <TableWrap label={t("training.tableCaption")}>
        <table>
          <caption>{t("training.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("training.col.outcome")}</th>
              <th scope="col" className="num">
                {t("training.col.trained")}
              </th>
              <th scope="col" className="num">
                {t("training.col.comparison")}
              </th>
              <th scope="col" className="num">
                {t("training.col.did")}
              </th>
              <th scope="col" className="num">
                {t("training.col.interval")}
              </th>
              <th scope="col" className="num">
                {t("training.col.teams")}
              </th>
              <th scope="col">{t("training.col.reading")}</th>
              <th scope="col">{t("training.col.before")}</th>
            </tr>
          </thead>
          <tbody>
            {impact.outcomes.map((o) => {
              const crm = o.kind === "crm";
              const r = o.result;
              return (
                <tr key={o.key}>
                  <th scope="row">{o.label[0]!.toUpperCase() + o.label.slice(1)}</th>
                  <td className="num">
                    {fmt(r.treatedBefore, crm)} → {fmt(r.treatedAfter, crm)}
                  </td>
                  <td className="num">
                    {fmt(r.controlBefore, crm)} → {fmt(r.controlAfter, crm)}
                  </td>
                  <td className="num">
                    {!crm
                      ? formatScoreChange(r.estimate)
                      : locale === "en" || r.estimate === null
                        ? formatPercentPoints(r.estimate)
                        : t("training.points", { value: formatSigned(r.estimate * 100, 0) })}
                  </td>
                  <td className="num">
                    {r.ciLow === null || r.ciHigh === null
                      ? "—"
                      : crm
                        ? t("training.pointsInterval", { low: formatSigned(r.ciLow * 100, 0), high: formatSigned(r.ciHigh * 100, 0) })
                        : locale === "en"
                          ? formatInterval(r.ciLow, r.ciHigh, formatScoreChange)
                          : t("training.interval", { low: formatScoreChange(r.ciLow), high: formatScoreChange(r.ciHigh) })}
                  </td>
                  <td className="num">
                    {r.treatedTeams} / {r.controlTeams}
                  </td>
                  <td>
                    <span className={`badge badge--${BADGE[r.verdict]}`}>{t(VERDICT[r.verdict])}</span>
                  </td>
                  <td>
                    <span className={`badge badge--${PRE_BADGE[o.preTrend.verdict]}`}>{t(PRE_VERDICT[o.preTrend.verdict])}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <ul className="readings">
        {impact.outcomes.map((o) => (
          <li key={o.key}>
            {o.result.text} {o.preTrend.text}
            {o.comparisonTeams.length ? <span className="muted"> {t("training.comparedWith", { teams: o.comparisonTeams.join(", ") })}</span> : null}
          </li>
        ))}
      </ul>
      {impact.outcomes.some((o) => o.series.length > 0) ? (
        <section aria-labelledby="periods-heading">
          <h2 id="periods-heading">{t("training.periods")}</h2>
          {impact.outcomes
            .filter((o) => o.series.length > 0)
            .map((o) => {
              const crm = o.kind === "crm";
              return (
                <div key={o.key}>
                  <PretrendChart
                    title={t("training.seriesTitle", { outcome: capital(o.label), unit: crm ? "quarter" : "wave" })}
                    points={o.series}
                    format={crm ? (v) => format.percent(v) : (v) => format.score(v)}
                  />
                  <p>
                    <span className={`badge badge--${PRE_BADGE[o.preTrend.verdict]}`}>{t(PRE_VERDICT[o.preTrend.verdict])}</span> {o.preTrend.text}
                  </p>
                </div>
              );
            })}
        </section>
      ) : null}
      <p className="muted">{t("training.footnote")}</p>
    </div>
  );
}
