import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { dimensionBars, ScoreBars } from "~/components/charts/score-bars";
import { TrendChart } from "~/components/charts/trend-chart";
import { Notice } from "~/components/forms";
import type { Role } from "~/domain/roles";
import { ROLE_KEYS } from "~/components/app-shell";
import { AudienceChangesNote } from "~/components/audience-changes-note";
import { getTeamPage } from "~/services/team-page.server";
import { TableWrap } from "~/components/table-wrap";
import { WonSplitBars } from "~/components/charts/won-split";
import { playsByReason, SANDBAG_UPSIDE_SHARE } from "~/domain/recommendations";
import { agreementDirection, agreementOf } from "~/domain/reading";
import { requestLocale } from "~/services/locale.server";
import { useI18n } from "~/i18n/react";
import { useChartFormats } from "~/components/charts/formats";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { language?: { messages?: Record<string, string> } } | undefined;
  const frame = root?.language?.messages?.["meta.pageTitle"] ?? "{page} · Candor";
  return [{ title: frame.replace("{page}", data?.overview.team.name ?? root?.language?.messages?.["team.title"] ?? "Team") }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getTeamPage(context.app, user, params.teamId ?? "", await requestLocale(context, request));
}

export default function TeamPage() {
  const { overview, results, crm, plays, audienceChanges, canSeeGap } = useLoaderData<typeof loader>();
  const { team, subTeams, members } = overview;
  const f = useChartFormats();
  const { t, say } = f;
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/teams">{t("team.backToTeams")}</Link>
      </p>
      <h1>{team.name}</h1>
      <p className="muted">
        {team.managerName ? t("team.managedBy", { name: team.managerName }) : t("team.noManager")}
        {team.parentName ? ` · ${t("team.inside", { name: team.parentName })}` : ""}
      </p>
      {canSeeGap ? (
        <p className="no-print">
          <Link to={`/teams/${team.id}/gap`}>{t("team.gapLink")}</Link> · <Link to={`/teams/${team.id}/guide`}>{t("team.guideLink")}</Link>
        </p>
      ) : null}
      {!results.wave ? (
        <Notice>{t("team.noWave")}</Notice>
      ) : (
        <>
          <section aria-labelledby="latest">
            <h2 id="latest">{t("team.waveHeading", { program: results.wave.programName, date: f.date(results.wave.periodStart) })}</h2>
            <AudienceChangesNote changes={audienceChanges} />
            <div className="stats">
              <p>
                <span className="stats__value">{results.responses.rate !== null ? f.percent(results.responses.rate) : f.hidden}</span>
                <span className="stats__label">
                  {results.responses.n !== null
                    ? t("team.responseRateOf", { n: f.count(results.responses.n), invited: f.count(results.responses.invited) })
                    : t("team.responseRate")}
                </span>
              </p>
              <p>
                <span className="stats__value">{results.enps.value !== null ? f.signed(results.enps.value, 0) : f.hidden}</span>
                <span className="stats__label">{results.enps.n !== null ? t("team.enpsAnswers", { n: results.enps.n }) : t("team.enps")}</span>
              </p>
            </div>
            <ScoreBars
              title={
                results.previousWave
                  ? t("team.scoresTitleChange", { team: team.name, date: f.date(results.wave.periodStart), previous: f.date(results.previousWave.periodStart) })
                  : t("team.scoresTitle", { team: team.name, date: f.date(results.wave.periodStart) })
              }
              rows={dimensionBars(results.dimensions)}
            />
            <p className="muted">
              {t("team.changesNote", {
                changes:
                  results.dimensions
                    .filter((d) => d.change)
                    .map((d) => t("team.changeOf", { name: d.name, change: f.scoreChange(d.change!.diff), interval: f.interval(d.change!.ciLow, d.change!.ciHigh, f.scoreChange) }))
                    .join("; ") || t("team.noChangeYet"),
              })}
            </p>
          </section>
          {plays ? <PlaysToTry recommendations={plays.recommendations} teamName={team.name} /> : null}
          {results.trend.length > 0 && results.trend[0]!.points.length > 1 ? (
            <TrendChart
              title={t("team.trendTitle", { team: team.name })}
              series={results.trend.map((s) => ({
                key: s.key,
                label: f.withDirection(s.name, results.dimensions.find((d) => d.key === s.key)?.higherIsBetter ?? true),
                points: s.points,
              }))}
            />
          ) : null}
          <details className="card">
            <summary>{t("team.itemByItem")}</summary>
            <ItemTable items={results.items} dimensions={results.dimensions} />
            {results.notAsked.length > 0 ? (
              <p className="muted" data-testid="not-asked">
                {t("team.notAsked", { items: results.notAsked.map((i) => i.text).join(" · ") })}
              </p>
            ) : null}
          </details>
          <section className="card" aria-labelledby="comments">
            <h2 id="comments">{t("team.commentsHeading")}</h2>
            {results.comments.deleted ? (
              <p className="muted">{say(results.comments.deleted)}</p>
            ) : results.comments.shown ? (
              results.comments.list.length === 0 ? (
                <p className="muted">{t("team.noComments")}</p>
              ) : (
                <ul className="comments">
                  {results.comments.list.map((c, i) => (
                    <li key={i}>
                      <blockquote>{c.text}</blockquote>
                      <span className="muted">{f.date(c.date)}</span>
                    </li>
                  ))}
                </ul>
              )
            ) : (
              <p className="muted">{t("team.commentsMinimum", { minimum: results.comments.minimum })}</p>
            )}
            <p className="muted">{t("team.commentsOrder")}</p>
            {results.comments.shown && results.comments.list.length > 0 ? (
              <p>
                <Link to={`/teams/${team.id}/conversations`}>{t("team.replyLink")}</Link>
              </p>
            ) : null}
            {results.comments.shown ? (
              <p className="no-print">
                <Link to={`/teams/${team.id}/themes`}>{t("team.themesLink")}</Link>
              </p>
            ) : null}
          </section>
        </>
      )}
      <CrmSideBySide crm={crm} teamName={team.name} />
      {subTeams.length > 0 ? (
        <section className="card" aria-labelledby="subteams">
          <h2 id="subteams">{t("team.subTeams", { team: team.name })}</h2>
          <ul>
            {subTeams.map((sub) => (
              <li key={sub.id}>
                <Link to={`/teams/${sub.id}`}>{sub.name}</Link> <span className="muted">· {t("team.memberCount", { count: sub.memberCount })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <details className="card">
        <summary>{t("team.members", { count: members.length })}</summary>
        {members.length === 0 ? (
          <p className="muted">{t("team.noMembers")}</p>
        ) : (
          <ul>
            {members.map((m) => (
              <li key={m.id}>
                {m.name} <span className="muted">· {t(ROLE_KEYS[m.role as Role])}</span>
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
  const f = useChartFormats();
  const { t } = f;
  return (
    <>
      <TableWrap label={t("team.items.caption")}>
        <table>
          <caption className="visually-hidden">{t("team.items.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("team.items.item")}</th>
              <th scope="col" className="num">
                {t("team.items.agreement")}
              </th>
              <th scope="col" className="num">
                {t("chart.col.interval")}
              </th>
              <th scope="col" className="num">
                {t("chart.col.answers")}
              </th>
              <th scope="col" className="num">
                {t("team.items.change")}
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
                    {i.score.hidden ? f.hidden : f.score(agreement.mean)}
                    <br />
                    <span className="muted direction">{f.direction(direction)}</span>
                  </td>
                  <td className="num">{f.interval(agreement.ciLow, agreement.ciHigh)}</td>
                  <td className="num">{f.count(i.score.n)}</td>
                  <td className="num">
                    {i.lastAsked?.change
                      ? // Agreement with the wording: a reverse-keyed item's scored change turned round too.
                        t("team.items.changeSince", {
                          change: f.scoreChange(i.reverseKeyed ? -i.lastAsked.change.diff : i.lastAsked.change.diff),
                          date: f.date(i.lastAsked.periodStart),
                        })
                      : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted">{t("team.items.note")}</p>
    </>
  );
}

/** The playbook's plays for this team's signals, each with the reason in one sentence (both said in the page's language). */
function PlaysToTry({ recommendations, teamName }: { recommendations: Array<{ playId: string; titleSaid: string; said: string }>; teamName: string }) {
  const { t, rich, say } = useI18n();
  const playbook = (chunks: Array<string | ReactNode>) => (
    <Link key="playbook" to="/playbook">
      {chunks}
    </Link>
  );
  return (
    <section className="card" aria-labelledby="plays">
      <h2 id="plays">{t("team.plays.heading")}</h2>
      {recommendations.length === 0 ? (
        <p className="muted">{rich<ReactNode>("team.plays.none", { team: teamName, link: playbook })}</p>
      ) : (
        <>
          <ul className="play-recommendations">
            {playsByReason(recommendations.map((r) => ({ playId: r.playId, title: r.titleSaid, reason: r.said }))).map((g) => (
              <li key={g.reason}>
                <span className="muted">{t("team.plays.why", { reason: say(g.reason) })}</span>
                <ul>
                  {g.plays.map((r) => (
                    <li key={r.playId}>
                      <Link to={`/playbook/${r.playId}`}>{say(r.title)}</Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <p className="muted">{rich<ReactNode>("team.plays.from", { link: playbook })}</p>
        </>
      )}
    </section>
  );
}

/** The team's sales results over the same quarters as its culture results, from the CRM snapshots. */
function CrmSideBySide({ crm, teamName }: { crm: { currency: string; snapshots: number; rows: Array<Record<string, number | string | null>> }; teamName: string }) {
  const f = useChartFormats();
  const { t } = f;
  const money = f.money;
  const share = (v: number | null) => f.percent(v);
  const pct = share;
  return (
    <section className="card" aria-labelledby="crm">
      <h2 id="crm">{t("team.crm.heading")}</h2>
      {crm.rows.length === 0 ? (
        <p className="muted">{t("team.crm.none", { team: teamName })}</p>
      ) : (
        <>
          <TableWrap label={t("team.crm.caption", { team: teamName })}>
            <table>
              <caption className="visually-hidden">{t("team.crm.caption", { team: teamName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("chart.won.col.period")}</th>
                  <th scope="col" className="num">
                    {t("team.crm.winRate")}
                  </th>
                  <th scope="col" className="num">
                    {t("team.crm.wonLost")}
                  </th>
                  <th scope="col" className="num">
                    {t("team.crm.pipelineCreated")}
                  </th>
                  <th scope="col" className="num">
                    {t("team.crm.stale")}
                  </th>
                  <th scope="col" className="num">
                    {t("team.crm.slipped")}
                  </th>
                  <th scope="col" className="num">
                    {t("chart.won.col.commit")}
                  </th>
                  <th scope="col" className="num">
                    {t("team.crm.known")}
                  </th>
                  <th scope="col" className="num">
                    {t("team.crm.new")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {crm.rows.map((r) => (
                  <tr key={String(r.period)}>
                    <th scope="row">{f.date(String(r.period))}</th>
                    <td className="num">{share(r.winRate as number | null)}</td>
                    <td className="num">
                      {f.count(r.wonCount as number | null)} / {f.count(r.lostCount as number | null)}
                    </td>
                    <td className="num">
                      {f.count(r.pipelineCreatedCount as number | null)} ({money(Number(r.pipelineCreatedAmount), crm.currency)})
                    </td>
                    <td className="num">{share(r.staleShare as number | null)}</td>
                    <td className="num">{f.count(r.slippedCount as number | null)}</td>
                    <td className="num">
                      {r.commitAccuracy === null ? "—" : t("chart.won.commitOf", { share: pct(r.commitAccuracy as number), amount: money(Number(r.commitAmount), crm.currency) })}
                    </td>
                    <td className="num">{r.knownUpsideShare === null ? "—" : `${pct(r.knownUpsideShare as number)} (${money(Number(r.knownUpsideAmount), crm.currency)})`}</td>
                    <td className="num">{r.newInPeriodShare === null ? "—" : `${pct(r.newInPeriodShare as number)} (${money(Number(r.newInPeriodWonAmount), crm.currency)})`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <WonSplitBars
            title={t("team.crm.wonTitle", { team: teamName })}
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
          <p className="muted">{t("team.crm.note", { snapshots: crm.snapshots })}</p>
        </>
      )}
    </section>
  );
}
