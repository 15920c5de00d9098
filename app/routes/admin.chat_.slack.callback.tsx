import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { completeSlackInstall } from "~/services/chat.server";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminChat.connectingTitle", "Connecting Slack");

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
  if (!result.ok) return data({ error: result.formError ?? said("adminChat.notConnected") }, { status: result.status });
  throw redirect(`/admin/chat?connected=${encodeURIComponent(result.value.workspaceName)}`);
}

export default function SlackCallback() {
  const { error } = useLoaderData<typeof loader>();
  const { t, say } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("adminChat.notConnectedTitle")}</h1>
      <p role="alert">{say(error)}</p>
      <p>
        <Link to="/admin/chat">{t("adminChat.back")}</Link>
      </p>
    </div>
  );
}
