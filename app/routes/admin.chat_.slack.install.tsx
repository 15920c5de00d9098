// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { slackInstallUrl } from "~/services/chat.server";

export const meta: MetaFunction = () => [{ title: "Add to Slack · Candor" }];

// "Add to Slack": sends the admin to Slack's authorize page with a state bound to their session (ADR 047).
export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const result = await attempt(async () => slackInstallUrl(context.app, user));
  if (!result.ok) return data({ error: result.formError ?? "Slack cannot be added from here." }, { status: result.status });
  throw redirect(result.value);
}

export default function AddToSlack() {
  const { error } = useLoaderData<typeof loader>();
  return (
    <div className="page page--narrow">
      <h1>Slack cannot be added from here</h1>
      <p role="alert">{error}</p>
      <p>
        <Link to="/admin/chat">Back to Slack and Teams</Link>
      </p>
    </div>
  );
}
