import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SsoProblemPage } from "~/components/sso-problem";
import { getOptionalUser, requireUser } from "~/auth/guards.server";
import { samlFlowCookie } from "~/http/saml-cookies.server";
import { startSamlSignIn } from "~/services/saml.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminSso.samlSection", "Company sign-in");

// Starts a SAML sign-in (ADR 043): the browser goes to the identity provider with an AuthnRequest
// (HTTP-Redirect binding), carrying the flow cookie that the provider's answer must match. `?test=1` is an
// admin's test of the connection, which comes back to the connection's admin page instead of signing in.
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const test = url.searchParams.get("test") === "1";
  const testBy = test ? await requireUser(context, request) : null;
  // Someone already signed in who starts a sign-in (not a test) is simply taken where they were going.
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (!test && (await getOptionalUser(context, request))) throw redirect(redirectTo);
  const start = await startSamlSignIn(context.app, params.connectionId ?? "", { redirectTo, testBy });
  if (!start.ok) return data({ message: start.message }, { status: start.status });
  throw redirect(start.location, { headers: { "Set-Cookie": samlFlowCookie(params.connectionId ?? "", start.flowToken, start.maxAgeSeconds), "Cache-Control": "no-store" } });
}

export default function SamlStart() {
  const { message } = useLoaderData<typeof loader>();
  return <SsoProblemPage message={message} retryPath={null} />;
}
