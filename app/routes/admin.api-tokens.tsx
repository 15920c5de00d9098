// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CopyableSecret, Field, FormMessage, SubmissionKey } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/services/api-tokens.server";
import { TableWrap } from "~/components/table-wrap";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { z } from "zod";

export const meta: MetaFunction = () => [{ title: "API tokens · Candor" }];

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
  return (
    <div className="page page--narrow">
      <h1>API tokens</h1>
      <p>
        A token lets a BI tool read this organisation's results over the read-only API (<code>/api/v1/…</code>, see the README). The same anonymity rules apply as on every page.
        Anyone holding a token can read every team's shown results: give each tool its own, and revoke one you no longer use.
      </p>
      <FormMessage error={result?.formError} success={result?.revoked ? "Token revoked: it stops working at once." : undefined} />
      {result?.created?.token ? (
        <div className="notice notice--success" role="status">
          <p>Token “{result.name}” created. Copy it now: it is shown only once, and Candor keeps only a fingerprint of it.</p>
          <CopyableSecret value={result.created.token} label="new API token" />
        </div>
      ) : result?.created ? (
        <div className="notice notice--warning" role="status">
          This form was already sent: the token “{result.name}” was created the first time and is in the list below. Its secret was shown only then. If you did not copy it, revoke
          it and create another.
        </div>
      ) : null}
      {/* A new key after each save remounts the form empty, so a second click cannot make a second token. */}
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <Field name="name" label="Name" hint="What will use it, such as “Power BI dashboard”." error={result?.fieldErrors?.name} defaultValue={failed ? result?.name : undefined} />
        <button type="submit" className="button" name="intent" value="create" disabled={creating}>
          {creating ? "Creating…" : "Create token"}
        </button>
      </Form>
      <h2>Tokens</h2>
      {tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <TableWrap label="API tokens">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    {t.createdAt}
                    {t.createdByName ? ` by ${t.createdByName}` : ""}
                  </td>
                  <td>{t.lastUsedAt ?? "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      `revoked ${t.revokedAt}`
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="id" value={t.id} />
                        <button type="submit" className="button button--secondary" name="intent" value="revoke" aria-label={`Revoke ${t.name}`}>
                          Revoke
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
