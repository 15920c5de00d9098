// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FormMessage, Notice, SubmissionKey, TextAreaField } from "~/components/forms";
import { ActionPlanFields } from "~/components/action-plan-fields";
import { ACTION_PLAN_STATUS_LABELS, GENERAL_QUESTIONS } from "~/domain/conversation-guide";
import { withDirection } from "~/domain/reading";
import { formatDate, formatScore } from "~/domain/format";
import { createActionPlan, getConversationGuide, updateActionPlan, type ActionPlanView } from "~/services/action-plans.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Team conversation: ${data?.team.name ?? "Team"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  // submissionKey: a new one each time the page is shown; the plan form sent twice with one key saves one plan.
  return { ...(await getConversationGuide(context.app, user, params.teamId ?? "")), submissionKey: crypto.randomUUID() };
}

const GuideActionSchema = z.object({
  intent: z.enum(["create", "update"], { error: "Unknown request." }).default("create"),
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
  if (!parsed.success) throw new Response(parsed.errors.fieldErrors.intent ?? "The form could not be read. Reload the page and send it again.", { status: 400 });
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

const one = (n: number | null) => (n === null ? "not shown" : formatScore(n));

function PlanFacts({ plan }: { plan: ActionPlanView }) {
  return (
    <dl className="facts">
      <dt>About</dt>
      <dd>{plan.dimensionName}</dd>
      <dt>Owner</dt>
      <dd>{plan.owner}</dd>
      <dt>Review on</dt>
      <dd>{formatDate(plan.reviewOn)}</dd>
      <dt>Status</dt>
      <dd>
        <span className={`badge badge--${plan.status === "open" ? "open" : "neutral"}`}>{ACTION_PLAN_STATUS_LABELS[plan.status]}</span>
      </dd>
      <dt>Made</dt>
      <dd>
        {formatDate(plan.createdOn)}
        {plan.createdByName ? ` by ${plan.createdByName}` : ""}, after the wave of {formatDate(plan.wave.periodStart)}
      </dd>
      {plan.outcomeNote ? (
        <>
          <dt>What came of it</dt>
          <dd>{plan.outcomeNote}</dd>
        </>
      ) : null}
    </dl>
  );
}

function StatusForm({ plan, error }: { plan: ActionPlanView; error?: { formError: string; fieldErrors: Record<string, string> } }) {
  const next = plan.status === "open" ? (["done", "dropped"] as const) : (["open"] as const);
  const words = { done: "Mark as done", dropped: "Drop it", open: "Reopen" } as const;
  return (
    <Form method="post" className="stack no-print" noValidate>
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="planId" value={plan.id} />
      <FormMessage error={error?.formError} />
      <TextAreaField
        id={`note-${plan.id}`}
        name="outcomeNote"
        label="What came of it (optional)"
        hint="A line for the next review, such as what changed or why it was dropped."
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
            aria-label={`${words[status]}: ${plan.action}`}
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
  const createError = result?.intent === "create" ? result : undefined;
  const updateError = result?.intent === "update" ? result : undefined;
  const defaultDimension = createError?.values.dimensionKey ?? guide.focus[0]?.dimension.key ?? guide.dimensionOptions[0]?.key;
  return (
    <div className="page">
      <p className="no-print">
        <Link to={`/teams/${guide.team.id}`}>← {guide.team.name}</Link>
      </p>
      <h1>Team conversation: {guide.team.name}</h1>
      <p>
        Take these results to your next team meeting as a conversation starter, not a verdict. Share the scores, ask the questions, listen, and agree on one or two things to try.
        Never try to work out who answered what: the answers are anonymous, and the conversation only works if it stays that way.
      </p>
      {search.get("saved") ? <Notice tone="success">Action plan saved. It comes back for review on its date, and when the next wave closes.</Notice> : null}
      {search.get("updated") ? <Notice tone="success">Action plan updated.</Notice> : null}

      <section aria-labelledby="focus-h">
        <h2 id="focus-h">What to talk about</h2>
        {!guide.wave ? (
          <Notice>No wave has closed for this team yet. The guide appears when the team&apos;s first pulse closes.</Notice>
        ) : (
          <>
            <p className="muted">
              From {guide.wave.programName}, wave of {formatDate(guide.wave.periodStart)} (closed {formatDate(guide.wave.closedOn)}). Scores run from 1 to 7.
            </p>
            {guide.focus.length === 0 ? (
              <>
                {guide.allHidden ? (
                  <Notice tone="warning">
                    Every score of this team is hidden for this wave: too few people answered, or a smaller group could be worked out from the numbers. There is no score to pick a
                    topic from. You can still talk with the team using the general questions below.
                  </Notice>
                ) : (
                  <Notice>This wave asked no rated questions, so there is no score to pick a topic from. You can still use the general questions below.</Notice>
                )}
                <ol>
                  {GENERAL_QUESTIONS.map((q) => (
                    <li key={q}>{q}</li>
                  ))}
                </ol>
              </>
            ) : (
              guide.focus.map((f, i) => (
                <section key={f.dimension.key} className="card" aria-labelledby={`focus-${f.dimension.key}`}>
                  <h3 id={`focus-${f.dimension.key}`}>
                    {i + 1}. {withDirection(f.dimension.name, f.dimension.higherIsBetter)}
                  </h3>
                  <p>
                    <strong>Why:</strong> {f.reason}.
                  </p>
                  <p>Questions to ask the team:</p>
                  <ol>
                    {f.questions.map((q) => (
                      <li key={q}>{q}</li>
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
          <h2 id="new-plan-h">Add an action plan</h2>
          {!guide.wave ? (
            <p className="muted">You can add action plans once a wave has closed: each plan belongs to the results that prompted it.</p>
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
                example="In the forecast call, ask for the buyer's words behind every change of close date."
              />
              <button type="submit" className="button">
                Save the action plan
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section aria-labelledby="plans-h">
        <h2 id="plans-h">Action plans</h2>
        {guide.plans.length === 0 ? (
          <p className="muted">No action plans yet. After the team conversation, write down what you agreed to try, who owns it and when to review it.</p>
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
        {guide.plans.length > 0 ? <p className="muted">Done and dropped plans stay here for 90 days.</p> : null}
      </section>

      <section aria-labelledby="review-h">
        <h2 id="review-h">Due for review</h2>
        {guide.reviewDue.length === 0 ? (
          <p className="muted">Nothing is due. A plan comes back here on its review date, and when a new wave closes after it was made.</p>
        ) : (
          <ul className="plain-list">
            {guide.reviewDue.map((due) => (
              <li key={due.plan.id} className="card">
                <h3>{due.plan.action}</h3>
                <p>
                  {due.plan.dimensionName}, owned by {due.plan.owner}. Due because {due.reasons.join(", and ")}.
                </p>
                {due.scoreThen !== null || due.scoreNow !== null ? (
                  <p>
                    {due.plan.dimensionName}: {one(due.scoreThen)} in the wave of {formatDate(due.plan.wave.periodStart)}, {one(due.scoreNow)} in the latest wave.
                  </p>
                ) : null}
                {guide.canEdit ? (
                  <p className="no-print">
                    <a href={`#plan-${due.plan.id}`}>Record what came of it</a>
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
