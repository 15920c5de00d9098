import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { slackInstallUrl } from "~/services/chat.server";

// "Add to Slack": sends the admin to Slack's authorize page with a state bound to their session (ADR 047).
export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const result = await attempt(async () => slackInstallUrl(context.app, user));
  if (!result.ok) return data({ error: result.formError }, { status: result.status });
  throw redirect(result.value);
}
