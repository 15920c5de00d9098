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
import { impactReadings, signedIn } from "~/components/impact-readings";
import { requestLocale } from "~/services/locale.server";
import { outcomeLabelIn } from "~/services/training-language.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: `${data.impact.cohort.name} · Candor` }] : titleFrom(matches, "training.name", "Training");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const impact = await getCohortImpact(context.app, user, params.cohortId ?? "");
  const locale = await requestLocale(context, request);
  // Each culture outcome's name in the page's language (the CRM outcomes are the catalogue's words).
  const labels = Object.fromEntries(impact.outcomes.filter((o) => o.kind === "culture").map((o) => [o.key, outcomeLabelIn(o.key, o.label, locale)]));
  return { impact, labels };
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
  const { impact, labels } = useLoaderData<typeof loader>();
  const culture = impact.outcomes.filter((o) => o.kind === "culture");
  const { t, locale } = useI18n();
  const format = formatsFor(locale);
  const fmt = (v: number | null, crm: boolean) => (crm ? format.percent(v) : format.score(v));
  // English pages show the analysis's own words; other languages word its numbers in the page's language.
  const english = locale === "en";
  const signed = signedIn(locale);
  const labelOf = (o: (typeof impact.outcomes)[number]) =>
    english ? o.label : o.kind === "crm" ? t(o.key === "winRate" ? "training.outcome.winRate" : "training.outcome.knownUpsideShare") : (labels[o.key] ?? o.label);
  const readingOf = (o: (typeof impact.outcomes)[number]) => (english ? { did: o.result.text, pre: o.preTrend.text } : impactReadings(t, locale, { ...o, label: labelOf(o) }));
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
              label: capital(labelOf(o)),
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
                  <th scope="row">{capital(labelOf(o))}</th>
                  <td className="num">
                    {fmt(r.treatedBefore, crm)} → {fmt(r.treatedAfter, crm)}
                  </td>
                  <td className="num">
                    {fmt(r.controlBefore, crm)} → {fmt(r.controlAfter, crm)}
                  </td>
                  <td className="num">
                    {english || r.estimate === null
                      ? crm
                        ? formatPercentPoints(r.estimate)
                        : formatScoreChange(r.estimate)
                      : crm
                        ? t("training.points", { value: signed(r.estimate * 100, 0) })
                        : signed(r.estimate, 1)}
                  </td>
                  <td className="num">
                    {r.ciLow === null || r.ciHigh === null
                      ? "—"
                      : crm
                        ? t(
                            "training.pointsInterval",
                            english
                              ? { low: formatSigned(r.ciLow * 100, 0), high: formatSigned(r.ciHigh * 100, 0) }
                              : { low: signed(r.ciLow * 100, 0), high: signed(r.ciHigh * 100, 0) },
                          )
                        : english
                          ? formatInterval(r.ciLow, r.ciHigh, formatScoreChange)
                          : t("training.interval", { low: signed(r.ciLow, 1), high: signed(r.ciHigh, 1) })}
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
            {readingOf(o).did} {readingOf(o).pre}
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
                    title={t("training.seriesTitle", { outcome: capital(labelOf(o)), unit: crm ? "quarter" : "wave" })}
                    points={o.series}
                    format={crm ? (v) => format.percent(v) : (v) => format.score(v)}
                  />
                  <p>
                    <span className={`badge badge--${PRE_BADGE[o.preTrend.verdict]}`}>{t(PRE_VERDICT[o.preTrend.verdict])}</span> {readingOf(o).pre}
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
