// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { dimensionBars, ScoreBars } from "~/components/charts/score-bars";
import { TrendChart } from "~/components/charts/trend-chart";
import { Notice } from "~/components/forms";
import { ROLE_LABELS, type Role } from "~/domain/roles";
import { AudienceChangesNote } from "~/components/audience-changes-note";
import { getTeamPage } from "~/services/team-page.server";
import { TableWrap } from "~/components/table-wrap";
import { WonSplitBars } from "~/components/charts/won-split";
import { playsByReason, SANDBAG_UPSIDE_SHARE } from "~/domain/recommendations";
import { formatDate, formatInterval, formatMoney, formatPercent, formatScore, formatScoreChange, formatSigned } from "~/domain/format";
import { agreementDirection, agreementOf, withDirection } from "~/domain/reading";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.overview.team.name ?? "Team"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getTeamPage(context.app, user, params.teamId ?? "");
}

export default function TeamPage() {
  const { overview, results, crm, plays, audienceChanges, canSeeGap } = useLoaderData<typeof loader>();
  const { team, subTeams, members } = overview;
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/teams">← Teams</Link>
      </p>
      <h1>{team.name}</h1>
      <p className="muted">
        {team.managerName ? `Managed by ${team.managerName}` : "No manager"}
        {team.parentName ? ` · inside ${team.parentName}` : ""}
      </p>
      {canSeeGap ? (
        <p className="no-print">
          <Link to={`/teams/${team.id}/gap`}>Self vs team: the manager&apos;s view against the team&apos;s</Link> ·{" "}
          <Link to={`/teams/${team.id}/guide`}>Conversation guide and action plan</Link>
        </p>
      ) : null}
      {!results.wave ? (
        <Notice>No wave has closed for this team yet. Results appear here when the team&apos;s first pulse closes.</Notice>
      ) : (
        <>
          <section aria-labelledby="latest">
            <h2 id="latest">
              {results.wave.programName}, wave of {formatDate(results.wave.periodStart)}
            </h2>
            <AudienceChangesNote changes={audienceChanges} />
            <div className="stats">
              <p>
                <span className="stats__value">{results.responses.rate !== null ? formatPercent(results.responses.rate) : "hidden"}</span>
                <span className="stats__label">response rate{results.responses.n !== null ? ` (${results.responses.n} of ${results.responses.invited})` : ""}</span>
              </p>
              <p>
                <span className="stats__value">{results.enps.value !== null ? formatSigned(results.enps.value, 0) : "hidden"}</span>
                <span className="stats__label">eNPS (−100 to +100){results.enps.n !== null ? `, ${results.enps.n} answers` : ""}</span>
              </p>
            </div>
            <ScoreBars
              title={`Scores in ${team.name}, ${formatDate(results.wave.periodStart)}${results.previousWave ? ` (change since ${formatDate(results.previousWave.periodStart)})` : ""}`}
              rows={dimensionBars(results.dimensions)}
            />
            <p className="muted">
              Forecast-honesty pressure: higher means more pressure to sandbag. A change is only clear when its 95% interval leaves out zero:{" "}
              {results.dimensions
                .filter((d) => d.change)
                .map((d) => `${d.name} ${formatScoreChange(d.change!.diff)} (${formatInterval(d.change!.ciLow, d.change!.ciHigh, formatScoreChange)})`)
                .join("; ") || "no change to compare yet"}
              .
            </p>
          </section>
          {plays ? <PlaysToTry recommendations={plays.recommendations} teamName={team.name} /> : null}
          {results.trend.length > 0 && results.trend[0]!.points.length > 1 ? (
            <TrendChart
              title={`${team.name} over the last waves`}
              series={results.trend.map((t) => ({
                key: t.key,
                label: withDirection(t.name, results.dimensions.find((d) => d.key === t.key)?.higherIsBetter ?? true),
                points: t.points,
              }))}
            />
          ) : null}
          <details className="card">
            <summary>Item by item</summary>
            <ItemTable items={results.items} dimensions={results.dimensions} />
            {results.notAsked.length > 0 ? (
              <p className="muted" data-testid="not-asked">
                Not asked in this wave (the questions take turns from wave to wave): {results.notAsked.map((i) => i.text).join(" · ")}
              </p>
            ) : null}
          </details>
          <section className="card" aria-labelledby="comments">
            <h2 id="comments">What the team said</h2>
            {results.comments.deleted ? (
              <p className="muted">{results.comments.deleted}</p>
            ) : results.comments.shown ? (
              results.comments.list.length === 0 ? (
                <p className="muted">No comments this wave.</p>
              ) : (
                <ul className="comments">
                  {results.comments.list.map((c, i) => (
                    <li key={i}>
                      <blockquote>{c.text}</blockquote>
                      <span className="muted">{formatDate(c.date)}</span>
                    </li>
                  ))}
                </ul>
              )
            ) : (
              <p className="muted">Comments are shown only when at least {results.comments.minimum} people of the team answered.</p>
            )}
            <p className="muted">Shown in random order, dated the day the pulse closed.</p>
            {results.comments.shown && results.comments.list.length > 0 ? (
              <p>
                <Link to={`/teams/${team.id}/conversations`}>Reply to comments, anonymously for their authors</Link>
              </p>
            ) : null}
            {results.comments.shown ? (
              <p className="no-print">
                <Link to={`/teams/${team.id}/themes`}>What the comments are about: themes and their trend</Link>
              </p>
            ) : null}
          </section>
        </>
      )}
      <CrmSideBySide crm={crm} teamName={team.name} />
      {subTeams.length > 0 ? (
        <section className="card" aria-labelledby="subteams">
          <h2 id="subteams">Teams inside {team.name}</h2>
          <ul>
            {subTeams.map((t) => (
              <li key={t.id}>
                <Link to={`/teams/${t.id}`}>{t.name}</Link> <span className="muted">· {t.memberCount} members</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <details className="card">
        <summary>Members ({members.length})</summary>
        {members.length === 0 ? (
          <p className="muted">Nobody is in this team yet.</p>
        ) : (
          <ul>
            {members.map((m) => (
              <li key={m.id}>
                {m.name} <span className="muted">· {ROLE_LABELS[m.role as Role]}</span>
              </li>
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}

/**
 * Each item as agreement with its own wording, with which way is better: a reverse-keyed item ("…it counts
 * against them afterwards") is never shown with its turned-round score under its negative wording (ADR 033).
 */
function ItemTable({
  items,
  dimensions,
}: {
  items: Array<{
    code: string;
    text: string;
    dimensionKey: string;
    reverseKeyed: boolean;
    score: { mean: number | null; ciLow: number | null; ciHigh: number | null; n: number | null; hidden: string | null };
    lastAsked: { periodStart: string; change: { diff: number } | null } | null;
  }>;
  dimensions: Array<{ key: string; higherIsBetter: boolean }>;
}) {
  const higherIsBetter = new Map(dimensions.map((d) => [d.key, d.higherIsBetter]));
  return (
    <>
      <TableWrap label="Agreement per item, latest wave">
        <table>
          <caption className="visually-hidden">Agreement per item, latest wave</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Agreement (1–7)
              </th>
              <th scope="col" className="num">
                95% interval
              </th>
              <th scope="col" className="num">
                Answers
              </th>
              <th scope="col" className="num">
                Change since last asked
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const agreement = agreementOf(i.score, i.reverseKeyed);
              const direction = agreementDirection(i.reverseKeyed, higherIsBetter.get(i.dimensionKey) ?? true);
              return (
                <tr key={i.code}>
                  <th scope="row">{i.text}</th>
                  <td className="num">
                    {i.score.hidden ? "hidden" : formatScore(agreement.mean)}
                    <br />
                    <span className="muted direction">{direction}</span>
                  </td>
                  <td className="num">{formatInterval(agreement.ciLow, agreement.ciHigh)}</td>
                  <td className="num">{i.score.n ?? "—"}</td>
                  <td className="num">
                    {i.lastAsked?.change
                      ? // Agreement with the wording: a reverse-keyed item's scored change turned round too.
                        `${formatScoreChange(i.reverseKeyed ? -i.lastAsked.change.diff : i.lastAsked.change.diff)} since ${formatDate(i.lastAsked.periodStart)}`
                      : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted">
        Each item shows how much the team agrees with its wording, from 1 (strongly disagree) to 7 (strongly agree). For some items agreeing is the better answer; for others, such
        as &ldquo;it counts against them afterwards&rdquo;, disagreeing is: each number says which way is better. The scores by dimension above turn those items round, so that each
        dimension runs one way, said next to it (higher is better; for forecast-honesty pressure, higher is worse).
      </p>
    </>
  );
}

/** The playbook's plays for this team's signals, each with the reason in one sentence. */
function PlaysToTry({ recommendations, teamName }: { recommendations: Array<{ playId: string; playTitle: string; reason: string }>; teamName: string }) {
  return (
    <section className="card" aria-labelledby="plays">
      <h2 id="plays">Plays to try</h2>
      {recommendations.length === 0 ? (
        <p className="muted">
          Nothing in {teamName}&apos;s shown results or CRM data calls for a particular play now. Browse the <Link to="/playbook">playbook</Link> for ideas.
        </p>
      ) : (
        <>
          <ul className="play-recommendations">
            {playsByReason(recommendations).map((g) => (
              <li key={g.reason}>
                <span className="muted">Why: {g.reason}</span>
                <ul>
                  {g.plays.map((r) => (
                    <li key={r.playId}>
                      <Link to={`/playbook/${r.playId}`}>{r.playTitle}</Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <p className="muted">
            From the latest scores (hidden scores give no signal), the manager&apos;s self-assessment gap and the sales results. All plays are in the{" "}
            <Link to="/playbook">playbook</Link>.
          </p>
        </>
      )}
    </section>
  );
}

const money = formatMoney;
const share = formatPercent;
const pct = formatPercent;

/** The team's sales results over the same quarters as its culture results, from the CRM snapshots. */
function CrmSideBySide({ crm, teamName }: { crm: { currency: string; snapshots: number; rows: Array<Record<string, number | string | null>> }; teamName: string }) {
  return (
    <section className="card" aria-labelledby="crm">
      <h2 id="crm">Sales results</h2>
      {crm.rows.length === 0 ? (
        <p className="muted">No CRM data for {teamName} yet. An admin can upload an export on Admin → CRM data.</p>
      ) : (
        <>
          <TableWrap label={`Sales results of ${teamName} by quarter`}>
            <table>
              <caption className="visually-hidden">Sales results of {teamName} by quarter</caption>
              <thead>
                <tr>
                  <th scope="col">Quarter from</th>
                  <th scope="col" className="num">
                    Win rate
                  </th>
                  <th scope="col" className="num">
                    Won / lost
                  </th>
                  <th scope="col" className="num">
                    Pipeline created
                  </th>
                  <th scope="col" className="num">
                    Stale pipeline
                  </th>
                  <th scope="col" className="num">
                    Slipped deals
                  </th>
                  <th scope="col" className="num">
                    Commit won
                  </th>
                  <th scope="col" className="num">
                    Won from known deals not in Commit
                  </th>
                  <th scope="col" className="num">
                    Won from deals new this quarter
                  </th>
                </tr>
              </thead>
              <tbody>
                {crm.rows.map((r) => (
                  <tr key={String(r.period)}>
                    <th scope="row">{formatDate(String(r.period))}</th>
                    <td className="num">{share(r.winRate as number | null)}</td>
                    <td className="num">
                      {r.wonCount} / {r.lostCount}
                    </td>
                    <td className="num">
                      {r.pipelineCreatedCount} ({money(Number(r.pipelineCreatedAmount), crm.currency)})
                    </td>
                    <td className="num">{share(r.staleShare as number | null)}</td>
                    <td className="num">{r.slippedCount}</td>
                    <td className="num">{r.commitAccuracy === null ? "—" : `${pct(r.commitAccuracy as number)} of ${money(Number(r.commitAmount), crm.currency)}`}</td>
                    <td className="num">{r.knownUpsideShare === null ? "—" : `${pct(r.knownUpsideShare as number)} (${money(Number(r.knownUpsideAmount), crm.currency)})`}</td>
                    <td className="num">{r.newInPeriodShare === null ? "—" : `${pct(r.newInPeriodShare as number)} (${money(Number(r.newInPeriodWonAmount), crm.currency)})`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <WonSplitBars
            title={`Where ${teamName}'s wins came from`}
            sandbagLine={SANDBAG_UPSIDE_SHARE}
            money={(v) => money(v, crm.currency)}
            rows={crm.rows.map((r) => ({
              period: String(r.period),
              wonCount: Number(r.wonCount),
              wonAmount: Number(r.wonAmount),
              knownUpsideShare: r.knownUpsideShare as number | null,
              newInPeriodShare: r.newInPeriodShare as number | null,
              commitAccuracy: r.commitAccuracy as number | null,
              commitAmount: r.commitAmount as number | null,
            }))}
          />
          <p className="muted">
            Deals count for the team their owner was in when the deal closed (created, for pipeline). Stale: open deals with no activity for 14 days or more. Commit won: of the
            deals in Commit at the quarter&apos;s start, the share of their amount won in the quarter. Won from known deals not in Commit: the share of the quarter&apos;s won
            amount from deals already open at its start but left out of Commit (a high share, quarter after quarter, is what sandbagging looks like). Won from deals new this
            quarter: created and won inside the quarter, which short sales cycles give and which is not sandbagging. From {crm.snapshots} CRM snapshot
            {crm.snapshots === 1 ? "" : "s"}.
          </p>
        </>
      )}
    </section>
  );
}
