import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { oidcFlowCookie } from "~/auth/oidc-flow.server";
import { startOidcSignIn } from "~/services/sso-oidc.server";
import { SsoProblemPage } from "~/components/sso-problem";
import { safeRedirect } from "~/utils/safe-redirect";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminSso.samlSection", "Company sign-in");

// GET, reachable signed out: it changes nothing but the flow cookie it sets (ADR 046). `?test=1` is an
// admin's "test the connection", for a signed-in admin of the connection's organisation only.
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const test = url.searchParams.get("test") === "1";
  const user = test ? await requireUser(context, request) : null;
  const result = await startOidcSignIn(context.app, {
    connectionId: params.connectionId ?? "",
    redirectTo: safeRedirect(url.searchParams.get("redirectTo")),
    test,
    user,
    address: context.clientAddress,
  });
  if (!result.ok) {
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (result.retryAt) headers["Retry-After"] = String(Math.max(1, Math.ceil((result.retryAt.getTime() - context.app.now().getTime()) / 1000)));
    return data({ message: result.message }, { status: result.status, headers });
  }
  throw redirect(result.authorizationUrl, {
    headers: { "Set-Cookie": oidcFlowCookie(context.app.config, result.flow, context.app.now()), "Cache-Control": "no-store" },
  });
}

export default function SsoStartProblem() {
  const { message } = useLoaderData<typeof loader>();
  return <SsoProblemPage retryPath={null} message={message} />;
}
