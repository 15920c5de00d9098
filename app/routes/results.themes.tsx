// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { ThemeChart } from "~/components/charts/theme-chart";
import { Notice, SelectField } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { formatDate, formatPercent } from "~/domain/format";
import { getOrgThemes } from "~/services/themes.server";

export const meta: MetaFunction = () => [{ title: "Comment themes · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const waveId = new URL(request.url).searchParams.get("wave") || undefined;
  return getOrgThemes(context.app, user, waveId && /^[0-9a-f-]{36}$/i.test(waveId) ? waveId : undefined);
}

export default function OrgThemes() {
  const page = useLoaderData<typeof loader>();
  const { wave, themes, rows, trend, agreement } = page;
  const org = rows[0];
  const pct = (v: number | null) => (v === null ? "—" : formatPercent(v));
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">← Results</Link>
      </p>
      <h1>Comment themes across the organisation</h1>
      <p className="muted">
        Every comment is tagged with the sales themes it speaks of and how it feels, by word lists and rules in each survey language (nothing leaves Candor). A team&apos;s counts
        are shown only where its comments are.
      </p>
      {!wave ? (
        <Notice>No wave has closed yet.</Notice>
      ) : (
        <>
          <Form method="get" className="inline-form no-print">
            <SelectField name="wave" label="Wave" defaultValue={wave.id} options={page.waves.map((w) => ({ value: w.id, label: w.label }))} />
            <button type="submit" className="button button--secondary">
              Show
            </button>
          </Form>
          {org?.counts ? (
            <ThemeChart
              title={`Themes in the organisation's comments, wave of ${formatDate(wave.periodStart)}, and their share over the waves`}
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
            <Notice>The organisation&apos;s comments of this wave are not shown.</Notice>
          )}
          <TableWrap label="Comments per theme, team by team">
            <table>
              <caption>Comments per theme, team by team (the number of negative ones in brackets)</caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col" className="num">
                    Comments
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
                        hidden: {r.hidden}
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
        <h2 id="agreement">How often enablement&apos;s corrections agree with the machine</h2>
        {agreement.comments === 0 ? (
          <p className="muted">No comment has been corrected yet. Correct a comment&apos;s tags on a team&apos;s theme page; this measure then compares the two.</p>
        ) : (
          <>
            <p>
              Over {agreement.comments} corrected comments: the machine&apos;s themes were right {pct(agreement.micro.precision)} of the time it gave one (precision) and found{" "}
              {pct(agreement.micro.recall)} of the themes enablement gave (recall); its feeling matched {pct(agreement.sentimentAccuracy)} of the time. Only corrected comments
              count, so these figures understate how often the machine is right on the comments nobody corrected.
            </p>
            <TableWrap label="Agreement per theme">
              <table>
                <caption>Agreement per theme, corrected comments only</caption>
                <thead>
                  <tr>
                    <th scope="col">Theme</th>
                    <th scope="col" className="num">
                      Comments with it (corrected)
                    </th>
                    <th scope="col" className="num">
                      Precision
                    </th>
                    <th scope="col" className="num">
                      Recall
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
          Measured when the tagger was written, on 106 labelled comments it was not tuned on: precision 91%, recall 98%, feeling right 92% of the time; on 40 later English
          comments, feeling right only 40% of the time (comments that complain without a feeling word). See ADR 053.
        </p>
      </section>
    </div>
  );
}
