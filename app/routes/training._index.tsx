import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { CheckboxGroup, Field, FormMessage, SubmissionKey } from "~/components/forms";
import { createCohort, getTrainingForm, listCohorts } from "~/services/training.server";
import { dimensionNamesIn } from "~/services/dimension-names.server";
import { requestLocale } from "~/services/locale.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formList, formText } from "~/utils/form-fields";
import { z } from "zod";
import { formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "training.title", "Manager training");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const [cohorts, form, locale] = await Promise.all([listCohorts(context.app, user), getTrainingForm(context.app, user), requestLocale(context, request)]);
  // The dimensions named in the reader's language: Candor's from the item bank, renamed and custom ones as stored.
  const name = dimensionNamesIn(locale);
  const dimensions = form.dimensions.map((d) => ({ ...d, name: name(d.key, d.name) }));
  // A new key each time the page is shown: the form sent twice with one key records one training.
  return { cohorts, form: { ...form, dimensions }, submissionKey: crypto.randomUUID() };
}

const CohortSchema = z.object({ name: formText, heldOn: formText, managerIds: formList, dimensionKeys: formList, submissionKey: formText });

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const parsed = parseForm(CohortSchema, await readForm(request));
  if (!parsed.success) return data({ formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const { submissionKey, ...cohort } = parsed.data;
  const result = await attempt(() => createCohort(context.app, user, cohort, submissionKey || undefined));
  if (!result.ok) return data({ formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return redirect(`/training/${result.value.id}`);
}

export default function Training() {
  const { cohorts, form, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const names = new Map(form.dimensions.map((d) => [d.key, d.name]));
  const { t, locale } = useI18n();
  const format = formatsFor(locale);
  return (
    <div className="page page--narrow">
      <h1>{t("training.title")}</h1>
      <p>{t("training.intro")}</p>
      <h2>{t("training.list")}</h2>
      {cohorts.length === 0 ? (
        <p className="muted">{t("training.empty")}</p>
      ) : (
        <ul className="tree-list">
          {cohorts.map((c) => (
            <li key={c.id}>
              <Link to={`/training/${c.id}`}>{c.name}</Link>{" "}
              <span className="muted">
                · {format.date(c.heldOn)} · {t("training.managers", { count: Number(c.managers) })} · {c.dimensionKeys.map((k) => names.get(k) ?? k).join(", ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("training.record")}</h2>
      <FormMessage error={result?.formError} />
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <Field name="name" label={t("training.name")} hint={t("training.nameHint")} error={result?.fieldErrors?.name} />
        <Field name="heldOn" label={t("training.heldOn")} type="date" error={result?.fieldErrors?.heldOn} />
        <CheckboxGroup
          name="managerIds"
          legend={t("training.managersWho")}
          options={form.managers.map((m) => ({
            value: m.id,
            label: (
              <>
                {m.name} <span className="muted">({m.teams.join(", ")})</span>
              </>
            ),
          }))}
          error={result?.fieldErrors?.managerIds}
        />
        <CheckboxGroup
          name="dimensionKeys"
          legend={t("training.dimensions")}
          options={form.dimensions.map((d) => ({ value: d.key, label: d.name }))}
          error={result?.fieldErrors?.dimensionKeys}
        />
        <button type="submit" className="button">
          {t("training.save")}
        </button>
      </Form>
    </div>
  );
}
