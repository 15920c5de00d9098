import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/guards.server";
import { blankOidcFlowCookie, readOidcFlow } from "~/auth/oidc-flow.server";
import { sessionCookie } from "~/auth/session.server";
import { finishOidcSignIn } from "~/services/sso-oidc.server";
import { SsoProblemPage } from "~/components/sso-problem";
import { TableWrap } from "~/components/table-wrap";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminSso.samlSection", "Company sign-in");

// Where every OpenID Connect provider sends the browser back (one redirect URI per installation, ADR 046).
// The flow cookie is cleared whatever the outcome, so a callback works once.
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { app } = context;
  const flow = readOidcFlow(app.config, request, app.now());
  // Only a test needs to know who is signed in here (the admin who started it); a sign-in does not.
  const user = flow?.test ? await getOptionalUser(context, request) : null;
  const result = await finishOidcSignIn(app, { query: new URL(request.url).searchParams, flow, user, address: context.clientAddress });
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", blankOidcFlowCookie(app.config));
  if (!result.ok) {
    if (result.retryAt) headers.set("Retry-After", String(Math.max(1, Math.ceil((result.retryAt.getTime() - app.now().getTime()) / 1000))));
    return data({ kind: "refused" as const, message: result.message, report: null, connectionId: null }, { status: result.status, headers });
  }
  if (result.kind === "test") return data({ kind: "test" as const, message: null, report: result.report, connectionId: result.connectionId }, { headers });
  headers.append("Set-Cookie", sessionCookie(app, result.token, result.expiresAt));
  throw redirect(result.redirectTo, { headers });
}

export default function SsoCallback() {
  const { kind, message, report, connectionId } = useLoaderData<typeof loader>();
  const { t, say } = useI18n();
  if (kind === "refused" || !report) return <SsoProblemPage retryPath={null} message={message ?? ""} />;
  return (
    <div className="page">
      <h1>{t("sso.testOf", { name: report.connectionName })}</h1>
      <p>{t("sso.testIntro")}</p>
      <div className={`notice notice--${report.ok ? "success" : "warning"}`} role="status">
        {say(report.outcome)}
      </div>
      <h2>{t("adminSso.providerSent")}</h2>
      <TableWrap label={t("sso.claimsSent")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("sso.claim")}</th>
              <th scope="col">{t("adminSso.value")}</th>
            </tr>
          </thead>
          <tbody>
            {report.claims.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>{c.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        <Link to={`/admin/sso/oidc/${connectionId}`}>{t("sso.backToProvider")}</Link>
      </p>
    </div>
  );
}
