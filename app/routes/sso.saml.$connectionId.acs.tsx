import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { SsoProblemPage } from "~/components/sso-problem";
import { sessionCookie } from "~/auth/session.server";
import { endSamlFlowCookie, readSamlFlowCookie, samlTestCookie } from "~/http/saml-cookies.server";
import { readForm } from "~/http/forms.server";
import { consumeSamlResponse } from "~/services/saml.server";
import { titleFrom } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminSso.samlSection", "Company sign-in");

// The assertion consumer service (ADR 043): the identity provider's page posts the SAML response here
// (HTTP-POST binding), from its own site. server/app.ts lets this one path through the same-origin check for
// a form post; what protects it instead is the flow cookie's request ID, the signature and the replay store.
export async function action({ context, request, params }: ActionFunctionArgs) {
  const connectionId = params.connectionId ?? "";
  const form = await readForm(request);
  const samlResponse = form.get("SAMLResponse");
  const outcome = await consumeSamlResponse(context.app, connectionId, {
    samlResponse: typeof samlResponse === "string" && samlResponse.length > 0 ? samlResponse : null,
    flowToken: readSamlFlowCookie(request),
  });
  const headers = new Headers({ "Cache-Control": "no-store" });
  // The flow is over whatever the answer was: a second post of it finds no flow.
  headers.append("Set-Cookie", endSamlFlowCookie(connectionId));
  switch (outcome.kind) {
    case "signed-in":
      headers.append("Set-Cookie", sessionCookie(context.app, outcome.token, outcome.expiresAt));
      // 303: the browser follows with a GET (the provider's POST must not be sent again).
      throw redirect(outcome.redirectTo, { status: 303, headers });
    case "tested":
      headers.append("Set-Cookie", samlTestCookie(connectionId, outcome.resultToken, outcome.maxAgeSeconds, !context.app.config.development));
      throw redirect(outcome.adminPath, { status: 303, headers });
    case "refused":
      return data({ message: outcome.message, retryPath: outcome.retryPath }, { status: outcome.status, headers });
  }
}

export default function SamlAcs() {
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return <SsoProblemPage message={result?.message ?? t("sso.acsOnly")} retryPath={result?.retryPath ?? null} />;
}
