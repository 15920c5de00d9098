// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { PlayForm, PlayFormSchema } from "~/components/play-form";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { createPlay } from "~/services/playbook.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction = () => [{ title: "New play · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  await requireUserWithRole(context, request, "enablement", "admin");
  // A new key each time the page is shown: the form sent twice with one key adds one play.
  return { submissionKey: crypto.randomUUID() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const parsed = parseForm(PlayFormSchema.extend({ submissionKey: formText }), await readForm(request));
  if (!parsed.success) return data({ formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors, values: null }, { status: 400 });
  const { submissionKey, ...values } = parsed.data;
  const result = await attempt(() => createPlay(context.app, user, values, submissionKey || undefined));
  if (!result.ok) return data({ formError: result.formError, fieldErrors: result.fieldErrors, values }, { status: result.status });
  return redirect(`/playbook/${result.value.id}?saved=1`);
}

export default function NewPlay() {
  const { submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <p className="no-print">
        <Link to="/playbook">← Playbook</Link>
      </p>
      <h1>New play</h1>
      <p>A play your managers can run with their teams. Recommendations pick it for a team when it answers one of the team&apos;s signals, for the dimensions you tick.</p>
      <PlayForm values={result?.values ?? {}} formError={result?.formError} fieldErrors={result?.fieldErrors ?? {}} submitLabel="Add the play" submissionKey={submissionKey} />
    </div>
  );
}
