import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { slackInstallUrl } from "~/services/chat.server";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminChat.addToSlack", "Add to Slack");

// "Add to Slack": sends the admin to Slack's authorize page with a state bound to their session (ADR 047).
export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const result = await attempt(async () => slackInstallUrl(context.app, user));
  if (!result.ok) return data({ error: result.formError ?? said("adminChat.cannotAdd") }, { status: result.status });
  throw redirect(result.value);
}

export default function AddToSlack() {
  const { error } = useLoaderData<typeof loader>();
  const { t, say } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("adminChat.cannotAddTitle")}</h1>
      <p role="alert">{say(error)}</p>
      <p>
        <Link to="/admin/chat">{t("adminChat.back")}</Link>
      </p>
    </div>
  );
}
