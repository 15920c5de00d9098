// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { DumbbellChart } from "~/components/charts/dumbbell";
import { Notice } from "~/components/forms";
import type { GapReading, GapRow } from "~/domain/gap";
import { agreementDirection, agreementGap, agreementOf, describeGap, dimensionDirection, withDirection, type GapAudience, type GapRowToRead } from "~/domain/reading";
import { getGapView } from "~/services/self-assessment.server";
import { TableWrap } from "~/components/table-wrap";
import { formatDate, formatInterval, formatScore, formatScoreChange } from "~/domain/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Self vs team: ${data?.team.name ?? "Team"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getGapView(context.app, user, params.teamId ?? "");
}

const TONES: Record<GapReading, string> = {
  "blind-spot": "bad",
  "hidden-strength": "good",
  "no-clear-gap": "neutral",
  "no-manager-answer": "neutral",
};

const fmt = formatScore;
const signed = formatScoreChange;

/** A row's reading: its category as a badge, and what differs in words (app/domain/reading.ts). */
function Reading({ row, kind, audience }: { row: GapRow; kind: GapRowToRead["kind"]; audience: GapAudience }) {
  const { category, sentence } = describeGap(toRead(row, kind), audience);
  return (
    <>
      <span className={`badge badge--${TONES[row.reading]}`}>{category}</span>
      {/* Inside the interval there is nothing to say in words beyond the badge; the page's introduction explains it. */}
      {row.reading === "no-clear-gap" ? null : ` ${sentence}`}
    </>
  );
}

function toRead(row: GapRow, kind: GapRowToRead["kind"]): GapRowToRead {
  const common = { higherIsBetter: row.higherIsBetter, reading: row.reading, managerScore: row.managerScore, teamMean: row.teamMean };
  return kind === "dimension" ? { kind, name: row.label, ...common } : { kind, reverseKeyed: row.reverseKeyed, ...common };
}

function DimensionTable({ rows, audience }: { rows: GapRow[]; audience: GapAudience }) {
  return (
    <TableWrap label="By dimension">
      <table>
        <caption>By dimension</caption>
        <thead>
          <tr>
            <th scope="col">Dimension</th>
            <th scope="col" className="num">
              {audience.viewerIsManager ? "Your view" : "Manager's view"}
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
              <th scope="row">
                {row.label}
                <br />
                <span className="muted direction">{dimensionDirection(row.higherIsBetter)}</span>
              </th>
              <td className="num">{fmt(row.managerScore)}</td>
              <td className="num">
                {fmt(row.teamMean)} ({formatInterval(row.ciLow, row.ciHigh)}), n = {row.n}
              </td>
              <td className="num">{signed(row.gap)}</td>
              <td>
                <Reading row={row} kind="dimension" audience={audience} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Items as agreement with the team's wording, each with which way is better (ADR 033). */
function ItemTable({ rows, audience }: { rows: GapRow[]; audience: GapAudience }) {
  const caption = "By item: agreement with the team's wording";
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Better when</th>
            <th scope="col" className="num">
              {audience.viewerIsManager ? "Your agreement" : "Manager's agreement"}
            </th>
            <th scope="col" className="num">
              Team&apos;s agreement (95% interval)
            </th>
            <th scope="col" className="num">
              Difference
            </th>
            <th scope="col">Reading</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const manager = agreementOf({ mean: row.managerScore, ciLow: null, ciHigh: null }, row.reverseKeyed).mean;
            const team = agreementOf({ mean: row.teamMean, ciLow: row.ciLow, ciHigh: row.ciHigh }, row.reverseKeyed);
            return (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td className="direction">{agreementDirection(row.reverseKeyed, row.higherIsBetter)}</td>
                <td className="num">{fmt(manager)}</td>
                <td className="num">
                  {fmt(team.mean)} ({formatInterval(team.ciLow, team.ciHigh)}), n = {row.n}
                </td>
                <td className="num">{signed(agreementGap(row.gap, row.reverseKeyed))}</td>
                <td>
                  <Reading row={row} kind="item" audience={audience} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The largest blind spots or hidden strengths: each item with what differs in words and both agreements. */
function Largest({ rows, audience }: { rows: GapRow[]; audience: GapAudience }) {
  return (
    <ol>
      {rows.map((r) => {
        const manager = agreementOf({ mean: r.managerScore, ciLow: null, ciHigh: null }, r.reverseKeyed).mean;
        const team = agreementOf({ mean: r.teamMean, ciLow: null, ciHigh: null }, r.reverseKeyed).mean;
        return (
          <li key={r.key}>
            {r.label}
            <br />
            <span className="muted">
              {describeGap(toRead(r, "item"), audience).sentence} Agreement: {audience.viewerIsManager ? "you" : "manager"} {fmt(manager)}, team {fmt(team)} —{" "}
              {agreementDirection(r.reverseKeyed, r.higherIsBetter)}.
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export default function GapPage() {
  const view = useLoaderData<typeof loader>();
  const gap = view.gap;
  const audience: GapAudience = { viewerIsManager: view.viewerIsManager, managerName: view.managerName };
  return (
    <div className="page">
      <p>
        <Link to={`/teams/${view.team.id}`}>← {view.team.name}</Link>
      </p>
      <h1>Self vs team: {view.team.name}</h1>
      <p>
        The manager answers the team&apos;s questions from their side each wave. Each dimension is compared on its score from 1 to 7, with its direction next to it (for
        forecast-honesty pressure, higher is worse); each item on agreement with the team&apos;s wording, from 1 (strongly disagree) to 7 (strongly agree), with whether agreeing is
        the better or the worse answer. A difference inside the team&apos;s 95% interval is <em>no clear gap</em>. A <strong>blind spot</strong> is a clear gap where the manager
        sees things as better than the team does; a <strong>hidden strength</strong> is the opposite. Every reading says in words what differs.
      </p>
      {!view.wave ? (
        <Notice>No wave has closed for this team yet. The gap appears when the team&apos;s first pulse closes.</Notice>
      ) : gap?.status === "hidden" ? (
        <Notice tone="warning">
          {view.wave.programName}, {formatDate(view.wave.periodStart)}: {gap.reason}
        </Notice>
      ) : gap ? (
        <>
          <p className="muted">
            {view.wave.programName}, wave of {formatDate(view.wave.periodStart)} · {gap.n} answers from the team ·{" "}
            {view.answeredByManager ? `self-assessment by ${view.managerName}` : "the manager did not answer the self-assessment"}
          </p>
          <div className="grid-2">
            <section className="card" aria-labelledby="blind">
              <h2 id="blind">Largest blind spots</h2>
              {gap.blindSpots.length === 0 ? (
                <p className="muted">None: no item where the manager clearly sees the team more favourably than it sees itself.</p>
              ) : (
                <Largest rows={gap.blindSpots} audience={audience} />
              )}
            </section>
            <section className="card" aria-labelledby="hidden">
              <h2 id="hidden">Largest hidden strengths</h2>
              {gap.hiddenStrengths.length === 0 ? <p className="muted">None this wave.</p> : <Largest rows={gap.hiddenStrengths} audience={audience} />}
            </section>
          </div>
          <DumbbellChart
            title={`How ${view.managerName ?? "the manager"} sees the team, and how the team sees itself`}
            rows={gap.dimensions.map((d) => {
              const words = describeGap(toRead(d, "dimension"), audience);
              return {
                key: d.key,
                label: d.label,
                direction: dimensionDirection(d.higherIsBetter),
                managerScore: d.managerScore,
                teamMean: d.teamMean,
                ciLow: d.ciLow,
                ciHigh: d.ciHigh,
                reading: words.category,
                readingInWords: words.sentence,
              };
            })}
          />
          <DimensionTable rows={gap.dimensions} audience={audience} />
          <ItemTable rows={gap.items} audience={audience} />
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
                      {formatDate(t.periodStart)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.dimensions.map((d) => (
                  <tr key={d.key}>
                    <th scope="row">{withDirection(d.name, d.higherIsBetter)}</th>
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
