import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FormMessage, Notice, SubmissionKey, TextAreaField } from "~/components/forms";
import { ActionPlanFields } from "~/components/action-plan-fields";
import { ACTION_PLAN_STATUS_KEYS, GENERAL_QUESTION_KEYS } from "~/domain/conversation-guide";
import { formatsFor } from "~/domain/format";
import { useChartFormats } from "~/components/charts/formats";
import { useI18n, useRich } from "~/i18n/react";
import { said } from "~/i18n/said";
import { requestLocale } from "~/services/locale.server";
import { dimensionNamesIn } from "~/services/dimension-names.server";
import { createActionPlan, getConversationGuide, updateActionPlan, type ActionPlanView } from "~/services/action-plans.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { language?: { messages?: Record<string, string> } } | undefined;
  const messages = root?.language?.messages;
  const frame = messages?.["meta.pageTitle"] ?? "{page} · Candor";
  const page = (messages?.["guide.title"] ?? "Team conversation: {team}").replace("{team}", data?.team.name ?? messages?.["guide.titleFallback"] ?? "Team");
  return [{ title: frame.replace("{page}", page) }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const [guide, locale] = await Promise.all([getConversationGuide(context.app, user, params.teamId ?? ""), requestLocale(context, request)]);
  // Dimension names in the page's language (renamed and custom ones as stored).
  const name = dimensionNamesIn(locale);
  const planIn = (plan: ActionPlanView): ActionPlanView => ({ ...plan, dimensionName: name(plan.dimensionKey, plan.dimensionName) });
  // submissionKey: a new one each time the page is shown; the plan form sent twice with one key saves one plan.
  return {
    ...guide,
    focus: guide.focus.map((f) => ({ ...f, dimension: { ...f.dimension, name: name(f.dimension.key, f.dimension.name) } })),
    dimensionOptions: guide.dimensionOptions.map((d) => ({ ...d, name: name(d.key, d.name) })),
    plans: guide.plans.map(planIn),
    reviewDue: guide.reviewDue.map((due) => ({ ...due, plan: planIn(due.plan) })),
    submissionKey: crypto.randomUUID(),
  };
}

const GuideActionSchema = z.object({
  intent: z.enum(["create", "update"], { error: said("play.error.unknownRequest") }).default("create"),
  planId: formText,
  status: formText,
  outcomeNote: formText,
  dimensionKey: formText,
  action: formText,
  owner: formText,
  reviewOn: formText,
  submissionKey: formText,
});

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const teamId = params.teamId ?? "";
  const parsed = parseForm(GuideActionSchema, await readForm(request));
  if (!parsed.success) throw new Response(parsed.errors.fieldErrors.intent ?? said("conv.formUnreadable"), { status: 400 });
  const { intent, planId, status, outcomeNote, submissionKey, ...values } = parsed.data;
  const result = await attempt(async () => {
    if (intent === "update") {
      await updateActionPlan(context.app, user, planId, { status, outcomeNote });
      return `/teams/${teamId}/guide?updated=1`;
    }
    await createActionPlan(context.app, user, teamId, values, submissionKey || undefined);
    return `/teams/${teamId}/guide?saved=1`;
  });
  if (!result.ok) return data({ intent, planId: planId || null, formError: result.formError, fieldErrors: result.fieldErrors, values }, { status: result.status });
  return redirect(result.value);
}

/** Parts of one sentence joined as the language joins them: "a, and b". */
function joinParts(t: ReturnType<typeof useI18n>["t"], parts: string[]): string {
  return parts.reduce((first, second) => t("guide.and", { first, second }));
}

function PlanFacts({ plan }: { plan: ActionPlanView }) {
  const { t, locale } = useI18n();
  const f = formatsFor(locale);
  const made = { date: f.date(plan.createdOn), wave: f.date(plan.wave.periodStart) };
  return (
    <dl className="facts">
      <dt>{t("guide.fact.about")}</dt>
      <dd>{plan.dimensionName}</dd>
      <dt>{t("guide.fact.owner")}</dt>
      <dd>{plan.owner}</dd>
      <dt>{t("guide.fact.reviewOn")}</dt>
      <dd>{f.date(plan.reviewOn)}</dd>
      <dt>{t("guide.fact.status")}</dt>
      <dd>
        <span className={`badge badge--${plan.status === "open" ? "open" : "neutral"}`}>{t(ACTION_PLAN_STATUS_KEYS[plan.status])}</span>
      </dd>
      <dt>{t("guide.fact.made")}</dt>
      <dd>{plan.createdByName ? t("guide.fact.madeOnBy", { ...made, name: plan.createdByName }) : t("guide.fact.madeOn", made)}</dd>
      {plan.outcomeNote ? (
        <>
          <dt>{t("guide.fact.outcome")}</dt>
          <dd>{plan.outcomeNote}</dd>
        </>
      ) : null}
    </dl>
  );
}

function StatusForm({ plan, error }: { plan: ActionPlanView; error?: { formError: string; fieldErrors: Record<string, string> } }) {
  const { t } = useI18n();
  const next = plan.status === "open" ? (["done", "dropped"] as const) : (["open"] as const);
  const words = { done: t("guide.button.done"), dropped: t("guide.button.dropped"), open: t("guide.button.open") } as const;
  return (
    <Form method="post" className="stack no-print" noValidate>
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="planId" value={plan.id} />
      <FormMessage error={error?.formError} />
      <TextAreaField
        id={`note-${plan.id}`}
        name="outcomeNote"
        label={t("guide.note.label")}
        hint={t("guide.note.hint")}
        error={error?.fieldErrors.outcomeNote ?? error?.fieldErrors.status}
        defaultValue={plan.outcomeNote ?? ""}
        maxLength={1000}
        rows={2}
      />
      <div className="inline-form">
        {next.map((status) => (
          <button
            key={status}
            type="submit"
            name="status"
            value={status}
            className={status === "dropped" ? "button button--secondary" : "button"}
            aria-label={t("guide.button.label", { verb: words[status], action: plan.action })}
          >
            {words[status]}
          </button>
        ))}
      </div>
    </Form>
  );
}

export default function ConversationGuidePage() {
  const guide = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, say } = useI18n();
  const rich = useRich();
  const f = useChartFormats();
  const one = (n: number | null) => (n === null ? t("guide.review.notShown") : f.score(n));
  const createError = result?.intent === "create" ? result : undefined;
  const updateError = result?.intent === "update" ? result : undefined;
  const defaultDimension = createError?.values.dimensionKey ?? guide.focus[0]?.dimension.key ?? guide.dimensionOptions[0]?.key;
  return (
    <div className="page">
      <p className="no-print">
        <Link to={`/teams/${guide.team.id}`}>← {guide.team.name}</Link>
      </p>
      <h1>{t("guide.title", { team: guide.team.name })}</h1>
      <p>{t("guide.intro")}</p>
      {search.get("saved") ? <Notice tone="success">{t("guide.saved")}</Notice> : null}
      {search.get("updated") ? <Notice tone="success">{t("guide.updated")}</Notice> : null}

      <section aria-labelledby="focus-h">
        <h2 id="focus-h">{t("guide.focus.heading")}</h2>
        {!guide.wave ? (
          <Notice>{t("guide.noWave")}</Notice>
        ) : (
          <>
            <p className="muted">{t("guide.from", { program: guide.wave.programName, start: f.date(guide.wave.periodStart), closed: f.date(guide.wave.closedOn) })}</p>
            {guide.focus.length === 0 ? (
              <>
                {guide.allHidden ? <Notice tone="warning">{t("guide.allHidden")}</Notice> : <Notice>{t("guide.noRated")}</Notice>}
                <ol>
                  {GENERAL_QUESTION_KEYS.map((key) => (
                    <li key={key}>{t(key)}</li>
                  ))}
                </ol>
              </>
            ) : (
              guide.focus.map((focus, i) => (
                <section key={focus.dimension.key} className="card" aria-labelledby={`focus-${focus.dimension.key}`}>
                  <h3 id={`focus-${focus.dimension.key}`}>
                    {t("guide.focus.title", { number: i + 1, dimension: f.withDirection(focus.dimension.name, focus.dimension.higherIsBetter) })}
                  </h3>
                  <p>
                    {rich("guide.why", {
                      reason: joinParts(
                        t,
                        focus.reasonSaid.map((part) => say(part)),
                      ),
                    })}
                  </p>
                  <p>{t("guide.ask")}</p>
                  <ol>
                    {focus.questionKeys.map((key) => (
                      <li key={key}>{t(key)}</li>
                    ))}
                  </ol>
                </section>
              ))
            )}
          </>
        )}
      </section>

      {guide.canEdit ? (
        <section aria-labelledby="new-plan-h" className="no-print">
          <h2 id="new-plan-h">{t("guide.newPlan.heading")}</h2>
          {!guide.wave ? (
            <p className="muted">{t("guide.newPlan.noWave")}</p>
          ) : (
            <Form method="post" className="stack" noValidate key={guide.submissionKey}>
              <input type="hidden" name="intent" value="create" />
              <SubmissionKey value={guide.submissionKey} />
              <FormMessage error={createError?.formError} />
              <ActionPlanFields
                idPrefix="field"
                dimensions={guide.dimensionOptions}
                values={{ ...createError?.values, dimensionKey: defaultDimension }}
                errors={createError?.fieldErrors ?? {}}
                today={guide.today}
                example={t("guide.newPlan.example")}
              />
              <button type="submit" className="button">
                {t("guide.newPlan.save")}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section aria-labelledby="plans-h">
        <h2 id="plans-h">{t("guide.plans.heading")}</h2>
        {guide.plans.length === 0 ? (
          <p className="muted">{t("guide.plans.none")}</p>
        ) : (
          <ul className="plain-list">
            {guide.plans.map((plan) => (
              <li key={plan.id} id={`plan-${plan.id}`} className="card">
                <h3>{plan.action}</h3>
                <PlanFacts plan={plan} />
                {guide.canEdit ? <StatusForm plan={plan} error={updateError?.planId === plan.id ? updateError : undefined} /> : null}
              </li>
            ))}
          </ul>
        )}
        {guide.plans.length > 0 ? <p className="muted">{t("guide.plans.kept")}</p> : null}
      </section>

      <section aria-labelledby="review-h">
        <h2 id="review-h">{t("guide.review.heading")}</h2>
        {guide.reviewDue.length === 0 ? (
          <p className="muted">{t("guide.review.none")}</p>
        ) : (
          <ul className="plain-list">
            {guide.reviewDue.map((due) => (
              <li key={due.plan.id} className="card">
                <h3>{due.plan.action}</h3>
                <p>{t("guide.review.due", { dimension: due.plan.dimensionName, owner: due.plan.owner, reasons: joinParts(t, due.reasonsSaid.map(say)) })}</p>
                {due.scoreThen !== null || due.scoreNow !== null ? (
                  <p>
                    {t("guide.review.scores", { dimension: due.plan.dimensionName, then: one(due.scoreThen), date: f.date(due.plan.wave.periodStart), now: one(due.scoreNow) })}
                  </p>
                ) : null}
                {guide.canEdit ? (
                  <p className="no-print">
                    <a href={`#plan-${due.plan.id}`}>{t("guide.review.record")}</a>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
