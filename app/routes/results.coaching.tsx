import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { Notice } from "~/components/forms";
import { getCoachingPriorities, loadCoachingInputs } from "~/services/coaching.server";
import { formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { playsByReason } from "~/domain/recommendations";
import { getOrgRecommendations } from "~/services/recommendations.server";
import { requestLocale } from "~/services/locale.server";
import { saidWithDimensionIn } from "~/services/dimension-names.server";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "coaching.title", "Coaching priorities");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  // Both are computed from the same heatmap, gaps and CRM metrics: read once.
  const inputs = await loadCoachingInputs(context.app, user);
  const [view, recommendations, locale] = await Promise.all([
    getCoachingPriorities(context.app, user, inputs),
    getOrgRecommendations(context.app, user, inputs),
    requestLocale(context, request),
  ]);
  // The reasons' dimension names in the page's language (the domain says them with English names).
  const inLanguage = saidWithDimensionIn(locale);
  return {
    view: {
      ...view,
      priorities: view.priorities.map((p) => ({
        ...p,
        reasons: p.reasons.map((r) => ({ ...r, saidBadge: inLanguage(r.saidBadge, r.dimension), said: inLanguage(r.said, r.dimension) })),
      })),
    },
    playTeamNames: Object.fromEntries(recommendations.teams.map((t) => [t.teamId, t.teamName])),
    // Each team's plays grouped by the reason they answer, so that a reason is said once; the reasons and
    // Candor's plays' titles said in the page's language.
    plays: Object.fromEntries(
      recommendations.teams
        .filter((t) => t.recommendations.length > 0)
        .map((t) => [t.teamId, playsByReason(t.recommendations.map((r) => ({ playId: r.playId, playTitle: r.titleSaid, reason: inLanguage(r.said, r.dimension) })))]),
    ),
  };
}

type PlayGroups = Array<{ reason: string; plays: Array<{ playId: string; playTitle: string }> }>;

/** A team's plays, each reason once with the plays that answer it. */
function PlayList({ groups }: { groups: PlayGroups }) {
  const { say } = useI18n();
  return (
    <ul className="play-recommendations">
      {groups.map((g) => (
        <li key={g.reason}>
          <span className="muted">{say(g.reason)}</span>
          <ul>
            {g.plays.map((r) => (
              <li key={r.playId}>
                <Link to={`/playbook/${r.playId}`}>{say(r.playTitle)}</Link>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

export default function Coaching() {
  const { view, plays, playTeamNames } = useLoaderData<typeof loader>();
  const { t, say, locale } = useI18n();
  const f = formatsFor(locale);
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">{t("results.back")}</Link>
      </p>
      <h1>{t("coaching.title")}</h1>
      {!view.wave ? (
        <Notice>{t("coaching.noWave")}</Notice>
      ) : (
        <>
          <p>
            {view.crmPeriod
              ? t("coaching.fromWithCrm", { program: view.wave.programName, period: f.date(view.wave.periodStart), quarter: f.date(view.crmPeriod) })
              : t("coaching.fromNoCrm", { program: view.wave.programName, period: f.date(view.wave.periodStart) })}{" "}
            {t("coaching.considered", { count: view.teamsConsidered })}
          </p>
          {view.priorities.length === 0 ? (
            <Notice>{t("coaching.none")}</Notice>
          ) : (
            <ol className="priority-list">
              {view.priorities.map((p) => (
                <li key={p.teamId} className="card">
                  <h2 className="priority-list__team">
                    <Link to={`/teams/${p.teamId}`}>{p.teamName}</Link> <span className="muted">· {t("coaching.signals", { count: p.reasons.length })}</span>
                  </h2>
                  <ul>
                    {p.reasons.map((r, i) => (
                      <li key={i}>
                        <span className={`badge badge--${r.tone}`}>{say(r.saidBadge)}</span> {say(r.said)}
                      </li>
                    ))}
                  </ul>
                  {plays[p.teamId]?.length ? (
                    <>
                      <h3 className="priority-list__plays">{t("coaching.plays")}</h3>
                      <PlayList groups={plays[p.teamId]!} />
                    </>
                  ) : null}
                  <p className="no-print">
                    <Link to={`/teams/${p.teamId}/guide`}>{t("coaching.guide")}</Link>
                  </p>
                </li>
              ))}
            </ol>
          )}
          <OtherTeamsWithPlays teams={view.priorities.map((p) => p.teamId)} plays={plays} names={playTeamNames} />
        </>
      )}
    </div>
  );
}

/** Teams that are no coaching priority but whose sales results still call for a play (such as stale pipeline). */
function OtherTeamsWithPlays({ teams, plays, names }: { teams: string[]; plays: Record<string, PlayGroups>; names: Record<string, string> }) {
  const { t } = useI18n();
  const listed = new Set(teams);
  const others = Object.keys(plays).filter((id) => !listed.has(id));
  if (others.length === 0) return null;
  return (
    <section className="card" aria-labelledby="other-plays">
      <h2 id="other-plays">{t("coaching.otherPlays")}</h2>
      <ul className="play-recommendations">
        {others.map((id) => (
          <li key={id}>
            <Link to={`/teams/${id}`}>{names[id]}</Link>
            <PlayList groups={plays[id]!} />
          </li>
        ))}
      </ul>
    </section>
  );
}
