// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SubmissionKey, TextAreaField } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { endSamlTestCookie, readSamlTestCookie } from "~/http/saml-cookies.server";
import { getSamlConnectionPage, saveSamlConnection } from "~/services/saml.server";
import { formatDate } from "~/domain/format";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `${page?.connection ? page.connection.name : "Add a SAML 2.0 provider"} · Company sign-in · Candor` },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const connectionId = params.connectionId ?? "";
  const url = new URL(request.url);
  const secure = !context.app.config.development;
  // Back from "Test the connection": the test flow left its result in a cookie for this page, once.
  const cookie = connectionId !== "new" ? readSamlTestCookie(request) : null;
  const page = await getSamlConnectionPage(context.app, user, connectionId, cookie);
  const body = {
    ...page,
    connection: page.connection ? { ...page.connection, lastTestedAt: page.connection.lastTestedAt ? formatDate(page.connection.lastTestedAt) : null } : null,
    testExpired: url.searchParams.has("tested") && !page.report,
    saved: url.searchParams.has("saved"),
    // A new key each time the "add" page is shown: the form sent twice with one key adds one provider.
    submissionKey: connectionId === "new" ? crypto.randomUUID() : null,
  };
  return data(body, cookie ? { headers: { "Set-Cookie": endSamlTestCookie(connectionId, secure) } } : undefined);
}

const SamlConnectionSchema = z.object({
  name: formText,
  emailDomains: formText,
  idpEntityId: formText,
  idpSsoUrl: formText,
  idpCertificates: formText,
  submissionKey: formText,
  // A checkbox sends "on" when ticked and nothing when not.
  enabled: z.literal("on").optional(),
});

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const connectionId = params.connectionId ?? "";
  const parsed = parseForm(SamlConnectionSchema, await readForm(request));
  if (!parsed.success)
    return data({ saved: false, formError: parsed.errors.formError ?? "Check the fields marked below.", fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(() => saveSamlConnection(context.app, user, connectionId, { ...input, enabled: input.enabled === "on" }));
  if (!result.ok) return data({ saved: false, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  if (connectionId === "new") throw redirect(`/admin/sso/saml/${result.value}?saved=1`);
  return { saved: true, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function AdminSamlConnection() {
  const { connection, certificates, serviceProvider, testPath, report, testExpired, saved, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/sso">Company sign-in</Link>
      </p>
      <h1>{connection ? `SAML 2.0 provider: ${connection.name}` : "Add a SAML 2.0 provider"}</h1>
      <FormMessage error={result?.formError} success={result?.saved || (saved && !report) ? "Saved." : undefined} />
      {report ? (
        <section aria-labelledby="test-result" className="stack">
          <h2 id="test-result">Test result</h2>
          <div className={`notice notice--${report.ok ? "success" : "error"}`} role="status">
            {report.outcome} {report.ok ? "Nobody was signed in by this test." : null}
          </div>
          {report.claims.length > 0 ? (
            <TableWrap label="What the provider sent">
              <table>
                <caption>What the provider sent</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {report.claims.map((c, i) => (
                    <tr key={`${c.name}-${i}`}>
                      <td>
                        <code>{c.name}</code>
                      </td>
                      <td>{c.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
        </section>
      ) : testExpired ? (
        <FormMessage error="The test’s result was not found (it is shown once, within five minutes). Test the connection again." />
      ) : null}

      {serviceProvider && connection ? (
        <section aria-labelledby="at-provider" className="stack">
          <h2 id="at-provider">What to enter at your identity provider</h2>
          <dl className="sso-values">
            <div>
              <dt>Entity id (audience, SP entity id, identifier)</dt>
              <dd>
                <code>{serviceProvider.entityId}</code>
              </dd>
            </div>
            <div>
              <dt>Assertion consumer service URL (ACS, reply URL, single sign-on URL), HTTP-POST</dt>
              <dd>
                <code>{serviceProvider.acsUrl}</code>
              </dd>
            </div>
            <div>
              <dt>Metadata (for providers that read it)</dt>
              <dd>
                <a href={serviceProvider.metadataUrl}>{serviceProvider.metadataUrl}</a>
              </dd>
            </div>
            <div>
              <dt>Name ID format</dt>
              <dd>Email address (urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress)</dd>
            </div>
          </dl>
          <p>
            The provider must sign its assertions (all three below do so by default) and must not encrypt them. Candor reads the email from the name ID, or from an{" "}
            <code>email</code> attribute, and the name from <code>displayName</code>, or <code>givenName</code> and <code>surname</code>.
          </p>
          <details>
            <summary>Okta</summary>
            <ol>
              <li>Applications → Create App Integration → SAML 2.0; name it Candor.</li>
              <li>Single sign-on URL: the ACS URL above (“Use this for Recipient URL and Destination URL” ticked). Audience URI (SP Entity ID): the entity id above.</li>
              <li>
                Name ID format: EmailAddress; Application username: Email. Attribute statements (optional): <code>email</code> = user.email, <code>displayName</code> =
                user.displayName.
              </li>
              <li>
                Leave Assertion Signature “Signed” and Assertion Encryption “Unencrypted”. Finish, then from Sign On → SAML Signing Certificates → View SAML setup instructions copy
                the Identity Provider Single Sign-On URL, the Identity Provider Issuer and the X.509 certificate into the form below.
              </li>
              <li>
                Assign the app to the people or groups who use Candor. For the Okta dashboard tile, set “Initiate login URI” to Candor’s start address (below), since Candor does
                not accept sign-ins started at Okta.
              </li>
            </ol>
          </details>
          <details>
            <summary>Microsoft Entra ID</summary>
            <ol>
              <li>
                Enterprise applications → New application → Create your own application (“Integrate any other application you don’t find in the gallery”); name it Candor. Single
                sign-on → SAML.
              </li>
              <li>
                Basic SAML Configuration: Identifier (Entity ID): the entity id above; Reply URL (Assertion Consumer Service URL): the ACS URL above; Sign on URL: Candor’s start
                address (below).
              </li>
              <li>
                Attributes &amp; Claims: set the Unique User Identifier (Name ID) to user.mail with the format Email address (or keep user.userprincipalname if it is the email).
                The default claims already include the email address, given name, surname and display name.
              </li>
              <li>
                SAML Certificates: keep the signing option “Sign SAML assertion” (or “Sign SAML response and assertion”); download Certificate (Base64) and paste it below. From
                “Set up Candor” copy the Login URL (the provider’s sign-in address) and the Microsoft Entra Identifier (the provider’s entity id).
              </li>
              <li>Users and groups: assign the people who use Candor.</li>
            </ol>
          </details>
          <details>
            <summary>Google Workspace</summary>
            <ol>
              <li>Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app; name it Candor.</li>
              <li>From “Google Identity Provider details”, copy the SSO URL, the Entity ID and the certificate into the form below.</li>
              <li>
                Service provider details: ACS URL: the ACS URL above; Entity ID: the entity id above; leave “Signed response” unticked (Google then signs the assertion, which
                Candor requires); Name ID format: EMAIL; Name ID: Basic Information → Primary email.
              </li>
              <li>
                Attribute mapping (optional): First name → <code>givenName</code>, Last name → <code>surname</code>.
              </li>
              <li>Turn the app on for the organisational units or groups who use Candor (it can take a few minutes).</li>
            </ol>
          </details>
          <p>
            Candor’s start address (for a dashboard tile or “Sign on URL”): <code>{serviceProvider.metadataUrl.replace(/metadata\.xml$/, "start")}</code>
          </p>
        </section>
      ) : (
        <p>Save the provider first: Candor then shows the entity id and the reply (ACS) address to enter at the provider, and you can test the connection.</p>
      )}

      <h2>Settings</h2>
      <Form method="post" className="stack" noValidate>
        {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
        <Field name="name" label="Name" hint="What the sign-in button says: “Sign in with Okta”." defaultValue={connection?.name} error={errors.name} />
        <Field
          name="emailDomains"
          label="Email domains"
          hint="The domains of the people who sign in here, separated by commas: example.com, sales.example.com."
          defaultValue={connection?.emailDomains}
          error={errors.emailDomains}
        />
        <Field
          name="idpEntityId"
          label="Provider’s entity id (issuer)"
          hint="Okta: Identity Provider Issuer; Entra ID: Microsoft Entra Identifier; Google: Entity ID."
          defaultValue={connection?.idpEntityId}
          error={errors.idpEntityId}
        />
        <Field
          name="idpSsoUrl"
          label="Provider’s sign-in address (SSO URL)"
          hint="Okta: Identity Provider Single Sign-On URL; Entra ID: Login URL; Google: SSO URL. It must start with https://."
          defaultValue={connection?.idpSsoUrl}
          error={errors.idpSsoUrl}
        />
        <TextAreaField
          name="idpCertificates"
          label="Provider’s signing certificate"
          hint="In PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----. During a certificate rollover, paste both, one after the other."
          defaultValue={connection?.idpCertificates}
          error={errors.idpCertificates}
          maxLength={20000}
          rows={8}
        />
        {certificates.length > 0 ? (
          <ul className="stack" aria-label="Saved certificates">
            {certificates.map((c) => (
              <li key={c.fingerprint}>
                <strong>{c.subject}</strong>, valid until {formatDate(c.validTo)}
                {c.expired ? <strong className="field__error"> (expired: ask the provider for its new certificate)</strong> : null}
                <br />
                <span className="muted">
                  Issued by {c.issuer}; SHA-256 fingerprint <code>{c.fingerprint}</code>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="checkbox">
          <input id="saml-enabled" name="enabled" type="checkbox" defaultChecked={connection?.enabled ?? false} />
          <label htmlFor="saml-enabled">Switched on: people whose email is in these domains can sign in with this provider.</label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : connection ? "Save" : "Add provider"}
        </button>
      </Form>

      {testPath && connection ? (
        <section aria-labelledby="test" className="stack">
          <h2 id="test">Test the connection</h2>
          <p>
            Candor sends you to the provider and back here, and shows what the provider sent and what Candor made of it. Nobody is signed in and no account changes. It works while
            the provider is switched off. {connection.lastTestedAt ? `Last tested on ${connection.lastTestedAt}.` : "Not tested yet."}
          </p>
          <p>
            {/* A plain link: the provider's page is a full navigation, not a Remix fetch. */}
            <a className="button button--secondary" href={testPath}>
              Test the connection
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
