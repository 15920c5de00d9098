// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FormMessage, Notice, SelectField, SubmissionKey } from "~/components/forms";
import { ActionPlanFields } from "~/components/action-plan-fields";
import { PlayForm, PlayFormSchema } from "~/components/play-form";
import { formatDate } from "~/domain/format";
import { isSignal, PLAY_DIMENSIONS, SIGNAL_LABELS } from "~/domain/playbook";
import { createActionPlanFromPlay, getPlayPlanForm } from "~/services/action-plans.server";
import { archivePlay, canEditPlays, getPlay, updatePlay } from "~/services/playbook.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { teamOptions } from "~/utils/team-options";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.play.title ?? "Play"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { createdAt: _createdAt, ...play } = await getPlay(context.app, user, params.playId ?? "");
  const planForm = play.archivedAt ? null : await getPlayPlanForm(context.app, user, play.id);
  return {
    play: { ...play, archivedAt: play.archivedAt ? formatDate(play.archivedAt) : null, updatedAt: formatDate(play.updatedAt) },
    canEdit: canEditPlays(user),
    // Managers and admins can turn the play into an action plan for one of their teams.
    // With a submission key, new each time the page is shown: the plan form sent twice with one key saves one plan (ADR 034).
    planForm: planForm ? { ...planForm, submissionKey: crypto.randomUUID() } : null,
  };
}

const PlayActionSchema = PlayFormSchema.extend({
  intent: z.enum(["save", "archive", "restore", "plan"], { error: "Unknown request." }).default("save"),
  teamId: formText,
  dimensionKey: formText,
  action: formText,
  owner: formText,
  reviewOn: formText,
  submissionKey: formText,
});

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const playId = params.playId ?? "";
  const parsed = parseForm(PlayActionSchema, await readForm(request));
  if (!parsed.success)
    return data({ intent: "save" as const, formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors, values: null, planValues: null }, { status: 400 });
  const { intent, teamId, dimensionKey, action: planAction, owner, reviewOn, submissionKey, ...values } = parsed.data;
  if (intent === "plan") {
    const planValues = { teamId, dimensionKey, action: planAction, owner, reviewOn };
    const made = await attempt(() =>
      createActionPlanFromPlay(context.app, user, playId, teamId, { dimensionKey, action: planAction, owner, reviewOn }, submissionKey || undefined),
    );
    if (!made.ok) return data({ intent, formError: made.formError, fieldErrors: made.fieldErrors, values: null, planValues }, { status: made.status });
    return redirect(`/teams/${made.value.teamId}/guide?saved=1`);
  }
  const result = await attempt(async () => {
    if (intent === "archive" || intent === "restore") {
      await archivePlay(context.app, user, playId, intent === "archive");
      return `/playbook/${playId}?${intent === "archive" ? "archived" : "restored"}=1`;
    }
    await updatePlay(context.app, user, playId, values);
    return `/playbook/${playId}?saved=1`;
  });
  if (!result.ok) return data({ intent, formError: result.formError, fieldErrors: result.fieldErrors, values, planValues: null }, { status: result.status });
  return redirect(result.value);
}

const dimensionName = (key: string) => PLAY_DIMENSIONS.find((d) => d.key === key)?.name ?? key;

export default function PlayPage() {
  const { play, canEdit, planForm } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const result = answer && answer.intent !== "plan" ? answer : undefined;
  const planResult = answer?.intent === "plan" ? answer : undefined;
  const [search] = useSearchParams();
  const success = search.get("saved")
    ? "Play saved."
    : search.get("archived")
      ? "Play archived: it is no longer recommended."
      : search.get("restored")
        ? "Play back in the library."
        : undefined;
  return (
    <div className="page page--narrow">
      <p className="no-print">
        <Link to="/playbook">← Playbook</Link>
      </p>
      <h1>{play.title}</h1>
      {answer ? null : <FormMessage success={success} />}
      {play.archivedAt ? <Notice tone="warning">Archived on {play.archivedAt}: this play is not in the library and is not recommended.</Notice> : null}
      <p className="lead">{play.summary}</p>
      <section className="card" aria-labelledby="what">
        <h2 id="what">What the manager does</h2>
        <p>{play.managerDoes}</p>
        <dl className="facts">
          <dt>How often</dt>
          <dd>{play.cadence}</dd>
          <dt>Good result</dt>
          <dd>{play.goodResult}</dd>
          <dt>Dimensions</dt>
          <dd>{play.dimensionKeys.map(dimensionName).join(", ")}</dd>
          <dt>Signals</dt>
          <dd>
            {play.signals
              .filter(isSignal)
              .map((s) => SIGNAL_LABELS[s])
              .join("; ") || "none"}
          </dd>
          <dt>From</dt>
          <dd>
            {play.source === "candor" ? "Candor's default library" : "your organisation"}, last changed {play.updatedAt}
          </dd>
        </dl>
      </section>
      {planForm ? (
        <PlanFromPlay form={planForm} result={planResult} />
      ) : canEdit && !play.archivedAt ? (
        <p className="muted no-print">Action plans are written by a team&apos;s manager: send them this page to turn the play into a plan for their team.</p>
      ) : null}
      {canEdit ? (
        <>
          <details className="card no-print" open={Boolean(result)}>
            <summary>Edit this play</summary>
            <PlayForm values={result?.values ?? play} formError={result?.formError} fieldErrors={result?.fieldErrors ?? {}} submitLabel="Save the play" />
          </details>
          <Form method="post" className="no-print">
            <button type="submit" name="intent" value={play.archivedAt ? "restore" : "archive"} className={play.archivedAt ? "button" : "button button--secondary"}>
              {play.archivedAt ? "Bring back into the library" : "Archive this play"}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}

type PlanFormData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["planForm"]>;

/** Turning the play into an action plan for one of the person's teams, prefilled from the play. */
function PlanFromPlay({ form, result }: { form: PlanFormData; result?: { formError?: string; fieldErrors: Record<string, string>; planValues: Record<string, string> | null } }) {
  const values = { ...form.values, teamId: form.teams[0]?.id ?? "", ...(result?.planValues ?? {}) };
  const errors = result?.fieldErrors ?? {};
  return (
    <section className="card no-print" aria-labelledby="plan-h">
      <h2 id="plan-h">Make it an action plan</h2>
      {form.teams.length === 0 ? (
        <p className="muted">You have no team to plan for.</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <p>The plan goes on the team&apos;s conversation guide, tied to its latest results, and comes back for review on its date and when the next wave closes.</p>
          <input type="hidden" name="intent" value="plan" />
          <SubmissionKey value={form.submissionKey} />
          <FormMessage error={result?.formError} />
          <SelectField name="teamId" label="Team" options={teamOptions(form.teams)} defaultValue={values.teamId} error={errors.teamId} />
          <ActionPlanFields idPrefix="field-plan" dimensions={form.dimensions} values={values} errors={errors} today={form.today} />
          <button type="submit" className="button">
            Create the action plan
          </button>
        </Form>
      )}
    </section>
  );
}
