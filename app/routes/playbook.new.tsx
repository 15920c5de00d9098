import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { PlayForm, playInputOf } from "~/components/play-form";
import { InputError } from "~/services/errors";
import { createPlay } from "~/services/playbook.server";
import { readForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "New play · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  await requireUserWithRole(context, request, "enablement", "admin");
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const values = playInputOf(await readForm(request));
  try {
    const { id } = await createPlay(context.app, user, values);
    return redirect(`/playbook/${id}?saved=1`);
  } catch (error) {
    if (error instanceof InputError) return data({ formError: error.message, fieldErrors: error.fieldErrors, values }, { status: 400 });
    throw error;
  }
}

export default function NewPlay() {
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <p className="no-print">
        <Link to="/playbook">← Playbook</Link>
      </p>
      <h1>New play</h1>
      <p>A play your managers can run with their teams. Recommendations pick it for a team when it answers one of the team&apos;s signals, for the dimensions you tick.</p>
      <PlayForm values={result?.values ?? {}} formError={result?.formError} fieldErrors={result?.fieldErrors ?? {}} submitLabel="Add the play" />
    </div>
  );
}
