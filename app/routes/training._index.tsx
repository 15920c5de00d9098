import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { Field, FormMessage } from "~/components/forms";
import { InputError } from "~/services/errors";
import { createCohort, getTrainingForm, listCohorts } from "~/services/training.server";
import { readForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Manager training · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const [cohorts, form] = await Promise.all([listCohorts(context.app, user), getTrainingForm(context.app, user)]);
  return { cohorts, form };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const form = await readForm(request);
  try {
    const { id } = await createCohort(context.app, user, {
      name: String(form.get("name") ?? ""),
      heldOn: String(form.get("heldOn") ?? ""),
      managerIds: form.getAll("managerIds").map(String),
      dimensionKeys: form.getAll("dimensionKeys").map(String),
    });
    return redirect(`/training/${id}`);
  } catch (error) {
    if (error instanceof InputError) return data({ formError: error.message, fieldErrors: error.fieldErrors }, { status: 400 });
    throw error;
  }
}

export default function Training() {
  const { cohorts, form } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const names = new Map(form.dimensions.map((d) => [d.key, d.name]));
  return (
    <div className="page page--narrow">
      <h1>Manager training</h1>
      <p>
        Record a training the managers took, and Candor compares their teams before and after it with similar teams whose managers did not
        take it: on the dimensions it targets, on win rate and on forecast bias.
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
                · {c.heldOn} · {Number(c.managers)} manager{Number(c.managers) === 1 ? "" : "s"} · {c.dimensionKeys.map((k) => names.get(k) ?? k).join(", ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>Record a training</h2>
      <FormMessage error={result?.formError} />
      <Form method="post" className="stack" noValidate>
        <Field name="name" label="Training" hint="Such as “Coaching by questions”." error={result?.fieldErrors?.name} />
        <Field name="heldOn" label="Held on" type="date" error={result?.fieldErrors?.heldOn} />
        <fieldset aria-describedby={result?.fieldErrors?.managerIds ? "managers-error" : undefined}>
          <legend>Managers who took it</legend>
          {result?.fieldErrors?.managerIds ? (
            <p className="field__error" id="managers-error">
              {result.fieldErrors.managerIds}
            </p>
          ) : null}
          {form.managers.map((m) => (
            <div key={m.id} className="checkbox">
              <input id={`manager-${m.id}`} type="checkbox" name="managerIds" value={m.id} />
              <label htmlFor={`manager-${m.id}`}>
                {m.name} <span className="muted">({m.teams.join(", ")})</span>
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset aria-describedby={result?.fieldErrors?.dimensionKeys ? "dimensions-error" : undefined}>
          <legend>Dimensions it targets</legend>
          {result?.fieldErrors?.dimensionKeys ? (
            <p className="field__error" id="dimensions-error">
              {result.fieldErrors.dimensionKeys}
            </p>
          ) : null}
          {form.dimensions.map((d) => (
            <div key={d.key} className="checkbox">
              <input id={`dimension-${d.key}`} type="checkbox" name="dimensionKeys" value={d.key} />
              <label htmlFor={`dimension-${d.key}`}>{d.name}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button">
          Save the training
        </button>
      </Form>
    </div>
  );
}
