import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { SubmissionKey } from "~/components/forms";
import { ProgramErrorSummary, ProgramFields, programFieldsSchema, type ProgramFormValues } from "~/components/program-form";
import { ProgramPreviewCard } from "~/components/program-preview";
import { requireUserWithRole } from "~/auth/guards.server";
import { getItemBank } from "~/services/instrument.server";
import { requestLocale } from "~/services/locale.server";
import { questionsInLanguage } from "~/services/results-language.server";
import { createProgram, getProgramFormContext, previewProgram } from "~/services/programs.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { formText } from "~/utils/form-fields";
import { newRotationSeed } from "~/domain/rotation";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "program.list.new", "New pulse program");

export const ProgramSchema = programFieldsSchema.extend({
  intent: z.enum(["create", "preview"]).default("create"),
  submissionKey: formText,
});

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const locale = await requestLocale(context, request);
  const [bank, teams, plan] = await Promise.all([getItemBank(context.app, user, locale), getTeamTree(context.app, user), getProgramFormContext(context.app, user)]);
  const defaults: ProgramFormValues = {
    name: "",
    dimensionKeys: [],
    itemCodes: bank.otherItems.filter((i) => !i.retiredAt).map((i) => i.code),
    teamIds: [],
    includeSubteams: true,
    cadence: "monthly",
    startsOn: plan.today,
    openDays: "7",
    reminderDays: "3, 5",
    // New programs rotate by default (ADR 052): the default questions take about 4 minutes, over the guideline.
    rotation: true,
    rotationSeed: String(newRotationSeed()),
  };
  return {
    bank,
    teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth })),
    plan: { tree: plan.tree, minGroupSize: plan.minGroupSize, running: plan.running, today: plan.today, fiscalStartMonth: plan.fiscalStartMonth },
    defaults,
    // A new key each time the page is shown: the form sent twice with one key creates one program.
    submissionKey: crypto.randomUUID(),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const parsed = parseForm(ProgramSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, values: null, preview: null }, { status: 400 });
  const { intent, submissionKey, ...draft } = parsed.data;
  const values: ProgramFormValues = { ...draft, dimensionKeys: draft.dimensionKeys.slice(0, 100), itemCodes: draft.itemCodes.slice(0, 500), teamIds: draft.teamIds.slice(0, 2000) };
  if (intent === "preview") {
    const previewed = await attempt(() => previewProgram(context.app, user, draft));
    if (!previewed.ok) return refused(previewed, { values, preview: null });
    // The questions in the reader's language (the item bank's, or the item's own translation), as the form shows them.
    const questions = await questionsInLanguage(context.app, user.organisationId, previewed.value.questions, await requestLocale(context, request));
    return { ok: true as const, formError: undefined, fieldErrors: {} as Record<string, string>, values, preview: { ...previewed.value, questions } };
  }
  const result = await attempt(() => createProgram(context.app, user, draft, { submissionKey: submissionKey || undefined }));
  if (!result.ok) return refused(result, { values, preview: null });
  throw redirect(`/programs/${result.value.id}${result.value.openedWave ? "?opened=1" : ""}`);
}

export default function NewProgram() {
  const { bank, teams, plan, defaults, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("program.list.new")}</h1>
      <ProgramErrorSummary message={result?.formError} errors={errors} />
      {result?.preview ? <ProgramPreviewCard preview={result.preview} /> : null}
      <Form method="post" className="stack" noValidate>
        <SubmissionKey value={submissionKey} />
        <ProgramFields bank={bank} teams={teams} plan={plan} values={result?.values ?? defaults} errors={errors} />
        <div className="inline-form">
          <button type="submit" className="button" name="intent" value="create" disabled={busy}>
            {t("program.new.create")}
          </button>
          <button type="submit" className="button button--secondary" name="intent" value="preview" disabled={busy}>
            {t("program.new.preview")}
          </button>
        </div>
        <p className="field__hint">{t("program.new.previewHint")}</p>
      </Form>
    </div>
  );
}
