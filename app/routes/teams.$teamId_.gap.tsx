import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { DumbbellChart } from "~/components/charts/dumbbell";
import { Notice } from "~/components/forms";
import type { GapReading, GapRow } from "~/domain/gap";
import { getGapView } from "~/services/self-assessment.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Self vs team: ${data?.team.name ?? "Team"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getGapView(context.app, user, params.teamId ?? "");
}

const READINGS: Record<GapReading, { label: string; tone: string }> = {
  "blind-spot": { label: "Blind spot", tone: "bad" },
  "hidden-strength": { label: "Hidden strength", tone: "good" },
  "no-clear-gap": { label: "No clear gap", tone: "neutral" },
  "no-manager-answer": { label: "You did not rate this", tone: "neutral" },
};

const fmt = (n: number | null, digits = 1) => (n === null ? "—" : n.toFixed(digits));
const signed = (n: number | null) => (n === null ? "—" : `${n > 0 ? "+" : n < 0 ? "−" : "±"}${Math.abs(n).toFixed(1)}`);

function Reading({ reading }: { reading: GapReading }) {
  const r = READINGS[reading];
  return <span className={`badge badge--${r.tone}`}>{r.label}</span>;
}

function GapTable({ rows, caption, firstColumn }: { rows: GapRow[]; caption: string; firstColumn: string }) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            <th scope="col" className="num">
              Your view
            </th>
            <th scope="col" className="num">
              Team mean (95% interval)
            </th>
            <th scope="col" className="num">
              Gap
            </th>
            <th scope="col">Reading</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="num">{fmt(row.managerScore)}</td>
              <td className="num">
                {fmt(row.teamMean)} ({fmt(row.ciLow)}–{fmt(row.ciHigh)}), n = {row.n}
              </td>
              <td className="num">{signed(row.gap)}</td>
              <td>
                <Reading reading={row.reading} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export default function GapPage() {
  const view = useLoaderData<typeof loader>();
  const gap = view.gap;
  return (
    <div className="page">
      <p>
        <Link to={`/teams/${view.team.id}`}>← {view.team.name}</Link>
      </p>
      <h1>Self vs team: {view.team.name}</h1>
      <p>
        The manager answers the team&apos;s questions from their side each wave. The <strong>gap</strong> is the manager&apos;s score minus the team&apos;s mean (1–7, reverse-keyed
        items turned around). A gap inside the team mean&apos;s 95% interval is <em>no clear gap</em>. A <strong>blind spot</strong> is a clear gap where the manager sees things
        better than the team does (for forecast pressure: less pressure than the team feels); a <strong>hidden strength</strong> is the opposite.
      </p>
      {!view.wave ? (
        <Notice>No wave has closed for this team yet. The gap appears when the team&apos;s first pulse closes.</Notice>
      ) : gap?.status === "hidden" ? (
        <Notice tone="warning">
          {view.wave.programName}, {view.wave.periodStart}: {gap.reason}
        </Notice>
      ) : gap ? (
        <>
          <p className="muted">
            {view.wave.programName}, wave of {view.wave.periodStart} · {gap.n} answers from the team ·{" "}
            {view.answeredByManager ? `self-assessment by ${view.managerName}` : "the manager did not answer the self-assessment"}
          </p>
          <div className="grid-2">
            <section className="card" aria-labelledby="blind">
              <h2 id="blind">Largest blind spots</h2>
              {gap.blindSpots.length === 0 ? (
                <p className="muted">None: no item where the manager clearly sees the team more favourably than it sees itself.</p>
              ) : (
                <ol>
                  {gap.blindSpots.map((r) => (
                    <li key={r.key}>
                      {r.label} <span className="muted">(gap {signed(r.gap)})</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section className="card" aria-labelledby="hidden">
              <h2 id="hidden">Largest hidden strengths</h2>
              {gap.hiddenStrengths.length === 0 ? (
                <p className="muted">None this wave.</p>
              ) : (
                <ol>
                  {gap.hiddenStrengths.map((r) => (
                    <li key={r.key}>
                      {r.label} <span className="muted">(gap {signed(r.gap)})</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
          <DumbbellChart
            title={`How ${view.managerName ?? "the manager"} sees the team, and how the team sees itself`}
            rows={gap.dimensions.map((d) => ({
              key: d.key,
              label: d.label,
              managerScore: d.managerScore,
              teamMean: d.teamMean,
              ciLow: d.ciLow,
              ciHigh: d.ciHigh,
              reading: READINGS[d.reading].label,
            }))}
          />
          <GapTable rows={gap.dimensions} caption="By dimension" firstColumn="Dimension" />
          <GapTable rows={gap.items} caption="By item (the team's wording)" firstColumn="Item" />
          {gap.hiddenItems > 0 ? (
            <p className="muted">{gap.hiddenItems} item(s) are left out: too few answers, or hidden so that a smaller group&apos;s answers cannot be worked out by subtraction.</p>
          ) : null}
          {gap.teamOnlyItems > 0 ? (
            <p className="muted">
              The team&apos;s scores by dimension also cover {gap.teamOnlyItems} question(s) that have no version for managers (custom items); the manager&apos;s score is over the
              questions they were asked. The team&apos;s scores are the ones on its results page.
            </p>
          ) : null}
        </>
      ) : null}
      {view.trend.length > 1 ? (
        <section aria-labelledby="trend">
          <h2 id="trend">How the gap moved</h2>
          <TableWrap label="Gap per dimension over the last waves">
            <table>
              <caption className="visually-hidden">Gap per dimension over the last waves</caption>
              <thead>
                <tr>
                  <th scope="col">Dimension</th>
                  {view.trend.map((t) => (
                    <th key={t.periodStart} scope="col" className="num">
                      {t.periodStart}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.dimensions.map((d) => (
                  <tr key={d.key}>
                    <th scope="row">{d.name}</th>
                    {view.trend.map((t) => (
                      <td key={t.periodStart} className="num">
                        {signed(t.gaps[d.key] ?? null)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="muted">— : hidden (too few answers) or no self-assessment that wave.</p>
        </section>
      ) : null}
    </div>
  );
}
