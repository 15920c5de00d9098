import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
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
    tokens: tokens.map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString().slice(0, 10),
      lastUsedAt: t.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? null,
      revokedAt: t.revokedAt?.toISOString().slice(0, 10) ?? null,
    })),
  };
}

const TokenActionSchema = z.object({ intent: z.enum(["create", "revoke"]).default("create"), id: formText, name: formText });

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(TokenActionSchema, await readForm(request));
  if (!parsed.success) return data({ created: null, revoked: false, formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    if (input.intent === "revoke") {
      await revokeApiToken(context.app, user, input.id);
      return { created: null, revoked: true };
    }
    return { created: await createApiToken(context.app, user, input.name), revoked: false };
  });
  if (!result.ok) return data({ created: null, revoked: false, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { ...result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function ApiTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>API tokens</h1>
      <p>
        A token lets a BI tool read this organisation's results over the read-only API (<code>/api/v1/…</code>, see the README). The same anonymity rules apply as on every page.
        Anyone holding a token can read every team's shown results: give each tool its own, and revoke one you no longer use.
      </p>
      <FormMessage error={result?.formError} success={result?.revoked ? "Token revoked: it stops working at once." : undefined} />
      {result?.created ? (
        <div className="notice notice--success" role="status">
          <p>Copy this token now: it is shown only once.</p>
          <p>
            <code className="token">{result.created.token}</code>
          </p>
        </div>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Field name="name" label="Name" hint="What will use it, such as “Power BI dashboard”." error={result?.fieldErrors?.name} />
        <button type="submit" className="button" name="intent" value="create">
          Create token
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
