import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/guards.server";
import { AudienceChangesNote } from "~/components/audience-changes-note";
import { dimensionBars, ScoreBars } from "~/components/charts/score-bars";
import { Notice } from "~/components/forms";
import { formatsFor, MINUS } from "~/domain/format";
import { inSentence } from "~/domain/reading";
import type { HealthStatus } from "~/services/home-admin.server";
import { getHome, type HomeData } from "~/services/home.server";
import { MyConversations } from "~/components/my-conversations";
import { requestLocale } from "~/services/locale.server";
import { dimensionNameIn, dimensionNamesIn, saidWithDimensionIn } from "~/services/dimension-names.server";
import type { Locale } from "~/domain/locales";
import { useI18n, useRich } from "~/i18n/react";
import type { MessageKey } from "~/i18n/translate";
import { parseSaid, said } from "~/i18n/said";

export const meta: MetaFunction = () => [{ title: "Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  if (!user) return { home: null };
  const [home, locale] = await Promise.all([getHome(context.app, user), requestLocale(context, request)]);
  return { home: inLanguage(home, locale) };
}

/** The dimension names of the home page in the page's language (results stay pooled; only names change). */
function inLanguage(home: HomeData, locale: Locale): HomeData {
  if (locale === "en") return home;
  const byKey = dimensionNamesIn(locale);
  const byName = dimensionNameIn(locale);
  const saidIn = saidWithDimensionIn(locale);
  const named = <T extends { key: string; name: string }>(d: T): T => ({ ...d, name: byKey(d.key, d.name) });
  return {
    ...home,
    myTeam: home.myTeam ? { ...home.myTeam, dimensions: home.myTeam.dimensions.map(named) } : null,
    myTeamPlans: home.myTeamPlans.map((p) => ({ ...p, dimensionName: byName(p.dimensionName) })),
    manager: home.manager
      ? {
          ...home.manager,
          teams: home.manager.teams.map((t) => ({ ...t, dimensions: t.dimensions.map(named) })),
          blindSpots: home.manager.blindSpots.map((b) => ({ ...named(b), sentence: withNameIn(locale, b.sentence, byKey(b.key, b.name)) })),
          plansDue: home.manager.plansDue.map((p) => ({ ...p, dimensionName: byKey(p.dimensionKey, p.dimensionName) })),
          nextStep: home.manager.nextStep ? { ...home.manager.nextStep, text: saidIn(home.manager.nextStep.text, home.manager.nextStep.dimensionKey ?? null) } : null,
        }
      : null,
    enablement: home.enablement
      ? {
          ...home.enablement,
          organisation: home.enablement.organisation.map(named),
          coaching: {
            ...home.enablement.coaching,
            top: home.enablement.coaching.top.map((p) => ({ ...p, reasons: p.reasons.map((r) => ({ ...r, said: saidIn(r.said, r.dimension) })) })),
          },
        }
      : null,
  };
}

/** A said gap sentence (its dimension as `name`, in English) with the dimension's name in the page's language, lower-cased inside a sentence where the language does so. */
function withNameIn(locale: Locale, sentence: string, name: string): string {
  const found = parseSaid(sentence);
  if (!found || typeof found.values.name !== "string") return sentence;
  return said(found.key, { ...found.values, name: locale === "de" || locale === "ja" ? name : inSentence(name) });
}

/** The home data as the page receives it (dates as strings). */
type HomeView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["home"]>;
type DimensionScore = NonNullable<HomeView["manager"]>["teams"][number]["dimensions"][number];

/** The page's number and date style, in its language: dates as "6 Dec 2026", the last day a wave is open, scores, signed changes, shares. */
function useFormats() {
  const { locale } = useI18n();
  const f = formatsFor(locale);
  const signed = (v: number, digits = 1) => {
    const text = f.number(Math.abs(v), digits);
    return Number(Math.abs(v).toFixed(digits)) === 0 ? text : `${v < 0 ? MINUS : "+"}${text}`;
  };
  return {
    day: (date: string) => f.date(date),
    lastDay: (closesAt: Date | string) => f.lastDay(closesAt),
    score: (v: number) => f.score(v),
    signed,
    pct: (v: number) => f.percent(v),
  };
}

/** A dimension's name inside a sentence: lower-cased where the language does so (not German nouns, not Japanese). */
function useInSentence() {
  const { locale } = useI18n();
  return (name: string) => (locale === "de" || locale === "ja" ? name : inSentence(name));
}

/** "higher is better" / "higher is worse" in the page's language. */
function useDirection() {
  const { t } = useI18n();
  return (higherIsBetter: boolean) => (higherIsBetter ? t("explorer.higherIsBetter") : t("explorer.higherIsWorse"));
}

/**
 * One dimension's change in words, read with its direction: "Forecast-honesty pressure (higher is worse): 3.1 · rose 1.0
 * since the pulse of 7 Sep 2026 [Worse]"; a change whose 95% interval includes zero is "No clear change".
 */
function MovementLine({ d, since }: { d: DimensionScore; since: string | null }) {
  const { t, say } = useI18n();
  const rich = useRich();
  const { day, score } = useFormats();
  const direction = useDirection();
  if (d.score.mean === null) {
    return <li>{rich("home.movement.hidden", { name: d.name, reason: d.score.hidden ? say(d.score.hidden) : t("home.movement.noAnswers") })}</li>;
  }
  const m = d.movement;
  const change = (diff: number, same: boolean): string => {
    const by = score(Math.abs(diff));
    if (since)
      return same
        ? t("home.movement.noChangeSince", { date: day(since) })
        : diff > 0
          ? t("home.movement.roseSince", { by, date: day(since) })
          : t("home.movement.fellSince", { by, date: day(since) });
    return same ? t("home.movement.noChange") : diff > 0 ? t("home.movement.rose", { by }) : t("home.movement.fell", { by });
  };
  return (
    <li>
      <strong>{d.name}</strong> <span className="muted">({direction(d.higherIsBetter)})</span>: {score(d.score.mean)}
      {d.change && m ? (
        <>
          {" "}
          · {change(d.change.diff, m.direction === "same")}{" "}
          {m.direction === "same" ? null : m.clear ? (
            <span className={`badge badge--${m.direction === "better" ? "good" : "bad"}`}>{m.direction === "better" ? t("home.badge.better") : t("home.badge.worse")}</span>
          ) : (
            <span className="badge badge--neutral">{t("home.badge.noClearChange")}</span>
          )}
        </>
      ) : (
        <span className="muted"> · {t("home.movement.noEarlier")}</span>
      )}
    </li>
  );
}

function ManagerDashboard({ manager }: { manager: NonNullable<HomeView["manager"]> }) {
  const { t, say } = useI18n();
  const rich = useRich();
  const { day, lastDay, score, signed, pct } = useFormats();
  const direction = useDirection();
  const inText = useInSentence();
  return (
    <>
      {manager.nextStep ? (
        <section className="card" aria-labelledby="next-step">
          <h2 id="next-step">{t("home.nextStep")}</h2>
          <p>{say(manager.nextStep.text)}</p>
          <p>
            <Link className="button" to={manager.nextStep.href}>
              {say(manager.nextStep.label)}
            </Link>
          </p>
        </section>
      ) : null}
      {manager.teams.map((team) => (
        <section className="card" aria-labelledby={`team-${team.team.id}`} key={team.team.id}>
          <h2 id={`team-${team.team.id}`}>{t("home.team.latest", { team: team.team.name })}</h2>
          {!team.wave ? (
            <p className="muted">{t("home.team.noPulse")}</p>
          ) : (
            <>
              <p className="muted">
                {t("home.team.closed", { program: team.wave.programName, date: day(team.wave.closedOn) })}
                {team.responses.rate !== null ? (
                  <> · {t("home.team.answered", { n: team.responses.n ?? 0, invited: team.responses.invited, rate: pct(team.responses.rate) })}</>
                ) : null}
                {team.enps.value !== null ? <> · {t("home.team.enps", { value: signed(team.enps.value, 0) })}</> : null}
              </p>
              {team.hiddenReason ? (
                <Notice>{say(team.hiddenReason)}</Notice>
              ) : (
                <>
                  <ScoreBars title={t("home.team.barsTitle", { team: team.team.name })} rows={dimensionBars(team.dimensions)} />
                  <h3 id={`changed-${team.team.id}`}>{t("home.whatChanged")}</h3>
                  <ul className="plain-list" aria-labelledby={`changed-${team.team.id}`}>
                    {team.dimensions.map((d) => (
                      <MovementLine key={d.key} d={d} since={team.previousWave?.periodStart ?? null} />
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
          <p>
            <Link to={`/teams/${team.team.id}`}>{t("home.team.page", { team: team.team.name })}</Link> · <Link to={`/teams/${team.team.id}/gap`}>{t("home.selfVsTeam")}</Link> ·{" "}
            <Link to={`/teams/${team.team.id}/guide`}>{t("home.team.guide")}</Link>
          </p>
        </section>
      ))}
      {manager.moreTeams > 0 ? <p className="muted">{t("home.moreTeams", { count: manager.moreTeams })}</p> : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="open-pulse">
          <h2 id="open-pulse">{t("home.openPulse")}</h2>
          {manager.openPulses.length === 0 ? <p className="muted">{t("home.openPulse.none")}</p> : null}
          {manager.openPulses.map((p) => (
            <div key={p.waveId}>
              <p>{rich("home.openPulse.until", { program: p.programName, date: lastDay(p.closesAt) })}</p>
              <div className="stats">
                <p>
                  <span className="stats__value">
                    {p.answeredAtLeast !== null
                      ? t("home.openPulse.atLeast", { n: p.answeredAtLeast, invited: p.invited })
                      : t("home.openPulse.fewerThan", { min: p.minGroupSize, invited: p.invited })}
                  </span>
                  <span className="stats__label">
                    {p.answeredAtLeast !== null && p.invited > 0
                      ? t("home.openPulse.answeredByShare", { date: day(p.countedBefore), share: pct(p.answeredAtLeast / p.invited) })
                      : t("home.openPulse.answeredBy", { date: day(p.countedBefore) })}
                  </span>
                </p>
              </div>
              <p className="muted">{t("home.openPulse.counted", { min: p.minGroupSize })}</p>
            </div>
          ))}
        </section>
        <section className="card" aria-labelledby="blind-spots">
          <h2 id="blind-spots">{t("home.blind")}</h2>
          <p className="muted">{t("home.blind.intro")}</p>
          {manager.blindSpots.length > 0 && !manager.blindSpots.some((b) => b.clear) ? <p>{t("home.blind.noneClear")}</p> : null}
          {manager.blindSpots.length > 0 ? (
            <ul className="plain-list">
              {manager.blindSpots.map((b) => (
                <li key={`${b.team.id}-${b.key}`}>
                  {b.clear ? (
                    <>
                      <span className={`badge badge--${b.blindSpot ? "bad" : "good"}`}>{say(b.category)}</span> {say(b.sentence)}{" "}
                    </>
                  ) : null}
                  <span className={b.clear ? "muted" : undefined}>
                    {manager.teams.length > 1
                      ? t("home.blind.lineTeam", {
                          team: b.team.name,
                          name: b.name,
                          direction: direction(b.higherIsBetter),
                          you: score(b.managerScore),
                          mean: score(b.teamMean),
                          gap: signed(b.gap, 1),
                        })
                      : t("home.blind.line", { name: b.name, direction: direction(b.higherIsBetter), you: score(b.managerScore), mean: score(b.teamMean), gap: signed(b.gap, 1) })}
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
                {say(g.note!)}
              </p>
            ))}
          <p>
            {manager.gapNotes.map((g, i) => (
              <span key={g.team.id}>
                {i > 0 ? " · " : null}
                <Link to={`/teams/${g.team.id}/gap`}>{manager.gapNotes.length > 1 ? t("home.selfVsTeamOf", { team: g.team.name }) : t("home.selfVsTeam")}</Link>
              </span>
            ))}
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="plans-due">
        <h2 id="plans-due">{t("home.plansDue")}</h2>
        {manager.plansDue.length === 0 ? (
          <p className="muted">{manager.openPlans > 0 ? t("home.plansDue.noneOpen", { count: manager.openPlans }) : t("home.plansDue.none")}</p>
        ) : (
          <ul className="plain-list">
            {manager.plansDue.map((p) => (
              <li key={p.id}>
                <strong>{p.action}</strong>{" "}
                <span className="muted">
                  ·{" "}
                  {t("home.plansDue.line", {
                    team: p.team.name,
                    dimension: inText(p.dimensionName),
                    owner: p.owner,
                    date: day(p.reviewOn),
                    reasons: p.reasons.map((r) => say(r)).join("; "),
                  })}
                </span>{" "}
                <Link to={`/teams/${p.team.id}/guide`} aria-label={t("home.plansDue.reviewLabel", { team: p.team.name })}>
                  {t("home.plansDue.review")}
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
  const { t, say } = useI18n();
  const { day } = useFormats();
  const shown = enablement.organisation.some((d) => d.score.mean !== null);
  return (
    <>
      <section className="card" aria-labelledby="org-movement">
        <h2 id="org-movement">{t("home.org")}</h2>
        {!enablement.wave ? (
          <p className="muted">{t("home.org.noPulse")}</p>
        ) : (
          <>
            <p className="muted">
              {enablement.previousWave
                ? t("home.org.waveAgainst", { program: enablement.wave.programName, date: day(enablement.wave.periodStart), previous: day(enablement.previousWave.periodStart) })
                : t("home.org.wave", { program: enablement.wave.programName, date: day(enablement.wave.periodStart) })}
            </p>
            {shown ? (
              <>
                <ScoreBars title={t("home.org.barsTitle")} rows={dimensionBars(enablement.organisation)} />
                <h3 id="changed-organisation">{t("home.whatChanged")}</h3>
                <ul className="plain-list" aria-labelledby="changed-organisation">
                  {enablement.organisation.map((d) => (
                    <MovementLine key={d.key} d={d} since={enablement.previousWave?.periodStart ?? null} />
                  ))}
                </ul>
              </>
            ) : (
              <Notice>{t("home.org.tooFew")}</Notice>
            )}
          </>
        )}
        <p>
          <Link to="/results">{t("home.org.heatmap")}</Link>
        </p>
      </section>
      <div className="grid-2">
        <section className="card" aria-labelledby="coaching">
          <h2 id="coaching">{t("home.coaching")}</h2>
          {enablement.coaching.top.length === 0 ? (
            <p className="muted">{t("home.coaching.none")}</p>
          ) : (
            <>
              <p className="muted">
                {t("home.coaching.count", { total: enablement.coaching.total, considered: enablement.coaching.teamsConsidered, first: enablement.coaching.top.length })}
              </p>
              <ol>
                {enablement.coaching.top.map((p) => (
                  <li key={p.teamId}>
                    <Link to={`/teams/${p.teamId}`}>{p.teamName}</Link>: {p.reasons[0] ? say(p.reasons[0].said) : null}
                    {p.reasons.length > 1 ? <span className="muted"> {t("home.coaching.more", { count: p.reasons.length - 1 })}</span> : null}
                  </li>
                ))}
              </ol>
            </>
          )}
          <p>
            <Link to="/results/coaching">{t("home.coaching.all")}</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="training">
          <h2 id="training">{t("home.training")}</h2>
          {enablement.training.length === 0 ? <p className="muted">{t("home.training.none")}</p> : null}
          <ul className="plain-list">
            {enablement.training.map((c) => (
              <li key={c.id}>
                <Link to={`/training/${c.id}`}>{c.name}</Link>{" "}
                <span className={`badge badge--${c.inFlight ? "open" : "neutral"}`}>{c.inFlight ? t("home.training.measuring") : t("home.training.measured")}</span>
                <br />
                <span className="muted">
                  {t("home.training.held", { date: day(c.heldOn) })} · {t("home.training.managers", { count: c.managers })} ·{" "}
                  {c.inFlight ? t("home.training.since", { since: c.wavesSince, needed: c.wavesNeeded }) : t("home.training.closed", { needed: c.wavesNeeded })}
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/training">{t("home.training.record")}</Link>
          </p>
        </section>
      </div>
    </>
  );
}

const HEALTH_BADGE: Record<HealthStatus, { tone: string; label: MessageKey }> = {
  ok: { tone: "good", label: "home.health.ok" },
  attention: { tone: "warn", label: "home.health.attention" },
  problem: { tone: "bad", label: "home.health.problem" },
};

const ROLE_KEYS: Record<string, MessageKey> = { rep: "role.rep", manager: "role.manager", enablement: "role.enablement", admin: "role.admin" };

function AdminDashboard({ admin }: { admin: NonNullable<HomeView["admin"]> }) {
  const { t, say, locale } = useI18n();
  // English writes the role in lower case inside the list ("Ana (rep)"); other languages keep their nouns.
  const role = (r: string) => (ROLE_KEYS[r] ? (locale === "en" ? t(ROLE_KEYS[r]!).toLowerCase() : t(ROLE_KEYS[r]!)) : r);
  return (
    <section className="card" aria-labelledby="setup-health">
      <h2 id="setup-health">{t("home.health")}</h2>
      <ul className="plain-list">
        {admin.checks.map((c) => (
          <li key={c.key}>
            <h3>
              {say(c.title)} <span className={`badge badge--${HEALTH_BADGE[c.status].tone}`}>{t(HEALTH_BADGE[c.status].label)}</span>
            </h3>
            <p>{say(c.summary)}</p>
            {c.key === "people" && admin.peopleWithoutTeam.length > 0 ? (
              <p className="muted">
                {admin.peopleWithoutTeam
                  .slice(0, 5)
                  .map((p) => `${p.name} (${role(p.role)})`)
                  .join(", ")}
                {admin.peopleWithoutTeam.length > 5 ? ` ${t("home.health.more", { count: admin.peopleWithoutTeam.length - 5 })}` : ""}
              </p>
            ) : null}
            <p>
              <Link to={c.href}>{say(c.action)}</Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

const PLAN_STATUS: Record<string, MessageKey> = { open: "home.teamPlans.open", done: "home.teamPlans.done", dropped: "home.teamPlans.dropped" };

function RepTeamPlans({ plans }: { plans: HomeView["myTeamPlans"] }) {
  const { t } = useI18n();
  const { day } = useFormats();
  const inText = useInSentence();
  return (
    <section className="card" aria-labelledby="team-plans">
      <h2 id="team-plans">{t("home.teamPlans")}</h2>
      {plans.length === 0 ? (
        <p className="muted">{t("home.teamPlans.none")}</p>
      ) : (
        <ul className="plain-list">
          {plans.map((p) => (
            <li key={p.id}>
              <strong>{p.action}</strong> <span className={`badge badge--${p.status === "open" ? "open" : "neutral"}`}>{t(PLAN_STATUS[p.status] ?? "home.teamPlans.dropped")}</span>
              <br />
              <span className="muted">
                {t("home.teamPlans.about", { dimension: inText(p.dimensionName), program: p.wave.programName, date: day(p.wave.periodStart), review: day(p.reviewOn) })}
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
  const { t } = useI18n();
  const { lastDay } = useFormats();
  if (pulses.length === 0) return null;
  const open = pulses.filter((p) => p.open);
  const past = pulses.filter((p) => !p.open);
  return (
    <section className="card" aria-labelledby="pulses">
      <h2 id="pulses">{t("home.pulses")}</h2>
      {open.length === 0 ? <p className="muted">{t("home.pulses.none")}</p> : null}
      <ul className="tree-list">
        {open.map((p) => (
          <li key={p.waveId}>
            <Link to={`/pulses/${p.waveId}`}>{p.programName}</Link> <span className="badge badge--open">{t("home.pulses.open")}</span>{" "}
            <span className="muted">
              · {p.teamName} · {t("home.until", { date: lastDay(p.closesAt) })} · {p.answered ? t("home.pulses.answeredChange") : t("home.notAnswered")}
            </span>
          </li>
        ))}
      </ul>
      {past.length > 0 ? (
        <details>
          <summary>{t("home.pulses.earlier", { count: past.length })}</summary>
          <ul>
            {past.map((p) => (
              <li key={p.waveId}>
                {p.programName}, {p.periodStart}: {p.answered ? t("home.pulses.answered") : t("home.pulses.notAnswered")}
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
  const { t } = useI18n();
  const { lastDay } = useFormats();
  const open = items.filter((i) => i.open);
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="self">
      <h2 id="self">{t("home.self")}</h2>
      {open.length === 0 ? <p className="muted">{t("home.self.none")}</p> : null}
      <ul className="tree-list">
        {open.map((i) => (
          <li key={`${i.waveId}-${i.teamId}`}>
            <Link to={`/self-assessments/${i.waveId}/${i.teamId}`}>
              {i.teamName}: {i.programName}
            </Link>{" "}
            <span className="muted">
              · {t("home.until", { date: lastDay(i.closesAt) })} · {i.answered ? t("home.self.answeredChange") : t("home.notAnswered")}
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

const ADMIN_TASKS: ReadonlyArray<[string, MessageKey]> = [
  ["/admin/people", "home.admin.people"],
  ["/admin/roster", "home.admin.roster"],
  ["/admin/teams", "home.admin.teams"],
  ["/admin/settings", "home.admin.settings"],
  ["/admin/crm", "home.admin.crm"],
  ["/admin/api-tokens", "home.admin.apiTokens"],
  ["/admin/scim", "home.admin.scim"],
];

export default function Home() {
  const { home } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const { day } = useFormats();
  if (!home) {
    return (
      <div className="page page--narrow">
        <h1>Candor</h1>
        <p>{t("home.pitch")}</p>
        <p>
          <Link className="button" to="/login">
            {t("home.signIn")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("home.hello", { name: home.name.split(" ")[0] ?? home.name })}</h1>
      <p className="muted">{t("home.roleAt", { role: t(ROLE_KEYS[home.role] ?? "role.rep"), organisation: home.organisationName })}</p>
      {home.manager ? <ManagerDashboard manager={home.manager} /> : null}
      {home.enablement ? <EnablementDashboard enablement={home.enablement} /> : null}
      {home.admin ? <AdminDashboard admin={home.admin} /> : null}
      {home.role === "rep" ? <MyConversations /> : null}
      <PulseList pulses={home.pulses} />
      <SelfAssessmentList items={home.selfAssessments} />
      {home.role === "rep" ? (
        <section className="card" aria-labelledby="team-results">
          <h2 id="team-results">{t("home.myTeam")}</h2>
          {!home.myTeam ? (
            <p className="muted">{t("home.myTeam.none")}</p>
          ) : (
            <>
              <p className="muted">
                {t("home.myTeam.closed", { team: home.myTeam.team.name, program: home.myTeam.wave!.programName, date: day(home.myTeam.wave!.closedOn) })}
                {home.myTeam.responses.n !== null ? <> · {t("home.myTeam.answers", { count: home.myTeam.responses.n })}</> : null}
              </p>
              <AudienceChangesNote changes={home.myTeamAudienceChanges} />
              {home.myTeam.dimensions.every((d) => d.score.mean === null) ? (
                <p>{t("home.myTeam.tooFew")}</p>
              ) : (
                <ScoreBars title={t("home.myTeam.barsTitle", { team: home.myTeam.team.name })} rows={dimensionBars(home.myTeam.dimensions)} />
              )}
              {home.myTeam.comments.shown && home.myTeam.comments.list.length > 0 ? (
                <details>
                  <summary>{t("home.myTeam.comments", { count: home.myTeam.comments.list.length })}</summary>
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
          <h2 id="your-teams">{home.role === "manager" ? t("home.teams.yours") : t("home.teams")}</h2>
          {home.role === "manager" ? (
            <TeamTree teams={home.teams} />
          ) : (
            <details>
              <summary>{t("home.teams.all", { count: home.teams.length })}</summary>
              <TeamTree teams={home.teams} />
            </details>
          )}
        </section>
      ) : null}
      {home.role === "admin" ? (
        <section className="card" aria-labelledby="admin-tasks">
          <h2 id="admin-tasks">{t("home.admin")}</h2>
          <ul>
            {ADMIN_TASKS.map(([to, key]) => (
              <li key={to}>
                <Link to={to}>{t(key)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
