import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FormMessage, Notice, SelectField, SubmissionKey } from "~/components/forms";
import { ActionPlanFields } from "~/components/action-plan-fields";
import { PlayForm, PlayFormSchema } from "~/components/play-form";
import { formatsFor } from "~/domain/format";
import { isSignal, SIGNAL_KEYS } from "~/domain/playbook";
import { createActionPlanFromPlay, getPlayPlanForm } from "~/services/action-plans.server";
import { archivePlay, canEditPlays, getPlay, updatePlay } from "~/services/playbook.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { teamOptions } from "~/utils/team-options";
import { z } from "zod";
import { requestLocale } from "~/services/locale.server";
import { playDimensionsIn, playTextIn } from "~/services/playbook-language.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? [{ title: `${data.shown.title} · Candor` }] : titleFrom(matches, "play.page.title", "Play"));

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { createdAt: _createdAt, ...play } = await getPlay(context.app, user, params.playId ?? "");
  const locale = await requestLocale(context, request);
  const planForm = play.archivedAt ? null : await getPlayPlanForm(context.app, user, play.id, locale);
  const format = formatsFor(locale);
  return {
    play: { ...play, archivedAt: play.archivedAt ? format.date(play.archivedAt) : null, updatedAt: format.date(play.updatedAt) },
    dimensions: playDimensionsIn(locale),
    // What the page (and its edit form) shows: Candor's own play in the reader's language; saving words left as
    // shown keeps Candor's (updatePlay), so the play stays in every reader's language.
    shown: playTextIn(play, locale),
    canEdit: canEditPlays(user),
    // Managers and admins can turn the play into an action plan for one of their teams.
    // With a submission key, new each time the page is shown: the plan form sent twice with one key saves one plan (ADR 034).
    planForm: planForm ? { ...planForm, submissionKey: crypto.randomUUID() } : null,
  };
}

const PlayActionSchema = PlayFormSchema.extend({
  intent: z.enum(["save", "archive", "restore", "plan"], { error: said("play.error.unknownRequest") }).default("save"),
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
    // The edit form showed Candor's words in the reader's language: those sent back unchanged stay Candor's.
    await updatePlay(context.app, user, playId, values, await requestLocale(context, request));
    return `/playbook/${playId}?saved=1`;
  });
  if (!result.ok) return data({ intent, formError: result.formError, fieldErrors: result.fieldErrors, values, planValues: null }, { status: result.status });
  return redirect(result.value);
}

export default function PlayPage() {
  const { play, shown, dimensions, canEdit, planForm } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const dimensionName = (key: string) => dimensions.find((d) => d.key === key)?.name ?? key;
  const answer = useActionData<typeof action>();
  const result = answer && answer.intent !== "plan" ? answer : undefined;
  const planResult = answer?.intent === "plan" ? answer : undefined;
  const [search] = useSearchParams();
  const success = search.get("saved")
    ? t("play.page.saved")
    : search.get("archived")
      ? t("play.page.archivedNotice")
      : search.get("restored")
        ? t("play.page.restored")
        : undefined;
  return (
    <div className="page page--narrow">
      <p className="no-print">
        <Link to="/playbook">← {t("play.list.title")}</Link>
      </p>
      <h1>{shown.title}</h1>
      {answer ? null : <FormMessage success={success} />}
      {play.archivedAt ? <Notice tone="warning">{t("play.page.archivedOn", { date: play.archivedAt })}</Notice> : null}
      <p className="lead">{shown.summary}</p>
      <section className="card" aria-labelledby="what">
        <h2 id="what">{t("play.form.managerDoes")}</h2>
        <p>{shown.managerDoes}</p>
        <dl className="facts">
          <dt>{t("play.form.cadence")}</dt>
          <dd>{shown.cadence}</dd>
          <dt>{t("play.page.goodResult")}</dt>
          <dd>{shown.goodResult}</dd>
          <dt>{t("play.page.dimensions")}</dt>
          <dd>{play.dimensionKeys.map(dimensionName).join(", ")}</dd>
          <dt>{t("play.page.signals")}</dt>
          <dd>
            {play.signals
              .filter(isSignal)
              .map((s) => t(SIGNAL_KEYS[s]))
              .join("; ") || t("play.page.none")}
          </dd>
          <dt>{t("play.page.from")}</dt>
          <dd>{t(play.source === "candor" ? "play.page.fromCandor" : "play.page.fromOrganisation", { date: play.updatedAt })}</dd>
        </dl>
      </section>
      {planForm ? <PlanFromPlay form={planForm} result={planResult} /> : canEdit && !play.archivedAt ? <p className="muted no-print">{t("play.page.plansByManagers")}</p> : null}
      {canEdit ? (
        <>
          <details className="card no-print" open={Boolean(result)}>
            <summary>{t("play.page.edit")}</summary>
            <PlayForm
              values={result?.values ?? { ...play, ...shown }}
              formError={result?.formError}
              fieldErrors={result?.fieldErrors ?? {}}
              submitLabel={t("play.page.save")}
              dimensions={dimensions}
            />
          </details>
          <Form method="post" className="no-print">
            <button type="submit" name="intent" value={play.archivedAt ? "restore" : "archive"} className={play.archivedAt ? "button" : "button button--secondary"}>
              {play.archivedAt ? t("play.page.restore") : t("play.page.archive")}
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
  const { t } = useI18n();
  return (
    <section className="card no-print" aria-labelledby="plan-h">
      <h2 id="plan-h">{t("play.page.makePlan")}</h2>
      {form.teams.length === 0 ? (
        <p className="muted">{t("play.page.noTeam")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <p>{t("play.page.planHint")}</p>
          <input type="hidden" name="intent" value="plan" />
          <SubmissionKey value={form.submissionKey} />
          <FormMessage error={result?.formError} />
          <SelectField name="teamId" label={t("play.page.team")} options={teamOptions(form.teams)} defaultValue={values.teamId} error={errors.teamId} />
          <ActionPlanFields idPrefix="field-plan" dimensions={form.dimensions} values={values} errors={errors} today={form.today} />
          <button type="submit" className="button">
            {t("play.page.createPlan")}
          </button>
        </Form>
      )}
    </section>
  );
}
