import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CopyableSecret, Field, FormMessage, SubmissionKey } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/services/api-tokens.server";
import { TableWrap } from "~/components/table-wrap";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { z } from "zod";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminApi.title", "API tokens");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const tokens = await listApiTokens(context.app, user);
  return {
    // A new key each time the page is shown: the token form sent twice with one key creates one token.
    submissionKey: crypto.randomUUID(),
    tokens: tokens.map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString().slice(0, 10),
      lastUsedAt: t.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? null,
      revokedAt: t.revokedAt?.toISOString().slice(0, 10) ?? null,
    })),
  };
}

const TokenActionSchema = z.object({ intent: z.enum(["create", "revoke"]).default("create"), id: formText, name: formText, submissionKey: formText });

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(TokenActionSchema, await readForm(request));
  if (!parsed.success) return data({ created: null, revoked: false, name: "", formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    if (input.intent === "revoke") {
      await revokeApiToken(context.app, user, input.id);
      return { created: null, revoked: true, name: "" };
    }
    return { created: await createApiToken(context.app, user, input.name, input.submissionKey || undefined), revoked: false, name: input.name.trim() };
  });
  if (!result.ok) return data({ created: null, revoked: false, name: input.name, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { ...result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function ApiTokens() {
  const { tokens, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const creating = useNavigation().formData?.get("intent") === "create";
  const failed = Boolean(result?.formError || Object.keys(result?.fieldErrors ?? {}).length > 0);
  const { t, rich } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("adminApi.title")}</h1>
      <p>{rich<ReactNode>("adminApi.intro", { path: "/api/v1/…", code: (chunks) => <code key="code">{chunks}</code> })}</p>
      <FormMessage error={result?.formError} success={result?.revoked ? t("adminApi.revoked") : undefined} />
      {result?.created?.token ? (
        <div className="notice notice--success" role="status">
          <p>{t("adminApi.createdNotice", { name: result.name })}</p>
          <CopyableSecret value={result.created.token} label={t("adminApi.newTokenLabel")} />
        </div>
      ) : result?.created ? (
        <div className="notice notice--warning" role="status">
          {t("adminApi.alreadySent", { name: result.name })}
        </div>
      ) : null}
      {/* A new key after each save remounts the form empty, so a second click cannot make a second token. */}
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <Field name="name" label={t("adminApi.name")} hint={t("adminApi.nameHint")} error={result?.fieldErrors?.name} defaultValue={failed ? result?.name : undefined} />
        <button type="submit" className="button" name="intent" value="create" disabled={creating}>
          {creating ? t("adminApi.creating") : t("adminApi.create")}
        </button>
      </Form>
      <h2>{t("adminApi.tokens")}</h2>
      {tokens.length === 0 ? (
        <p>{t("adminApi.noTokens")}</p>
      ) : (
        <TableWrap label={t("adminApi.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("adminApi.name")}</th>
                <th scope="col">{t("adminApi.created")}</th>
                <th scope="col">{t("adminApi.lastUsed")}</th>
                <th scope="col">{t("adminApi.status")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{token.createdByName ? t("adminApi.createdBy", { date: token.createdAt, name: token.createdByName }) : token.createdAt}</td>
                  <td>{token.lastUsedAt ?? t("adminApi.never")}</td>
                  <td>
                    {token.revokedAt ? (
                      t("adminApi.revokedOn", { date: token.revokedAt })
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="id" value={token.id} />
                        <button type="submit" className="button button--secondary" name="intent" value="revoke" aria-label={t("adminApi.revokeNamed", { name: token.name })}>
                          {t("adminApi.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
