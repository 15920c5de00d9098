import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/guards.server";
import { AudienceChangesNote } from "~/components/audience-changes-note";
import { dimensionBars, ScoreBars } from "~/components/charts/score-bars";
import { ROLE_LABELS } from "~/domain/roles";
import { getHome } from "~/services/home.server";

export const meta: MetaFunction = () => [{ title: "Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  return { home: user ? await getHome(context.app, user) : null };
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: "UTC" });

function PulseList({
  pulses,
}: {
  pulses: Array<{ waveId: string; programName: string; teamName: string; periodStart: string; closesAt: Date | string; open: boolean; answered: boolean }>;
}) {
  if (pulses.length === 0) return null;
  const open = pulses.filter((p) => p.open);
  const past = pulses.filter((p) => !p.open);
  return (
    <section className="card" aria-labelledby="pulses">
      <h2 id="pulses">Your pulses</h2>
      {open.length === 0 ? <p className="muted">No pulse is open for you right now.</p> : null}
      <ul className="tree-list">
        {open.map((p) => (
          <li key={p.waveId}>
            <Link to={`/pulses/${p.waveId}`}>{p.programName}</Link> <span className="badge badge--open">Open</span>{" "}
            <span className="muted">
              · {p.teamName} · until {dateFormat.format(new Date(new Date(p.closesAt).getTime() - 1))} · {p.answered ? "you answered (you can change it)" : "not answered yet"}
            </span>
          </li>
        ))}
      </ul>
      {past.length > 0 ? (
        <details>
          <summary>Earlier pulses ({past.length})</summary>
          <ul>
            {past.map((p) => (
              <li key={p.waveId}>
                {p.programName}, {p.periodStart}: {p.answered ? "you answered" : "you did not answer"}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function SelfAssessmentList({
  items,
}: {
  items: Array<{ waveId: string; teamId: string; teamName: string; programName: string; closesAt: Date | string; open: boolean; answered: boolean }>;
}) {
  const open = items.filter((i) => i.open);
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="self">
      <h2 id="self">Your self-assessments</h2>
      {open.length === 0 ? <p className="muted">None is open right now.</p> : null}
      <ul className="tree-list">
        {open.map((i) => (
          <li key={`${i.waveId}-${i.teamId}`}>
            <Link to={`/self-assessments/${i.waveId}/${i.teamId}`}>
              {i.teamName}: {i.programName}
            </Link>{" "}
            <span className="muted">
              · until {dateFormat.format(new Date(new Date(i.closesAt).getTime() - 1))} · {i.answered ? "answered (you can change it)" : "not answered yet"}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function Home() {
  const { home } = useLoaderData<typeof loader>();
  if (!home) {
    return (
      <div className="page page--narrow">
        <h1>Candor</h1>
        <p>
          Culture and coaching for sales teams. Reps answer short anonymous pulses, managers see how their view of the team compares with the team&apos;s own, and results are
          linked to pipeline and win rate.
        </p>
        <p>
          <Link className="button" to="/login">
            Sign in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Hello, {home.name.split(" ")[0]}</h1>
      <p className="muted">
        {ROLE_LABELS[home.role]} at {home.organisationName}
      </p>
      <PulseList pulses={home.pulses} />
      <SelfAssessmentList items={home.selfAssessments} />
      {home.role === "rep" ? (
        <section className="card" aria-labelledby="team-results">
          <h2 id="team-results">Your team&apos;s results</h2>
          {!home.myTeam ? (
            <p className="muted">Your team&apos;s results appear here once a pulse has closed and enough of the team answered to keep everyone anonymous.</p>
          ) : (
            <>
              <p className="muted">
                {home.myTeam.team.name}, {home.myTeam.wave!.programName}, closed {home.myTeam.wave!.closedOn}
                {home.myTeam.responses.n !== null ? ` · ${home.myTeam.responses.n} answers` : ""}
              </p>
              <AudienceChangesNote changes={home.myTeamAudienceChanges} />
              {home.myTeam.dimensions.every((d) => d.score.mean === null) ? (
                <p>Too few people of your team answered this time, so its results stay hidden to protect everyone&apos;s anonymity.</p>
              ) : (
                <ScoreBars title={`${home.myTeam.team.name}: how the team sees itself`} rows={dimensionBars(home.myTeam.dimensions)} />
              )}
              {home.myTeam.comments.shown && home.myTeam.comments.list.length > 0 ? (
                <details>
                  <summary>What the team said ({home.myTeam.comments.list.length})</summary>
                  <ul className="comments">
                    {home.myTeam.comments.list.map((c, i) => (
                      <li key={i}>
                        <blockquote>{c.text}</blockquote>
                        <span className="muted">{c.date}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </>
          )}
        </section>
      ) : null}
      {home.teams.length > 0 ? (
        <section className="card" aria-labelledby="your-teams">
          <h2 id="your-teams">{home.role === "manager" ? "Your teams" : "Teams"}</h2>
          <ul className="tree-list">
            {home.teams.map((team) => (
              <li key={team.id} style={{ paddingInlineStart: `${team.depth * 1.25}rem` }}>
                <Link to={`/teams/${team.id}`}>{team.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {home.role === "admin" ? (
        <section className="card" aria-labelledby="admin-tasks">
          <h2 id="admin-tasks">Administration</h2>
          <ul>
            <li>
              <Link to="/admin/people">Invite and manage people</Link>
            </li>
            <li>
              <Link to="/admin/roster">Import a roster file</Link>
            </li>
            <li>
              <Link to="/admin/teams">Arrange the team tree</Link>
            </li>
            <li>
              <Link to="/admin/settings">Anonymity thresholds and fiscal year</Link>
            </li>
            <li>
              <Link to="/admin/crm">Upload CRM data</Link>
            </li>
            <li>
              <Link to="/admin/api-tokens">API tokens for BI tools</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}
