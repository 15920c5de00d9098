import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { blankCrmOAuthCookie, readCrmOAuthFlow } from "~/auth/crm-oauth-flow.server";
import { attempt } from "~/http/errors.server";
import { completeCrmOAuth } from "~/services/crm-connections.server";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "crm.callback.title", "Connecting the CRM");

// The CRM provider's OAuth redirect back (a GET, so the same-origin check of mutations does not cover it):
// the service checks that `state` belongs to this admin's session and this browser's flow cookie before it
// trades the code (with the PKCE verifier) for tokens. The flow cookie is cleared whatever happens.
export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const { app } = context;
  const url = new URL(request.url);
  const flow = readCrmOAuthFlow(app.config, request, app.now());
  const result = await attempt(() =>
    completeCrmOAuth(app, user, flow, {
      code: url.searchParams.get("code") ?? undefined,
      state: url.searchParams.get("state") ?? undefined,
      error: url.searchParams.get("error") ?? undefined,
      errorDescription: url.searchParams.get("error_description") ?? undefined,
    }),
  );
  const headers = { "Set-Cookie": blankCrmOAuthCookie(app.config), "Cache-Control": "no-store" };
  if (!result.ok) return data({ error: result.formError ?? said("crm.callback.failed") }, { status: result.status, headers });
  throw redirect(`/admin/crm/connections?connected=${encodeURIComponent(result.value.label)}`, { headers });
}

export default function CrmCallback() {
  const { error } = useLoaderData<typeof loader>();
  const { t, say } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("crm.callback.heading")}</h1>
      <p role="alert">{say(error)}</p>
      <p>
        <Link to="/admin/crm/connections">{t("crm.callback.back")}</Link>
      </p>
    </div>
  );
}
