// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { DidChart } from "~/components/charts/did-chart";
import { PretrendChart } from "~/components/charts/pretrend-chart";
import { getCohortImpact } from "~/services/training.server";
import { TableWrap } from "~/components/table-wrap";
import { formatDate, formatInterval, formatPercent, formatPercentPoints, formatScore, formatScoreChange, formatSigned } from "~/domain/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.impact.cohort.name ?? "Training"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  return { impact: await getCohortImpact(context.app, user, params.cohortId ?? "") };
}

const BADGE = { improved: "good", worsened: "bad", "no-clear-difference": "neutral", "too-little-data": "neutral" } as const;
const VERDICT = { improved: "Improved", worsened: "Worse", "no-clear-difference": "No clear difference", "too-little-data": "Too little data" } as const;
const PRE_BADGE = { parallel: "good", "not-parallel": "warn", "too-little-data": "neutral" } as const;
const PRE_VERDICT = { parallel: "Parallel", "not-parallel": "Not parallel", "too-little-data": "Cannot check" } as const;
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export default function CohortImpact() {
  const { impact } = useLoaderData<typeof loader>();
  const culture = impact.outcomes.filter((o) => o.kind === "culture");
  const fmt = (v: number | null, crm: boolean) => (crm ? formatPercent(v) : formatScore(v));
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/training">← Manager training</Link>
      </p>
      <h1>{impact.cohort.name}</h1>
      <p className="muted">
        Held on {formatDate(impact.cohort.heldOn)} · {impact.cohort.managers.join(", ")} · trained teams: {impact.trainedTeams.join(", ") || "none with results"}
      </p>
      <p>
        Did it work? Each trained manager&apos;s team is compared before and after the training with the untrained teams that scored closest before it (difference-in-differences),
        over {impact.before.length} wave{impact.before.length === 1 ? "" : "s"} before ({impact.before.map(formatDate).join(", ") || "none"}) and {impact.after.length} after (
        {impact.after.map(formatDate).join(", ") || "none yet"}). Only results that passed the anonymity rules count. The comparison assumes that, without the training, both groups
        would have moved in parallel: the page checks that they did before it, and says when they did not.
      </p>
      {culture.some((o) => o.result.estimate !== null) ? (
        <DidChart
          title="Change after the training: trained teams beside similar untrained teams"
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
      <TableWrap label="Before and after, with the difference-in-differences and its 95% interval">
        <table>
          <caption>Before and after, with the difference-in-differences and its 95% interval</caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Trained: before → after
              </th>
              <th scope="col" className="num">
                Comparison: before → after
              </th>
              <th scope="col" className="num">
                Difference in differences
              </th>
              <th scope="col" className="num">
                95% interval
              </th>
              <th scope="col" className="num">
                Teams (trained / comparison)
              </th>
              <th scope="col">Reading</th>
              <th scope="col">Before the training</th>
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
                  <td className="num">{crm ? formatPercentPoints(r.estimate) : formatScoreChange(r.estimate)}</td>
                  <td className="num">
                    {r.ciLow === null || r.ciHigh === null
                      ? "—"
                      : crm
                        ? `${formatSigned(r.ciLow * 100, 0)} to ${formatSigned(r.ciHigh * 100, 0)} points`
                        : formatInterval(r.ciLow, r.ciHigh, formatScoreChange)}
                  </td>
                  <td className="num">
                    {r.treatedTeams} / {r.controlTeams}
                  </td>
                  <td>
                    <span className={`badge badge--${BADGE[r.verdict]}`}>{VERDICT[r.verdict]}</span>
                  </td>
                  <td>
                    <span className={`badge badge--${PRE_BADGE[o.preTrend.verdict]}`}>{PRE_VERDICT[o.preTrend.verdict]}</span>
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
            {o.comparisonTeams.length ? <span className="muted"> Compared with: {o.comparisonTeams.join(", ")}.</span> : null}
          </li>
        ))}
      </ul>
      {impact.outcomes.some((o) => o.series.length > 0) ? (
        <section aria-labelledby="periods-heading">
          <h2 id="periods-heading">Before and after, period by period</h2>
          {impact.outcomes
            .filter((o) => o.series.length > 0)
            .map((o) => {
              const crm = o.kind === "crm";
              return (
                <div key={o.key}>
                  <PretrendChart
                    title={`${capital(o.label)}: trained and similar untrained teams' mean per ${crm ? "quarter" : "wave"}`}
                    points={o.series}
                    format={crm ? (v) => formatPercent(v) : (v) => formatScore(v)}
                  />
                  <p>
                    <span className={`badge badge--${PRE_BADGE[o.preTrend.verdict]}`}>{PRE_VERDICT[o.preTrend.verdict]}</span> {o.preTrend.text}
                  </p>
                </div>
              );
            })}
        </section>
      ) : null}
      <p className="muted">
        Upside from known pipeline is the share of a quarter&apos;s won amount that came from deals already open at its start but left out of Commit, the sign of sandbagging (wins
        from deals created during the quarter do not count), so a fall is the improvement looked for. Team-level comparisons say nothing about any one rep, and other things may
        have changed at the same time as the training.
      </p>
    </div>
  );
}
