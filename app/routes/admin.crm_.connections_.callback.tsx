// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { blankCrmOAuthCookie, readCrmOAuthFlow } from "~/auth/crm-oauth-flow.server";
import { attempt } from "~/http/errors.server";
import { completeCrmOAuth } from "~/services/crm-connections.server";

export const meta: MetaFunction = () => [{ title: "Connecting the CRM · Candor" }];

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
  if (!result.ok) return data({ error: result.formError ?? "The CRM could not be connected." }, { status: result.status, headers });
  throw redirect(`/admin/crm/connections?connected=${encodeURIComponent(result.value.label)}`, { headers });
}

export default function CrmCallback() {
  const { error } = useLoaderData<typeof loader>();
  return (
    <div className="page page--narrow">
      <h1>The CRM was not connected</h1>
      <p role="alert">{error}</p>
      <p>
        <Link to="/admin/crm/connections">Back to CRM connections</Link>
      </p>
    </div>
  );
}
