import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { ThemeChart } from "~/components/charts/theme-chart";
import { Notice, SelectField } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { getOrgThemes } from "~/services/themes.server";
import { themesIn } from "~/components/theme-names";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "results.themes.title", "Comment themes");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const waveId = new URL(request.url).searchParams.get("wave") || undefined;
  return getOrgThemes(context.app, user, waveId && /^[0-9a-f-]{36}$/i.test(waveId) ? waveId : undefined);
}

export default function OrgThemes() {
  const page = useLoaderData<typeof loader>();
  const { wave, rows, trend, agreement } = page;
  const org = rows[0];
  const { t, say, locale } = useI18n();
  const themes = themesIn(t, page.themes);
  const f = formatsFor(locale);
  const pct = (v: number | null) => (v === null ? "—" : f.percent(v));
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">{t("results.themes.back")}</Link>
      </p>
      <h1>{t("results.themes.heading")}</h1>
      <p className="muted">{t("results.themes.intro")}</p>
      {!wave ? (
        <Notice>{t("results.themes.noWave")}</Notice>
      ) : (
        <>
          <Form method="get" className="inline-form no-print">
            <SelectField name="wave" label={t("results.wave")} defaultValue={wave.id} options={page.waves.map((w) => ({ value: w.id, label: w.label }))} />
            <button type="submit" className="button button--secondary">
              {t("results.show")}
            </button>
          </Form>
          {org?.counts ? (
            <ThemeChart
              title={t("results.themes.chart", { period: f.date(wave.periodStart) })}
              comments={org.counts.comments}
              rows={themes.map((t) => {
                const s = org.counts!.themes.find((x) => x.theme === t.key)!.sentiment;
                return {
                  key: t.key,
                  label: t.label,
                  latest: { negative: s.negative, mixed: s.mixed, neutral: s.neutral, positive: s.positive },
                  trend: trend.map((w) => ({
                    period: w.periodStart,
                    share: w.counts && w.counts.comments > 0 ? w.counts.themes.find((x) => x.theme === t.key)!.comments / w.counts.comments : null,
                  })),
                };
              })}
            />
          ) : (
            <Notice>{t("results.themes.orgHidden")}</Notice>
          )}
          <TableWrap label={t("results.themes.table")}>
            <table>
              <caption>{t("results.themes.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("results.themes.team")}</th>
                  <th scope="col" className="num">
                    {t("results.themes.comments")}
                  </th>
                  {themes.map((t) => (
                    <th scope="col" className="num" key={t.key}>
                      {t.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" style={{ paddingLeft: `${r.depth * 0.75 + 0.5}rem` }}>
                      {r.id === "org" ? r.label : <Link to={`/teams/${r.id}/themes`}>{r.label}</Link>}
                    </th>
                    {r.counts ? (
                      <>
                        <td className="num">{r.counts.comments}</td>
                        {r.counts.themes.map((c) => (
                          <td className="num" key={c.theme}>
                            {c.comments} ({c.sentiment.negative})
                          </td>
                        ))}
                      </>
                    ) : (
                      <td colSpan={themes.length + 1} className="muted">
                        {t("results.themes.hidden", { reason: r.hidden ? say(r.hidden) : "" })}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <section className="card" aria-labelledby="agreement">
        <h2 id="agreement">{t("results.themes.agreement")}</h2>
        {agreement.comments === 0 ? (
          <p className="muted">{t("results.themes.noCorrections")}</p>
        ) : (
          <>
            <p>
              {t("results.themes.agreementSummary", {
                count: agreement.comments,
                precision: pct(agreement.micro.precision),
                recall: pct(agreement.micro.recall),
                sentiment: pct(agreement.sentimentAccuracy),
              })}
            </p>
            <TableWrap label={t("results.themes.agreementTable")}>
              <table>
                <caption>{t("results.themes.agreementCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("results.themes.theme")}</th>
                    <th scope="col" className="num">
                      {t("results.themes.support")}
                    </th>
                    <th scope="col" className="num">
                      {t("results.themes.precision")}
                    </th>
                    <th scope="col" className="num">
                      {t("results.themes.recall")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {agreement.themes.map((t) => (
                    <tr key={t.theme}>
                      <th scope="row">{themes.find((x) => x.key === t.theme)?.label}</th>
                      <td className="num">{t.support}</td>
                      <td className="num">{pct(t.precision)}</td>
                      <td className="num">{pct(t.recall)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
        <p className="muted">
          {t("results.themes.measured", { labelled: 106, precision: f.percent(0.91), recall: f.percent(0.98), feeling: f.percent(0.92), later: 40, laterFeeling: f.percent(0.4) })}
        </p>
      </section>
    </div>
  );
}
