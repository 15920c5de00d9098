// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SubmissionKey } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { getOidcConnectionForm } from "~/services/sso-oidc.server";
import { requireConnection, saveSsoConnection } from "~/services/sso.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formatDate } from "~/domain/format";
import { OidcSettingsSchema, SsoConnectionBaseSchema } from "~/domain/sso";
import { OIDC_SCOPES, oidcRedirectUri } from "~/domain/sso-oidc";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.form.id ? data.form.name : "New OpenID Connect provider"} · Candor` }];

// "new" adds a provider; an id shows and changes one of the admin's organisation (another's is a 404).
function connectionIdOf(params: LoaderFunctionArgs["params"]): string | null {
  return params.connectionId === "new" ? null : (params.connectionId ?? "");
}

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const form = await getOidcConnectionForm(context.app, user, connectionIdOf(params));
  return {
    form: { ...form, lastTestedAt: form.lastTestedAt ? formatDate(form.lastTestedAt) : null, updatedAt: form.updatedAt?.toISOString() ?? null },
    redirectUri: oidcRedirectUri(context.app.config.appUrl),
    saved: new URL(request.url).searchParams.get("saved") === "1",
    // A new key each time the "add" page is shown: the form sent twice with one key adds one provider.
    submissionKey: form.id ? null : crypto.randomUUID(),
  };
}

// A checkbox sends "on" when ticked and nothing when not. The secret may be blank: the saved one is kept.
const OidcConnectionFormSchema = SsoConnectionBaseSchema.omit({ enabled: true })
  .extend(OidcSettingsSchema.shape)
  .extend({ enabled: z.literal("on").optional(), submissionKey: z.string().max(100).optional() });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const id = connectionIdOf(params);
  // Another organisation's provider is a missing one (404), whatever the form holds.
  if (id !== null) await requireConnection(context.app, user, id);
  const form = await readForm(request);
  const parsed = parseForm(OidcConnectionFormSchema, form);
  if (!parsed.success) return data({ formError: parsed.errors.formError ?? "Check the fields marked below.", fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(() =>
    saveSsoConnection(context.app, user, id, {
      kind: "oidc",
      name: input.name,
      emailDomains: input.emailDomains,
      enabled: input.enabled === "on",
      submissionKey: input.submissionKey || undefined,
      oidc: { issuer: input.issuer, clientId: input.clientId, clientSecret: input.clientSecret || undefined },
    }),
  );
  if (!result.ok) return data({ formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  throw redirect(`/admin/sso/oidc/${result.value}?saved=1`);
}

export default function AdminOidcConnection() {
  const { form, redirectUri, saved, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/sso">← Company sign-in (SSO)</Link>
      </p>
      <h1>{form.id ? form.name : "New OpenID Connect provider"}</h1>
      <FormMessage error={result?.formError} success={saved ? "Saved. Test the connection before people rely on it." : undefined} />

      <h2>1. Register Candor at your provider</h2>
      <p>
        Create a “web application” (a confidential client using the authorization code flow) at your provider, and give it this redirect URI (also called sign-in redirect or
        callback URL):
      </p>
      <p>
        <code id="redirect-uri">{redirectUri}</code>
      </p>
      <p>
        Candor asks for the scopes <code>{OIDC_SCOPES}</code>, uses PKCE, and reads the claims <code>sub</code>, <code>email</code>, <code>email_verified</code> and{" "}
        <code>name</code>. It finds people by their email only when the provider says the address is verified.
      </p>
      <details>
        <summary>What to enter for Okta, Microsoft Entra ID and Google Workspace</summary>
        <h3>Okta</h3>
        <ul>
          <li>Applications → Create App Integration → OIDC – OpenID Connect → Web Application; grant type Authorization Code; sign-in redirect URI as above.</li>
          <li>
            Issuer URL: <code>https://your-okta-domain</code> (Okta’s org authorization server) or <code>https://your-okta-domain/oauth2/default</code> (a custom one).
          </li>
          <li>Client id and client secret: on the application’s General tab. Assign the people (or groups) who may sign in.</li>
        </ul>
        <h3>Microsoft Entra ID</h3>
        <ul>
          <li>App registrations → New registration; accounts in this organisational directory only; platform Web, redirect URI as above.</li>
          <li>
            Issuer URL: <code>https://login.microsoftonline.com/your-tenant-id/v2.0</code> (the directory (tenant) id, not <code>common</code>).
          </li>
          <li>Client id: the Application (client) ID. Client secret: Certificates &amp; secrets → New client secret, its Value.</li>
          <li>
            Token configuration → Add optional claim → ID: <code>email</code> and <code>xms_edov</code>. Entra sends no <code>email_verified</code>: Candor trusts its email only
            when <code>xms_edov</code> says the email’s domain is verified by its owner.
          </li>
        </ul>
        <h3>Google Workspace</h3>
        <ul>
          <li>
            Google Cloud console → APIs &amp; Services → OAuth consent screen: Internal. Then Credentials → Create OAuth client ID → Web application, authorised redirect URI as
            above.
          </li>
          <li>
            Issuer URL: <code>https://accounts.google.com</code>. Client id and client secret: from the OAuth client.
          </li>
        </ul>
      </details>

      <h2>2. Enter its settings</h2>
      {/* Keyed by the last save: after one the form starts afresh (the secret typed is not kept in the page). */}
      <Form method="post" className="stack" noValidate key={`${form.id ?? "new"} ${form.updatedAt ?? ""}`}>
        {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
        <Field name="name" label="Name" hint="What people see on the sign-in button, like Okta." defaultValue={form.name} error={errors.name} required />
        <Field
          name="emailDomains"
          label="Email domains"
          hint="The domains of your people’s work email, separated by commas, like example.com, sales.example.com. Only these addresses can sign in here."
          defaultValue={form.emailDomains}
          error={errors.emailDomains}
          required
        />
        <Field name="issuer" label="Issuer URL" autoComplete="off" hint="Starts with https://" defaultValue={form.issuer} error={errors.issuer} required />
        <Field name="clientId" label="Client id" defaultValue={form.clientId} error={errors.clientId} autoComplete="off" required />
        <Field
          name="clientSecret"
          label="Client secret"
          type="password"
          autoComplete="new-password"
          hint={form.hasSecret ? "A secret is saved; it is never shown. Leave this blank to keep it, or enter a new one." : "Stored encrypted; never shown again."}
          error={errors.clientSecret}
          required={!form.hasSecret}
        />
        <div className="checkbox">
          <input id="oidc-enabled" name="enabled" type="checkbox" defaultChecked={form.enabled} />
          <label htmlFor="oidc-enabled">Switched on: people with these email domains can sign in through this provider</label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : form.id ? "Save" : "Add provider"}
        </button>
      </Form>

      {form.id ? (
        <>
          <h2>3. Test the connection</h2>
          <p>
            Goes through the sign-in at the provider as you, and shows what the provider sent and what Candor would make of it. Nobody is signed in and nothing changes here.{" "}
            {form.lastTestedAt ? `Last tested ${form.lastTestedAt}.` : "Not tested yet."}
          </p>
          <p>
            {/* A full page load: the provider's sign-in is another site. */}
            <a className="button button--secondary" href={`/sso/oidc/${form.id}/start?test=1`}>
              Test the connection
            </a>
          </p>
        </>
      ) : null}
    </div>
  );
}
