import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CopyableSecret, Field, FormMessage, SubmissionKey } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { createScimToken, getScimAdmin, revokeScimToken, SCIM_LOG_DAYS, SCIM_LOG_KEEP } from "~/services/scim-admin.server";
import { formText } from "~/utils/form-fields";
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
    tokens: tokens.map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString().slice(0, 10),
      lastUsedAt: t.lastUsedAt ? minute(t.lastUsedAt) : null,
      revokedAt: t.revokedAt?.toISOString().slice(0, 10) ?? null,
    })),
    requests: requests.map((r) => ({ ...r, occurredAt: minute(r.occurredAt), received: r.received === null ? null : JSON.stringify(r.received, null, 2) })),
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
      await revokeScimToken(context.app, user, input.id);
      return { created: null, revoked: true, name: "" };
    }
    return { created: await createScimToken(context.app, user, input.name, input.submissionKey || undefined), revoked: false, name: input.name.trim() };
  });
  if (!result.ok) return data({ created: null, revoked: false, name: input.name, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { ...result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function ScimAdmin() {
  const { baseUrl, keeps, tokens, requests, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const creating = useNavigation().formData?.get("intent") === "create";
  const failed = Boolean(result?.formError || Object.keys(result?.fieldErrors ?? {}).length > 0);
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
      <FormMessage error={result?.formError} success={result?.revoked ? t("adminScim.revoked") : undefined} />
      {result?.created?.token ? (
        <div className="notice notice--success" role="status">
          <p>{t("adminScim.createdNotice", { name: result.name })}</p>
          <CopyableSecret value={result.created.token} label={t("adminScim.newTokenLabel")} />
        </div>
      ) : result?.created ? (
        <div className="notice notice--warning" role="status">
          {t("adminApi.alreadySent", { name: result.name })}
        </div>
      ) : null}
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <Field name="name" label={t("adminApi.name")} hint={t("adminScim.nameHint")} error={result?.fieldErrors?.name} defaultValue={failed ? result?.name : undefined} />
        <button type="submit" className="button" name="intent" value="create" disabled={creating}>
          {creating ? t("adminApi.creating") : t("adminScim.create")}
        </button>
      </Form>
      <h2>{t("adminApi.tokens")}</h2>
      {tokens.length === 0 ? (
        <p>{t("adminApi.noTokens")}</p>
      ) : (
        <TableWrap label={t("adminScim.tokens")}>
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
