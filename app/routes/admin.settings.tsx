// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { MONTH_NAMES, OrganisationSettingsSchema, RECENT_JOIN_DAYS_MAX } from "~/domain/organisation-settings";
import { getOrganisationSettings, updateSettings } from "~/services/organisations.server";
import { parseForm, readForm } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "Settings · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  return getOrganisationSettings(context.app, user);
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(OrganisationSettingsSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, saved: false }, { status: 400 });
  await updateSettings(context.app, user, parsed.data);
  return { saved: true, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function Settings() {
  const settings = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>Organisation settings</h1>
      <FormMessage error={result?.formError} success={result?.saved ? "Settings saved. New thresholds and join windows apply to waves that open from now on." : undefined} />
      <Form method="post" className="stack" noValidate>
        <Field name="name" label="Organisation name" defaultValue={settings.name} error={result?.fieldErrors?.name} />
        <fieldset>
          <legend>Anonymity</legend>
          <Field
            name="minGroupSize"
            label="Minimum responses before a group's scores are shown"
            type="number"
            min={3}
            inputMode="numeric"
            defaultValue={settings.minGroupSize}
            hint="Default 5, never below 3. A wave keeps the thresholds it opened with: lowering them later never reveals an earlier wave."
            error={result?.fieldErrors?.minGroupSize}
          />
          <Field
            name="minCommentGroupSize"
            label="Minimum responses before a group's comments are shown"
            type="number"
            min={3}
            inputMode="numeric"
            defaultValue={settings.minCommentGroupSize}
            hint="At least the score minimum. Comments identify people more easily than numbers, so some organisations use 10."
            error={result?.fieldErrors?.minCommentGroupSize}
          />
          <Field
            name="recentJoinDays"
            label="Days before a pulse in which people joining a team are pointed out"
            type="number"
            min={0}
            max={RECENT_JOIN_DAYS_MAX}
            inputMode="numeric"
            defaultValue={settings.recentJoinDays}
            hint="Default 14, from 0 (off) to 90. The team's results and pulse form say how many of the people asked joined the team in these days before the pulse opened, so that padding a team shortly before a pulse is seen. A wave keeps the window it opened with."
            error={result?.fieldErrors?.recentJoinDays}
          />
        </fieldset>
        <SelectField
          name="fiscalYearStartMonth"
          label="Fiscal year starts in"
          defaultValue={String(settings.fiscalYearStartMonth)}
          options={MONTH_NAMES.map((m, i) => ({ value: String(i + 1), label: m }))}
          error={result?.fieldErrors?.fiscalYearStartMonth}
        />
        <Field name="timezone" label="Time zone" defaultValue={settings.timezone} hint="Such as Europe/London or America/Chicago." error={result?.fieldErrors?.timezone} />
        <button type="submit" className="button">
          Save settings
        </button>
      </Form>
      <section className="card" aria-labelledby="retention-h">
        <h2 id="retention-h">Data retention</h2>
        <p>Choose whether Candor deletes the individual answers and comments of pulses that closed long ago. Published scores stay.</p>
        <p>
          <Link to="/admin/retention">Data retention</Link>
        </p>
      </section>
    </div>
  );
}
