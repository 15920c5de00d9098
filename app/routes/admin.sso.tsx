// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, SelectField } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { requireUserWithRole } from "~/auth/guards.server";
import { getSsoOverview, removeSsoConnection, saveSsoPolicy } from "~/services/sso.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { formatDate } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Company sign-in (SSO) · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const overview = await getSsoOverview(context.app, user);
  return {
    ...overview,
    appUrl: context.app.config.appUrl,
    connections: overview.connections.map((c) => ({ ...c, lastTestedAt: c.lastTestedAt ? formatDate(c.lastTestedAt.toISOString().slice(0, 10)) : null })),
  };
}

const SsoActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("policy"),
    // A checkbox sends "on" when ticked and nothing when not.
    ssoRequired: z.literal("on").optional(),
    ssoCreateAccounts: z.literal("on").optional(),
    ssoBreakGlassPersonId: formText,
  }),
  z.object({ intent: z.literal("remove"), connectionId: formText }),
]);

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(SsoActionSchema, await readForm(request));
  if (!parsed.success) return data({ saved: null, formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    if (input.intent === "remove") {
      await removeSsoConnection(context.app, user, input.connectionId);
      return "The identity provider was removed. People who signed in with it keep their accounts.";
    }
    await saveSsoPolicy(context.app, user, {
      ssoRequired: input.ssoRequired === "on",
      ssoCreateAccounts: input.ssoCreateAccounts === "on",
      ssoBreakGlassPersonId: input.ssoBreakGlassPersonId || null,
    });
    return "Sign-in rules saved.";
  });
  if (!result.ok) return data({ saved: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { saved: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function AdminSso() {
  const { connections, policy, admins, appUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page">
      <h1>Company sign-in (SSO)</h1>
      <p>
        Let people sign in through your identity provider (Okta, Microsoft Entra ID, Google Workspace or any OpenID Connect or SAML 2.0 provider) instead of a Candor password. On
        the sign-in page, people enter their work email and choose “Sign in with your company account”: Candor sends them to the provider that covers their email’s domain.
      </p>
      <FormMessage error={result?.formError} success={result?.saved ?? undefined} />
      <h2>Identity providers</h2>
      {connections.length === 0 ? (
        <p>No identity provider yet.</p>
      ) : (
        <TableWrap label="Identity providers">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Protocol</th>
                <th scope="col">Email domains</th>
                <th scope="col">Status</th>
                <th scope="col">People tied</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={c.editPath}>{c.name}</Link>
                  </td>
                  <td>{c.kindWords}</td>
                  <td>{c.emailDomains.join(", ")}</td>
                  <td>
                    {c.enabled ? "On" : "Off"}
                    {c.lastTestedAt ? `; tested ${c.lastTestedAt}` : "; not tested yet"}
                  </td>
                  <td>{c.people}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="connectionId" value={c.id} />
                      <button type="submit" className="button button--secondary" aria-label={`Remove ${c.name}`} disabled={busy}>
                        Remove
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p className="row-of">
        <Link className="button" to="/admin/sso/oidc/new">
          Add an OpenID Connect provider
        </Link>
        <Link className="button button--secondary" to="/admin/sso/saml/new">
          Add a SAML 2.0 provider
        </Link>
      </p>
      <p className="muted">Candor’s address for your provider’s settings is {appUrl}. Each provider’s page shows the exact redirect or reply address to enter at the provider.</p>

      <h2>Sign-in rules</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="policy" />
        <div className="checkbox">
          <input id="sso-create-accounts" name="ssoCreateAccounts" type="checkbox" defaultChecked={policy.ssoCreateAccounts} />
          <label htmlFor="sso-create-accounts">
            Make an account for someone who signs in through the provider and has none yet. They start as a rep in no team, until an admin places them.
          </label>
        </div>
        <div className="checkbox">
          <input id="sso-required" name="ssoRequired" type="checkbox" defaultChecked={policy.ssoRequired} aria-describedby="sso-required-hint" />
          <label htmlFor="sso-required">Require sign-in through the identity provider: passwords stop working for everyone but the break-glass admin.</label>
        </div>
        <p id="sso-required-hint" className="muted">
          {result?.fieldErrors?.ssoRequired ? <strong className="field__error">{result.fieldErrors.ssoRequired}. </strong> : null}
          Test a provider before requiring it, so that nobody is locked out.
        </p>
        <SelectField
          name="ssoBreakGlassPersonId"
          label="Break-glass admin"
          hint="The one admin who keeps a password, for the day the identity provider is down."
          defaultValue={policy.ssoBreakGlassPersonId ?? ""}
          error={result?.fieldErrors?.ssoBreakGlassPersonId}
          options={[{ value: "", label: "Nobody" }, ...admins.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))]}
        />
        <button type="submit" className="button" disabled={busy}>
          Save sign-in rules
        </button>
      </Form>
    </div>
  );
}
