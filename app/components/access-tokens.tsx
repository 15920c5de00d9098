import { Form, useNavigation } from "@remix-run/react";
import { CopyableSecret, Field, FormMessage, SubmissionKey } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { useI18n } from "~/i18n/react";
import type { MessageKey } from "~/i18n/translate";

/** A token as its page lists it (app/http/token-page.server.ts, tokensForPage). */
export interface TokenRow {
  id: string;
  name: string;
  createdAt: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What the token page's action answered: a token made (shown once), one revoked, or refusals. */
export interface TokenFormResult {
  created: { token: string | null } | null;
  revoked: boolean;
  name: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
}

/** The words that differ between the token pages (message keys); the rest is the same on each. */
export interface TokenWords {
  revoked: MessageKey;
  createdNotice: MessageKey;
  newTokenLabel: MessageKey;
  nameHint: MessageKey;
  create: MessageKey;
  tableLabel: MessageKey;
}

/**
 * An admin page's bearer tokens: the new token, shown once to copy; the form that makes one (a new
 * submission key after each save remounts it empty, so a second click cannot make a second token); the
 * list, each live token with its revoke button.
 */
export function AccessTokens({ tokens, submissionKey, result, words }: { tokens: TokenRow[]; submissionKey: string; result: TokenFormResult | undefined; words: TokenWords }) {
  const { t } = useI18n();
  const creating = useNavigation().formData?.get("intent") === "create";
  const failed = Boolean(result?.formError || Object.keys(result?.fieldErrors ?? {}).length > 0);
  return (
    <>
      <FormMessage error={result?.formError} success={result?.revoked ? t(words.revoked) : undefined} />
      {result?.created?.token ? (
        <div className="notice notice--success" role="status">
          <p>{t(words.createdNotice, { name: result.name })}</p>
          <CopyableSecret value={result.created.token} label={t(words.newTokenLabel)} />
        </div>
      ) : result?.created ? (
        <div className="notice notice--warning" role="status">
          {t("adminApi.alreadySent", { name: result.name })}
        </div>
      ) : null}
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <Field name="name" label={t("adminApi.name")} hint={t(words.nameHint)} error={result?.fieldErrors?.name} defaultValue={failed ? result?.name : undefined} />
        <button type="submit" className="button" name="intent" value="create" disabled={creating}>
          {creating ? t("adminApi.creating") : t(words.create)}
        </button>
      </Form>
      <h2>{t("adminApi.tokens")}</h2>
      {tokens.length === 0 ? (
        <p>{t("adminApi.noTokens")}</p>
      ) : (
        <TableWrap label={t(words.tableLabel)}>
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
    </>
  );
}
