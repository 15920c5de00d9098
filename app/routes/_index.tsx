// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/guards.server";
import { AudienceChangesNote } from "~/components/audience-changes-note";
import { dimensionBars, ScoreBars } from "~/components/charts/score-bars";
import { Notice } from "~/components/forms";
import { formatDate, formatLastDay, formatPercent, formatScore, formatSigned } from "~/domain/format";
import { dimensionDirection, inSentence } from "~/domain/reading";
import { ROLE_LABELS } from "~/domain/roles";
import type { HealthStatus } from "~/services/home-admin.server";
import { getHome } from "~/services/home.server";
import { MyConversations } from "~/components/my-conversations";

export const meta: MetaFunction = () => [{ title: "Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  return { home: user ? await getHome(context.app, user) : null };
}

/** The home data as the page receives it (dates as strings). */
type HomeView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["home"]>;
type DimensionScore = NonNullable<HomeView["manager"]>["teams"][number]["dimensions"][number];

/** A calendar date (YYYY-MM-DD) as "6 December 2026". */
const day = (date: string) => formatDate(date);
/** The last day a wave is open: the day before it closes at midnight. */
const lastDay = (closesAt: Date | string) => formatLastDay(closesAt);
const score = (v: number) => formatScore(v);
const signed = (v: number, digits = 1) => formatSigned(v, digits);
const pct = (v: number) => formatPercent(v);

/**
 * One dimension's change in words, read with its direction: "Forecast-honesty pressure (higher is worse): 3.1 · rose 1.0
 * since the pulse of 7 Sep 2026 [Worse]"; a change whose 95% interval includes zero is "No clear change".
 */
function MovementLine({ d, since }: { d: DimensionScore; since: string | null }) {
  if (d.score.mean === null) {
    return (
      <li>
        <strong>{d.name}</strong>: hidden — {d.score.hidden ?? "no answers"}
      </li>
    );
  }
  const m = d.movement;
  return (
    <li>
      <strong>{d.name}</strong> <span className="muted">({dimensionDirection(d.higherIsBetter)})</span>: {score(d.score.mean)}
      {d.change && m ? (
        <>
          {" "}
          · {m.direction === "same" ? "no change" : `${d.change.diff > 0 ? "rose" : "fell"} ${formatScore(Math.abs(d.change.diff))}`}
          {since ? ` since the pulse of ${day(since)}` : ""}{" "}
          {m.direction === "same" ? null : m.clear ? (
            <span className={`badge badge--${m.direction === "better" ? "good" : "bad"}`}>{m.direction === "better" ? "Better" : "Worse"}</span>
          ) : (
            <span className="badge badge--neutral">No clear change</span>
          )}
        </>
      ) : (
        <span className="muted"> · no earlier pulse to compare with</span>
      )}
    </li>
  );
}

function ManagerDashboard({ manager }: { manager: NonNullable<HomeView["manager"]> }) {
  return (
    <>
      {manager.nextStep ? (
        <section className="card" aria-labelledby="next-step">
          <h2 id="next-step">Your next step</h2>
          <p>{manager.nextStep.text}</p>
          <p>
            <Link className="button" to={manager.nextStep.href}>
              {manager.nextStep.label}
            </Link>
          </p>
        </section>
      ) : null}
      {manager.teams.map((t) => (
        <section className="card" aria-labelledby={`team-${t.team.id}`} key={t.team.id}>
          <h2 id={`team-${t.team.id}`}>{t.team.name}: latest results</h2>
          {!t.wave ? (
            <p className="muted">No pulse has closed for this team yet: its scores appear here when one does.</p>
          ) : (
            <>
              <p className="muted">
                {t.wave.programName}, closed {day(t.wave.closedOn)}
                {t.responses.rate !== null ? ` · ${t.responses.n} of ${t.responses.invited} answered (${pct(t.responses.rate)})` : ""}
                {t.enps.value !== null ? ` · eNPS ${signed(t.enps.value, 0)}` : ""}
              </p>
              {t.hiddenReason ? (
                <Notice>{t.hiddenReason}</Notice>
              ) : (
                <>
                  <ScoreBars title={`${t.team.name}: scores and change since the previous pulse`} rows={dimensionBars(t.dimensions)} />
                  <h3 id={`changed-${t.team.id}`}>What changed</h3>
                  <ul className="plain-list" aria-labelledby={`changed-${t.team.id}`}>
                    {t.dimensions.map((d) => (
                      <MovementLine key={d.key} d={d} since={t.previousWave?.periodStart ?? null} />
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
          <p>
            <Link to={`/teams/${t.team.id}`}>{t.team.name}&apos;s page</Link> · <Link to={`/teams/${t.team.id}/gap`}>Self vs team</Link> ·{" "}
            <Link to={`/teams/${t.team.id}/guide`}>Conversation guide</Link>
          </p>
        </section>
      ))}
      {manager.moreTeams > 0 ? (
        <p className="muted">
          You lead {manager.moreTeams} more team{manager.moreTeams === 1 ? "" : "s"}: see the list below.
        </p>
      ) : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="open-pulse">
          <h2 id="open-pulse">Open pulse</h2>
          {manager.openPulses.length === 0 ? <p className="muted">No pulse is open for your teams right now.</p> : null}
          {manager.openPulses.map((p) => (
            <div key={p.waveId}>
              <p>
                <strong>{p.programName}</strong>, open until {lastDay(p.closesAt)}.
              </p>
              <div className="stats">
                <p>
                  <span className="stats__value">
                    {p.answeredAtLeast !== null ? `at least ${p.answeredAtLeast} of ${p.invited}` : `fewer than ${p.minGroupSize} of ${p.invited}`}
                  </span>
                  <span className="stats__label">
                    answered by the start of {day(p.countedBefore)}
                    {p.answeredAtLeast !== null && p.invited > 0 ? ` (at least ${pct(p.answeredAtLeast / p.invited)})` : ""}
                  </span>
                </p>
              </div>
              <p className="muted">
                Everyone asked in this pulse, across every team, counted once a day in steps of {p.minGroupSize}, so that nobody&apos;s answer can be seen arriving. Your
                team&apos;s own response rate shows when the pulse closes.
              </p>
            </div>
          ))}
        </section>
        <section className="card" aria-labelledby="blind-spots">
          <h2 id="blind-spots">Blind spots</h2>
          <p className="muted">Where your self-assessment differs most from your team&apos;s own view, in the latest closed pulse.</p>
          {manager.blindSpots.length > 0 && !manager.blindSpots.some((b) => b.clear) ? (
            <p>No clear blind spot: on every dimension you rated, your view is inside the range of your team&apos;s own (its 95% interval). The largest differences:</p>
          ) : null}
          {manager.blindSpots.length > 0 ? (
            <ul className="plain-list">
              {manager.blindSpots.map((b) => (
                <li key={`${b.team.id}-${b.key}`}>
                  {b.clear ? (
                    <>
                      <span className={`badge badge--${b.category === "Blind spot" ? "bad" : "good"}`}>{b.category}</span> {b.sentence}{" "}
                    </>
                  ) : null}
                  <span className={b.clear ? "muted" : undefined}>
                    {manager.teams.length > 1 ? `${b.team.name}, ` : ""}
                    {b.name} ({dimensionDirection(b.higherIsBetter)}): you {formatScore(b.managerScore)}, team {formatScore(b.teamMean)}, difference {signed(b.gap, 1)}.
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {manager.gapNotes
            .filter((g) => g.note !== null)
            .map((g) => (
              <p key={g.team.id}>
                {manager.gapNotes.length > 1 ? <strong>{g.team.name}: </strong> : null}
                {g.note}
              </p>
            ))}
          <p>
            {manager.gapNotes.map((g, i) => (
              <span key={g.team.id}>
                {i > 0 ? " · " : null}
                <Link to={`/teams/${g.team.id}/gap`}>{manager.gapNotes.length > 1 ? `Self vs team: ${g.team.name}` : "Self vs team"}</Link>
              </span>
            ))}
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="plans-due">
        <h2 id="plans-due">Action plans due</h2>
        {manager.plansDue.length === 0 ? (
          <p className="muted">
            No action plan is due for review.
            {manager.openPlans > 0 ? ` ${manager.openPlans} plan${manager.openPlans === 1 ? " is" : "s are"} open.` : ""}
          </p>
        ) : (
          <ul className="plain-list">
            {manager.plansDue.map((p) => (
              <li key={p.id}>
                <strong>{p.action}</strong>{" "}
                <span className="muted">
                  · {p.team.name}, {inSentence(p.dimensionName)} · owner {p.owner} · review {day(p.reviewOn)}: {p.reasons.join("; ")}
                </span>{" "}
                <Link to={`/teams/${p.team.id}/guide`} aria-label={`Review the plan for ${p.team.name}`}>
                  Review
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function EnablementDashboard({ enablement }: { enablement: NonNullable<HomeView["enablement"]> }) {
  const shown = enablement.organisation.some((d) => d.score.mean !== null);
  return (
    <>
      <section className="card" aria-labelledby="org-movement">
        <h2 id="org-movement">The organisation</h2>
        {!enablement.wave ? (
          <p className="muted">No pulse has closed yet: the organisation&apos;s scores appear here when one does.</p>
        ) : (
          <>
            <p className="muted">
              {enablement.wave.programName}, {day(enablement.wave.periodStart)}
              {enablement.previousWave ? `, against ${day(enablement.previousWave.periodStart)}` : ""}
            </p>
            {shown ? (
              <>
                <ScoreBars title="The organisation: scores and change since the previous pulse" rows={dimensionBars(enablement.organisation)} />
                <h3 id="changed-organisation">What changed</h3>
                <ul className="plain-list" aria-labelledby="changed-organisation">
                  {enablement.organisation.map((d) => (
                    <MovementLine key={d.key} d={d} since={enablement.previousWave?.periodStart ?? null} />
                  ))}
                </ul>
              </>
            ) : (
              <Notice>Too few people answered across the organisation for its scores to be shown.</Notice>
            )}
          </>
        )}
        <p>
          <Link to="/results">Heatmap of every team</Link>
        </p>
      </section>
      <div className="grid-2">
        <section className="card" aria-labelledby="coaching">
          <h2 id="coaching">Where coaching is needed</h2>
          {enablement.coaching.top.length === 0 ? (
            <p className="muted">No team stands out in the latest closed pulse.</p>
          ) : (
            <>
              <p className="muted">
                {enablement.coaching.total} of {enablement.coaching.teamsConsidered} teams with results have a reason; the first {enablement.coaching.top.length}:
              </p>
              <ol>
                {enablement.coaching.top.map((p) => (
                  <li key={p.teamId}>
                    <Link to={`/teams/${p.teamId}`}>{p.teamName}</Link>: {p.reasons[0]}
                    {p.reasons.length > 1 ? <span className="muted"> (and {p.reasons.length - 1} more)</span> : null}
                  </li>
                ))}
              </ol>
            </>
          )}
          <p>
            <Link to="/results/coaching">All coaching priorities</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="training">
          <h2 id="training">Manager training</h2>
          {enablement.training.length === 0 ? <p className="muted">No training recorded yet.</p> : null}
          <ul className="plain-list">
            {enablement.training.map((c) => (
              <li key={c.id}>
                <Link to={`/training/${c.id}`}>{c.name}</Link>{" "}
                <span className={`badge badge--${c.inFlight ? "open" : "neutral"}`}>{c.inFlight ? "Being measured" : "Measured"}</span>
                <br />
                <span className="muted">
                  Held {day(c.heldOn)} · {c.managers} manager{c.managers === 1 ? "" : "s"} ·{" "}
                  {c.inFlight
                    ? `${c.wavesSince} of the ${c.wavesNeeded} pulses its impact needs after the training have closed`
                    : `the ${c.wavesNeeded} pulses its impact needs after the training have closed`}
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/training">Record a training</Link>
          </p>
        </section>
      </div>
    </>
  );
}

const HEALTH_BADGE: Record<HealthStatus, { tone: string; label: string }> = {
  ok: { tone: "good", label: "Fine" },
  attention: { tone: "warn", label: "Needs a look" },
  problem: { tone: "bad", label: "Needs fixing" },
};

function AdminDashboard({ admin }: { admin: NonNullable<HomeView["admin"]> }) {
  return (
    <section className="card" aria-labelledby="setup-health">
      <h2 id="setup-health">Setup health</h2>
      <ul className="plain-list">
        {admin.checks.map((c) => (
          <li key={c.key}>
            <h3>
              {c.title} <span className={`badge badge--${HEALTH_BADGE[c.status].tone}`}>{HEALTH_BADGE[c.status].label}</span>
            </h3>
            <p>{c.summary}</p>
            {c.key === "people" && admin.peopleWithoutTeam.length > 0 ? (
              <p className="muted">
                {admin.peopleWithoutTeam
                  .slice(0, 5)
                  .map((p) => `${p.name} (${p.role})`)
                  .join(", ")}
                {admin.peopleWithoutTeam.length > 5 ? ` and ${admin.peopleWithoutTeam.length - 5} more` : ""}
              </p>
            ) : null}
            <p>
              <Link to={c.href}>{c.action}</Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RepTeamPlans({ plans }: { plans: HomeView["myTeamPlans"] }) {
  return (
    <section className="card" aria-labelledby="team-plans">
      <h2 id="team-plans">What your team&apos;s results led to</h2>
      {plans.length === 0 ? (
        <p className="muted">No action plan yet. When your manager plans something after a pulse, it shows here.</p>
      ) : (
        <ul className="plain-list">
          {plans.map((p) => (
            <li key={p.id}>
              <strong>{p.action}</strong>{" "}
              <span className={`badge badge--${p.status === "open" ? "open" : "neutral"}`}>{p.status === "open" ? "In progress" : p.status === "done" ? "Done" : "Dropped"}</span>
              <br />
              <span className="muted">
                About {inSentence(p.dimensionName)}, after the {p.wave.programName} of {day(p.wave.periodStart)} · review on {day(p.reviewOn)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

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
              · {p.teamName} · until {lastDay(p.closesAt)} · {p.answered ? "you answered (you can change it)" : "not answered yet"}
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
              · until {lastDay(i.closesAt)} · {i.answered ? "answered (you can change it)" : "not answered yet"}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function TeamTree({ teams }: { teams: HomeView["teams"] }) {
  return (
    <ul className="tree-list">
      {teams.map((team) => (
        <li key={team.id} style={{ paddingInlineStart: `${team.depth * 1.25}rem` }}>
          <Link to={`/teams/${team.id}`}>{team.name}</Link>
        </li>
      ))}
    </ul>
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
      {home.manager ? <ManagerDashboard manager={home.manager} /> : null}
      {home.enablement ? <EnablementDashboard enablement={home.enablement} /> : null}
      {home.admin ? <AdminDashboard admin={home.admin} /> : null}
      {home.role === "rep" ? <MyConversations /> : null}
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
                {home.myTeam.team.name}, {home.myTeam.wave!.programName}, closed {day(home.myTeam.wave!.closedOn)}
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
      {home.role === "rep" ? <RepTeamPlans plans={home.myTeamPlans} /> : null}
      {home.teams.length > 0 ? (
        <section className="card" aria-labelledby="your-teams">
          <h2 id="your-teams">{home.role === "manager" ? "Your teams" : "Teams"}</h2>
          {home.role === "manager" ? (
            <TeamTree teams={home.teams} />
          ) : (
            <details>
              <summary>All {home.teams.length} teams</summary>
              <TeamTree teams={home.teams} />
            </details>
          )}
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
            <li>
              <Link to="/admin/scim">Provisioning from Okta or Entra ID (SCIM)</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}
