import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessTokens } from "~/components/access-tokens";
import { TableWrap } from "~/components/table-wrap";
import { requireUserWithRole } from "~/auth/guards.server";
import { tokenPageAction, tokensForPage } from "~/http/token-page.server";
import { createScimToken, getScimAdmin, revokeScimToken, SCIM_LOG_DAYS, SCIM_LOG_KEEP } from "~/services/scim-admin.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminScim.title", "Provisioning (SCIM)");

const minute = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const { baseUrl, tokens, requests } = await getScimAdmin(context.app, user);
  return {
    // A new key each time the page is shown: the token form sent twice with one key creates one token.
    submissionKey: crypto.randomUUID(),
    baseUrl,
    keeps: { requests: SCIM_LOG_KEEP, days: SCIM_LOG_DAYS },
    tokens: tokensForPage(tokens),
    requests: requests.map((r) => ({ ...r, occurredAt: minute(r.occurredAt), received: r.received === null ? null : JSON.stringify(r.received, null, 2) })),
  };
}

export const action = (args: ActionFunctionArgs) =>
  tokenPageAction(args, {
    create: (user, name, submissionKey) => createScimToken(args.context.app, user, name, submissionKey),
    revoke: (user, id) => revokeScimToken(args.context.app, user, id),
  });

export default function ScimAdmin() {
  const { baseUrl, keeps, tokens, requests, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("adminScim.title")}</h1>
      <p>{t("adminScim.intro")}</p>
      <h2>{t("adminScim.connect")}</h2>
      <dl className="stack">
        <dt>{t("adminScim.baseUrl")}</dt>
        <dd>
          <code>{baseUrl}</code>
        </dd>
        <dt>{t("adminScim.authentication")}</dt>
        <dd>{t("adminScim.authenticationHow")}</dd>
      </dl>
      <AccessTokens
        tokens={tokens}
        submissionKey={submissionKey}
        result={result}
        words={{
          revoked: "adminScim.revoked",
          createdNotice: "adminScim.createdNotice",
          newTokenLabel: "adminScim.newTokenLabel",
          nameHint: "adminScim.nameHint",
          create: "adminScim.create",
          tableLabel: "adminScim.tokens",
        }}
      />
      <h2>{t("adminScim.recent")}</h2>
      <p>{t("adminScim.recentIntro", { requests: keeps.requests, days: keeps.days })}</p>
      {requests.length === 0 ? (
        <p>{t("adminScim.noRequests")}</p>
      ) : (
        <TableWrap label={t("adminScim.recentLabel")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("adminScim.when")}</th>
                <th scope="col">{t("adminScim.request")}</th>
                <th scope="col">{t("adminApi.status")}</th>
                <th scope="col">{t("adminScim.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td>{r.occurredAt}</td>
                  <td>
                    <code>
                      {r.method} {r.path}
                    </code>
                    {r.received ? (
                      <details>
                        <summary>{t("adminScim.received")}</summary>
                        <pre>{r.received}</pre>
                      </details>
                    ) : null}
                  </td>
                  <td>{r.status}</td>
                  <td>{r.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
