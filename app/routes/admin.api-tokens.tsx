import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessTokens } from "~/components/access-tokens";
import { requireUserWithRole } from "~/auth/guards.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/services/api-tokens.server";
import { tokenPageAction, tokensForPage } from "~/http/token-page.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminApi.title", "API tokens");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  return {
    // A new key each time the page is shown: the token form sent twice with one key creates one token.
    submissionKey: crypto.randomUUID(),
    tokens: tokensForPage(await listApiTokens(context.app, user)),
  };
}

export const action = (args: ActionFunctionArgs) =>
  tokenPageAction(args, {
    create: (user, name, submissionKey) => createApiToken(args.context.app, user, name, submissionKey),
    revoke: (user, id) => revokeApiToken(args.context.app, user, id),
  });

export default function ApiTokens() {
  const { tokens, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, rich } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("adminApi.title")}</h1>
      <p>{rich<ReactNode>("adminApi.intro", { path: "/api/v1/…", code: (chunks) => <code key="code">{chunks}</code> })}</p>
      <AccessTokens
        tokens={tokens}
        submissionKey={submissionKey}
        result={result}
        words={{
          revoked: "adminApi.revoked",
          createdNotice: "adminApi.createdNotice",
          newTokenLabel: "adminApi.newTokenLabel",
          nameHint: "adminApi.nameHint",
          create: "adminApi.create",
          tableLabel: "adminApi.title",
        }}
      />
    </div>
  );
}
