import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, NotFoundError, InputError } from "~/domain/errors";
import { actionPlanInputSchema, ActionPlanUpdateSchema, chooseFocus, type ActionPlanStatus, type FocusDimension } from "~/domain/conversation-guide";
import { dateInZone } from "~/domain/organisation-settings";
import { findActionPlan, insertActionPlan, listActionPlans, updateActionPlanStatus, type ActionPlanRecord } from "#db/queries/action-plans";
import { listDimensions } from "#db/queries/instrument";
import { findOrganisationById } from "#db/queries/organisations";
import { addDays } from "~/domain/calendar";
import { formatDate } from "~/domain/format";
import { getPlay } from "./playbook.server";
import { getTeamResults, type TeamResults } from "./results.server";
import { getVisibleTeams } from "./teams.server";
import { isUuid } from "~/domain/ids";
import { createOnce } from "./form-submissions.server";
import { recordAuditByUser } from "./audit.server";
import { said, saidDate } from "~/i18n/said";
import { translatorFor } from "~/i18n/catalogues.server";
import { SOURCE_LOCALE, type Locale } from "~/domain/locales";
import { dimensionNamesIn } from "./dimension-names.server";
import { playTextIn } from "./playbook-language.server";

/** Done and dropped plans stay on the guide this long after their last change. */
const RECENT_DAYS = 90;

export interface ActionPlanView {
  id: string;
  dimensionKey: string;
  dimensionName: string;
  action: string;
  owner: string;
  reviewOn: string;
  status: ActionPlanStatus;
  outcomeNote: string | null;
  createdByName: string | null;
  /** The calendar date it was made, in the organisation's time zone. */
  createdOn: string;
  /** The wave whose results prompted it. */
  wave: { id: string; periodStart: string; programName: string };
}

export interface ReviewDue {
  plan: ActionPlanView;
  /** Why it is due, as facts for a page to put in its own words: the review date has come (today, or passed) … */
  reviewDate: "today" | "passed" | null;
  /** … and/or this later wave has closed since the plan was made. */
  laterWave: { programName: string; periodStart: string } | null;
  /** In plain words: the review date has come, and/or a later wave has closed since. */
  reasons: string[];
  /** The same reasons as said messages (ADR 057), for the page to put in its reader's language. */
  reasonsSaid: string[];
  /** The dimension's score in the plan's wave and in the latest wave; null where hidden or not asked. */
  scoreThen: number | null;
  scoreNow: number | null;
}

export interface ConversationGuide {
  team: { id: string; name: string };
  wave: TeamResults["wave"];
  /** The organisation's calendar date: reviews must be after it. */
  today: string;
  /** The team's manager (or a manager above it) and admins write plans; enablement only reads. */
  canEdit: boolean;
  /** A wave has closed but the anonymity rules hid every dimension of this team (so there is no focus). */
  allHidden: boolean;
  focus: FocusDimension[];
  /** What a new plan may be about: the focus dimensions first, then the rest of the item bank. */
  dimensionOptions: Array<{ key: string; name: string }>;
  plans: ActionPlanView[];
  reviewDue: ReviewDue[];
}

function canWrite(user: SessionUser): boolean {
  return user.role === "manager" || user.role === "admin";
}

/** Only after requireTeamAccess: enablement may read a team's guide but not write its plans. */
function requireWriter(user: SessionUser): void {
  if (!canWrite(user)) throw new ForbiddenError(said("actionPlan.error.forbidden"));
}

/**
 * The organisation's time zone, and the dimensions a plan may be about: the item bank, with Edmondson's
 * opt-in set only when the organisation turned it on (or the team was asked it).
 */
async function organisationContext(app: AppContext, organisationId: string, results: TeamResults) {
  const [org, dimensions] = await Promise.all([findOrganisationById(app.db, organisationId), listDimensions(app.db, organisationId)]);
  const asked = new Set(results.dimensions.map((d) => d.key));
  const bank = dimensions.filter((d) => d.source !== "edmondson" || org?.edmondsonEnabled || asked.has(d.key));
  return { zone: org?.timezone ?? "UTC", dimensions, bank };
}

function focusOf(results: TeamResults): FocusDimension[] {
  if (!results.wave) return [];
  return chooseFocus(results.dimensions.map((d) => ({ key: d.key, name: d.name, higherIsBetter: d.higherIsBetter, mean: d.score.mean, change: d.change })));
}

function dimensionOptionsOf(focus: FocusDimension[], bank: Array<{ key: string; name: string }>) {
  const focusKeys = new Set(focus.map((f) => f.dimension.key));
  return [...focus.map((f) => ({ key: f.dimension.key, name: f.dimension.name })), ...bank.filter((d) => !focusKeys.has(d.key)).map((d) => ({ key: d.key, name: d.name }))];
}

/** Whether wave a comes before wave b in the results engine's order (period start, then id). */
function isEarlierWave(a: { id: string; periodStart: string }, b: { id: string; periodStart: string }): boolean {
  return a.periodStart < b.periodStart || (a.periodStart === b.periodStart && a.id < b.id);
}

/**
 * The team conversation guide for the latest closed wave: the one or two dimensions to talk about, each
 * with why in plain words and questions to ask; the team's open and recent action plans; and the plans
 * due for review (their review date has come, or a later wave has closed since they were made). Every
 * score comes from the results engine (getTeamResults), so a dimension it hid is never a focus and no
 * hidden number is shown. Readable by whoever may see the team's results: its manager, managers above
 * it, enablement and admins; reps get 403, another organisation's team 404.
 */
export async function getConversationGuide(app: AppContext, user: SessionUser, teamId: string): Promise<ConversationGuide> {
  const results = await getTeamResults(app, user, teamId);
  const [{ zone, dimensions, bank }, records] = await Promise.all([
    organisationContext(app, user.organisationId, results),
    listActionPlans(app.db, user.organisationId, results.team.id, new Date(app.now().getTime() - RECENT_DAYS * 86_400_000)),
  ]);
  const today = dateInZone(app.now(), zone);
  const focus = focusOf(results);
  const names = new Map(dimensions.map((d) => [d.key, d.name]));
  const plans = records.map((r) => toView(r, names, zone));

  const latest = results.wave;
  const reviewDue: ReviewDue[] = [];
  for (const plan of plans) {
    if (plan.status !== "open") continue;
    const reasons: string[] = [];
    const reasonsSaid: string[] = [];
    if (plan.reviewOn <= today) {
      reasons.push(plan.reviewOn === today ? "the review date is today" : `the review date (${formatDate(plan.reviewOn)}) has passed`);
      reasonsSaid.push(plan.reviewOn === today ? said("guide.review.today") : said("guide.review.passed", { date: saidDate(plan.reviewOn) }));
    }
    const laterWave = latest !== null && isEarlierWave(plan.wave, latest);
    if (laterWave) {
      reasons.push(`a new wave (${latest.programName}, ${formatDate(latest.periodStart)}) has closed since this plan was made`);
      reasonsSaid.push(said("guide.review.newWave", { program: latest.programName, date: saidDate(latest.periodStart) }));
    }
    if (reasons.length === 0) continue;
    const trend = results.trend.find((t) => t.key === plan.dimensionKey);
    reviewDue.push({
      plan,
      reviewDate: plan.reviewOn > today ? null : plan.reviewOn === today ? "today" : "passed",
      laterWave: laterWave ? { programName: latest.programName, periodStart: latest.periodStart } : null,
      reasons,
      reasonsSaid,
      scoreThen: laterWave ? (trend?.points.find((p) => p.period === plan.wave.periodStart)?.mean ?? null) : null,
      scoreNow: results.dimensions.find((d) => d.key === plan.dimensionKey)?.score.mean ?? null,
    });
  }

  return {
    team: results.team,
    wave: latest,
    today,
    canEdit: canWrite(user),
    allHidden: latest !== null && results.dimensions.length > 0 && focus.length === 0,
    focus,
    dimensionOptions: dimensionOptionsOf(focus, bank),
    plans,
    reviewDue,
  };
}

function toView(r: ActionPlanRecord, names: Map<string, string>, zone: string): ActionPlanView {
  return {
    id: r.id,
    dimensionKey: r.dimensionKey,
    dimensionName: names.get(r.dimensionKey) ?? r.dimensionKey,
    action: r.action,
    owner: r.owner,
    reviewOn: r.reviewOn,
    status: r.status,
    outcomeNote: r.outcomeNote,
    createdByName: r.createdByName,
    createdOn: dateInZone(r.createdAt, zone),
    wave: r.wave,
  };
}

/**
 * Records an action plan for a team, tied to its latest closed wave. The input is what the form sent:
 * a dimension of the focus or the item bank, the action (3–500 characters), its owner (1–100) and a
 * review date after today in the organisation's time zone. Bad input throws InputError with a message
 * per field and writes nothing. Only the team's manager, managers above it and admins may write. The same
 * form sent twice (`submissionKey`) saves one plan: the repeat gets the first plan's id.
 */
export async function createActionPlan(app: AppContext, user: SessionUser, teamId: string, input: Record<string, unknown>, submissionKey?: string): Promise<{ id: string }> {
  const results = await getTeamResults(app, user, teamId);
  requireWriter(user);
  if (!results.wave) throw new InputError(said("actionPlan.error.noWave"));
  const { zone, bank } = await organisationContext(app, user.organisationId, results);
  const today = dateInZone(app.now(), zone);
  const dimensionKeys = dimensionOptionsOf(focusOf(results), bank).map((d) => d.key);
  const parsed = actionPlanInputSchema({ today, dimensionKeys }).safeParse(input);
  if (!parsed.success) throw new InputError(said("actionPlan.error.notSaved"), fieldErrorsOf(parsed.error.issues));
  const wave = results.wave;
  const { id } = await createOnce(app, user, "action-plan", submissionKey, async (trx) => {
    const created = await insertActionPlan(trx, {
      organisationId: user.organisationId,
      teamId: results.team.id,
      waveId: wave.id,
      ...parsed.data,
      createdBy: user.personId,
      at: app.now(),
    });
    // The action and its owner are free text (they may name people): the entry keeps what it is about and when.
    await recordAuditByUser(trx, app, user, {
      action: "action-plan.create",
      target: { type: "action-plan", id: created },
      after: { teamId: results.team.id, team: results.team.name, dimensionKey: parsed.data.dimensionKey, reviewOn: parsed.data.reviewOn },
    });
    return created;
  });
  return { id };
}

/**
 * Marks an action plan open, done or dropped, with an optional note on what came of it. 404 for an
 * unknown plan or another organisation's; 403 unless the person may write the plan's team's plans.
 */
export async function updateActionPlan(app: AppContext, user: SessionUser, planId: string, input: { status?: unknown; outcomeNote?: unknown }): Promise<void> {
  const plan = isUuid(planId) ? await findActionPlan(app.db, user.organisationId, planId) : undefined;
  if (!plan) throw new NotFoundError(said("actionPlan.error.notFound"));
  await requireTeamAccess(app, user, plan.teamId);
  requireWriter(user);
  const parsed = ActionPlanUpdateSchema.safeParse(input);
  if (!parsed.success) throw new InputError(said("actionPlan.error.notChanged"), fieldErrorsOf(parsed.error.issues));
  await app.db.transaction().execute(async (trx) => {
    await updateActionPlanStatus(trx, user.organisationId, plan.id, { ...parsed.data, at: app.now() });
    if (parsed.data.status === plan.status) return;
    await recordAuditByUser(trx, app, user, {
      action: "action-plan.status-change",
      target: { type: "action-plan", id: plan.id },
      before: { status: plan.status, teamId: plan.teamId },
      after: { status: parsed.data.status, teamId: plan.teamId },
    });
  });
}

/** How long after today a plan made from a play comes back for review, unless the person picks another date. */
const PLAY_REVIEW_DAYS = 28;

/** What the play page offers for turning a play into an action plan, prefilled from the play. */
export interface PlayPlanForm {
  /** The teams the person may write plans for, in tree order. */
  teams: Array<{ id: string; name: string; depth: number }>;
  /** The play's dimensions: what the plan may be about. */
  dimensions: Array<{ key: string; name: string }>;
  today: string;
  values: { dimensionKey: string; action: string; owner: string; reviewOn: string };
}

/**
 * The action-plan form of a play's page, or null for someone who may not write plans (enablement reads
 * plans but does not write them; reps do not see the playbook). The action starts as the play's title and
 * summary, the owner as the person, the review four weeks from today in the organisation's time zone; the
 * play's words and the dimensions' names in the reader's language (Candor's own; the organisation's as stored).
 */
export async function getPlayPlanForm(app: AppContext, user: SessionUser, playId: string, locale: Locale = SOURCE_LOCALE): Promise<PlayPlanForm | null> {
  const play = await getPlay(app, user, playId);
  if (!canWrite(user)) return null;
  const [teams, org, dimensions] = await Promise.all([getVisibleTeams(app, user), findOrganisationById(app.db, user.organisationId), listDimensions(app.db, user.organisationId)]);
  const today = dateInZone(app.now(), org?.timezone ?? "UTC");
  const names = new Map(dimensions.map((d) => [d.key, d.name]));
  const nameIn = dimensionNamesIn(locale);
  const { title, summary } = playTextIn(play, locale);
  const action = translatorFor(locale).t("play.page.planAction", { title, summary });
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth })),
    dimensions: play.dimensionKeys.map((key) => ({ key, name: nameIn(key, names.get(key) ?? key) })),
    today,
    values: {
      dimensionKey: play.dimensionKeys[0] ?? "",
      action: action.length <= 500 ? action : `${action.slice(0, 499).trimEnd()}…`,
      owner: user.name,
      reviewOn: addDays(today, PLAY_REVIEW_DAYS),
    },
  };
}

/**
 * Turns a play into an action plan for a team: the play must exist in the person's organisation (404
 * otherwise), and the plan is made exactly as on the team's conversation guide (createActionPlan), with
 * its access rules (403 without access to the team or the right to write its plans), field checks and
 * submission key (the form sent twice saves one plan).
 */
export async function createActionPlanFromPlay(
  app: AppContext,
  user: SessionUser,
  playId: string,
  teamId: string,
  input: Record<string, unknown>,
  submissionKey?: string,
): Promise<{ id: string; teamId: string }> {
  await getPlay(app, user, playId);
  if (!isUuid(teamId)) throw new InputError(said("actionPlan.error.notSaved"), { teamId: said("actionPlan.error.chooseTeam") });
  const { id } = await createActionPlan(app, user, teamId, input, submissionKey);
  return { id, teamId };
}

/**
 * The schemas' English field errors (app/domain/conversation-guide.ts), said by key (ADR 057) so that the
 * form shows them in the reader's language; a message not listed here passes through as it is.
 */
const FIELD_ERRORS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^Choose what the action is about$/, () => said("actionPlan.error.chooseDimension")],
  [/^Describe the action$/, () => said("actionPlan.error.describe")],
  [/^Describe the action in at least 3 characters$/, () => said("actionPlan.error.describeShort")],
  [/^Use at most (\d+) characters$/, (m) => said("actionPlan.error.tooLong", { max: Number(m[1]) })],
  [/^Name who owns the action$/, () => said("actionPlan.error.owner")],
  [/^Enter the date to review the action$/, () => said("actionPlan.error.reviewOn")],
  [/^Enter a date such as 2026-10-31$/, () => said("actionPlan.error.dateFormat")],
  [/^Pick a date after today \((\d{4}-\d{2}-\d{2})\)$/, (m) => said("actionPlan.error.dateAfterToday", { today: m[1]! })],
  [/^Choose open, done or dropped$/, () => said("actionPlan.error.status")],
];

function sayFieldError(message: string): string {
  for (const [pattern, say] of FIELD_ERRORS) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return message;
}

function fieldErrorsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path.join(".")] ??= sayFieldError(issue.message);
  return errors;
}
