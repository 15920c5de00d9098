// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
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

export const meta: MetaFunction = () => [{ title: "Provisioning (SCIM) · Candor" }];

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
  return (
    <div className="page page--narrow">
      <h1>Provisioning (SCIM)</h1>
      <p>
        Your identity provider (Okta, Microsoft Entra ID) can keep Candor's people and teams in step with it over SCIM 2.0: people it assigns to Candor are added as reps in no
        team, its groups become teams, and someone it unassigns or deactivates is deactivated here at once (signed out, and left out of every later pulse). Anonymous answers are
        never touched. Roles stay yours to give on the People page.
      </p>
      <h2>Connect your identity provider</h2>
      <dl className="stack">
        <dt>SCIM base URL (Okta: “SCIM connector base URL”; Entra ID: “Tenant URL”)</dt>
        <dd>
          <code>{baseUrl}</code>
        </dd>
        <dt>Authentication (Okta: “HTTP Header”; Entra ID: “Secret Token”)</dt>
        <dd>A token made below. In Okta, the unique identifier field is userName; in Entra ID, match users on userName (their email or user principal name).</dd>
      </dl>
      <FormMessage error={result?.formError} success={result?.revoked ? "Token revoked: the identity provider's next request is refused." : undefined} />
      {result?.created?.token ? (
        <div className="notice notice--success" role="status">
          <p>Token “{result.name}” created. Copy it into your identity provider now: it is shown only once, and Candor keeps only a fingerprint of it.</p>
          <CopyableSecret value={result.created.token} label="new SCIM token" />
        </div>
      ) : result?.created ? (
        <div className="notice notice--warning" role="status">
          This form was already sent: the token “{result.name}” was created the first time and is in the list below. Its secret was shown only then. If you did not copy it, revoke
          it and create another.
        </div>
      ) : null}
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <Field
          name="name"
          label="Name"
          hint="Which identity provider will use it, such as “Okta”."
          error={result?.fieldErrors?.name}
          defaultValue={failed ? result?.name : undefined}
        />
        <button type="submit" className="button" name="intent" value="create" disabled={creating}>
          {creating ? "Creating…" : "Create SCIM token"}
        </button>
      </Form>
      <h2>Tokens</h2>
      {tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <TableWrap label="SCIM tokens">
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
      <h2>Recent requests</h2>
      <p>
        What the identity provider sent and what Candor made of it: use it to test the connection (Okta's “Test Connector Configuration”, Entra ID's “Test Connection” and
        “Provision on demand”). Candor keeps the last {keeps.requests} requests for {keeps.days} days, never a password or a header.
      </p>
      {requests.length === 0 ? (
        <p>No requests yet.</p>
      ) : (
        <TableWrap label="Recent SCIM requests">
          <table>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">What Candor made of it</th>
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
                        <summary>Attributes received</summary>
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
