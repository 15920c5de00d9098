// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { CheckboxGroup, Field, FormMessage, SubmissionKey } from "~/components/forms";
import { createCohort, getTrainingForm, listCohorts } from "~/services/training.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formList, formText } from "~/utils/form-fields";
import { z } from "zod";
import { formatDate } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Manager training · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const [cohorts, form] = await Promise.all([listCohorts(context.app, user), getTrainingForm(context.app, user)]);
  // A new key each time the page is shown: the form sent twice with one key records one training.
  return { cohorts, form, submissionKey: crypto.randomUUID() };
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
  return (
    <div className="page page--narrow">
      <h1>Manager training</h1>
      <p>
        Record a training the managers took, and Candor compares their teams before and after it with similar teams whose managers did not take it: on the dimensions it targets, on
        win rate and on forecast bias.
      </p>
      <h2>Trainings</h2>
      {cohorts.length === 0 ? (
        <p className="muted">No training recorded yet. Add the first one below.</p>
      ) : (
        <ul className="tree-list">
          {cohorts.map((c) => (
            <li key={c.id}>
              <Link to={`/training/${c.id}`}>{c.name}</Link>{" "}
              <span className="muted">
                · {formatDate(c.heldOn)} · {Number(c.managers)} manager{Number(c.managers) === 1 ? "" : "s"} · {c.dimensionKeys.map((k) => names.get(k) ?? k).join(", ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>Record a training</h2>
      <FormMessage error={result?.formError} />
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <Field name="name" label="Training" hint="Such as “Coaching by questions”." error={result?.fieldErrors?.name} />
        <Field name="heldOn" label="Held on" type="date" error={result?.fieldErrors?.heldOn} />
        <CheckboxGroup
          name="managerIds"
          legend="Managers who took it"
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
          legend="Dimensions it targets"
          options={form.dimensions.map((d) => ({ value: d.key, label: d.name }))}
          error={result?.fieldErrors?.dimensionKeys}
        />
        <button type="submit" className="button">
          Save the training
        </button>
      </Form>
    </div>
  );
}
