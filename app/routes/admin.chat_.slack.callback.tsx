// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { completeSlackInstall } from "~/services/chat.server";

export const meta: MetaFunction = () => [{ title: "Connecting Slack · Candor" }];

// Slack's OAuth v2 redirect back (a GET, so the same-origin check of mutations does not cover it): the
// service checks that `state` belongs to this admin's session before it trades the code for a token.
export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const url = new URL(request.url);
  const result = await attempt(() =>
    completeSlackInstall(context.app, user, {
      code: url.searchParams.get("code") ?? undefined,
      state: url.searchParams.get("state") ?? undefined,
      error: url.searchParams.get("error") ?? undefined,
    }),
  );
  if (!result.ok) return data({ error: result.formError ?? "Slack could not be connected." }, { status: result.status });
  throw redirect(`/admin/chat?connected=${encodeURIComponent(result.value.workspaceName)}`);
}

export default function SlackCallback() {
  const { error } = useLoaderData<typeof loader>();
  return (
    <div className="page page--narrow">
      <h1>Slack was not connected</h1>
      <p role="alert">{error}</p>
      <p>
        <Link to="/admin/chat">Back to Slack and Teams</Link>
      </p>
    </div>
  );
}
