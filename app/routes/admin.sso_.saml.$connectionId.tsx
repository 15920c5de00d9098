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
import { formatsFor } from "~/domain/format";
import type { ReactNode } from "react";
import { requestLocale } from "~/services/locale.server";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";
import type { Messages } from "~/i18n/translate";
import { formText } from "~/utils/form-fields";

// Product names, the same in every language.
const ENTRA_ID = "Microsoft Entra ID";
const GOOGLE_WORKSPACE = "Google Workspace";

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  const messages = (matches.find((m) => m.id === "root")?.data as { language?: { messages?: Messages } } | undefined)?.language?.messages;
  const frame = messages?.["meta.pageTitle"] ?? "{page} · Candor";
  const section = messages?.["adminSso.samlSection"] ?? "Company sign-in";
  return [{ title: frame.replace("{page}", `${page?.connection ? page.connection.name : (messages?.["adminSso.addSaml"] ?? "Add a SAML 2.0 provider")} · ${section}`) }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const connectionId = params.connectionId ?? "";
  const url = new URL(request.url);
  const secure = !context.app.config.development;
  // Back from "Test the connection": the test flow left its result in a cookie for this page, once.
  const cookie = connectionId !== "new" ? readSamlTestCookie(request) : null;
  const page = await getSamlConnectionPage(context.app, user, connectionId, cookie);
  const f = formatsFor(await requestLocale(context, request));
  const body = {
    ...page,
    connection: page.connection ? { ...page.connection, lastTestedAt: page.connection.lastTestedAt ? f.date(page.connection.lastTestedAt) : null } : null,
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
  if (!parsed.success) return data({ saved: false, formError: parsed.errors.formError ?? said("adminSso.checkFields"), fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
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
  const { t, rich, say, locale } = useI18n();
  const f = formatsFor(locale);
  const code = (chunks: ReactNode[]) => <code key={String(chunks)}>{chunks}</code>;
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/sso">{t("adminSso.samlSection")}</Link>
      </p>
      <h1>{connection ? t("adminSso.samlHeading", { name: connection.name }) : t("adminSso.addSaml")}</h1>
      <FormMessage error={result?.formError} success={result?.saved || (saved && !report) ? t("adminSso.saved") : undefined} />
      {report ? (
        <section aria-labelledby="test-result" className="stack">
          <h2 id="test-result">{t("adminSso.testResult")}</h2>
          <div className={`notice notice--${report.ok ? "success" : "error"}`} role="status">
            {say(report.outcome)} {report.ok ? t("adminSso.nobodySignedIn") : null}
          </div>
          {report.claims.length > 0 ? (
            <TableWrap label={t("adminSso.providerSent")}>
              <table>
                <caption>{t("adminSso.providerSent")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("adminSso.name")}</th>
                    <th scope="col">{t("adminSso.value")}</th>
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
        <FormMessage error={t("adminSso.testExpired")} />
      ) : null}

      {serviceProvider && connection ? (
        <section aria-labelledby="at-provider" className="stack">
          <h2 id="at-provider">{t("adminSso.atProvider")}</h2>
          <dl className="sso-values">
            <div>
              <dt>{t("adminSso.spEntityId")}</dt>
              <dd>
                <code>{serviceProvider.entityId}</code>
              </dd>
            </div>
            <div>
              <dt>{t("adminSso.acsUrl")}</dt>
              <dd>
                <code>{serviceProvider.acsUrl}</code>
              </dd>
            </div>
            <div>
              <dt>{t("adminSso.metadata")}</dt>
              <dd>
                <a href={serviceProvider.metadataUrl}>{serviceProvider.metadataUrl}</a>
              </dd>
            </div>
            <div>
              <dt>{t("adminSso.nameIdFormat")}</dt>
              <dd>{t("adminSso.nameIdEmail", { urn: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" })}</dd>
            </div>
          </dl>
          <p>{rich<ReactNode>("adminSso.samlAssertions", { code })}</p>
          <details>
            <summary>Okta</summary>
            <ol>
              <li>{t("adminSso.samlOkta1")}</li>
              <li>{t("adminSso.samlOkta2")}</li>
              <li>{rich<ReactNode>("adminSso.samlOkta3", { code })}</li>
              <li>{t("adminSso.samlOkta4")}</li>
              <li>{t("adminSso.samlOkta5")}</li>
            </ol>
          </details>
          <details>
            <summary>{ENTRA_ID}</summary>
            <ol>
              <li>{t("adminSso.samlEntra1")}</li>
              <li>{t("adminSso.samlEntra2")}</li>
              <li>{t("adminSso.samlEntra3")}</li>
              <li>{t("adminSso.samlEntra4")}</li>
              <li>{t("adminSso.samlEntra5")}</li>
            </ol>
          </details>
          <details>
            <summary>{GOOGLE_WORKSPACE}</summary>
            <ol>
              <li>{t("adminSso.samlGoogle1")}</li>
              <li>{t("adminSso.samlGoogle2")}</li>
              <li>{t("adminSso.samlGoogle3")}</li>
              <li>{rich<ReactNode>("adminSso.samlGoogle4", { code })}</li>
              <li>{t("adminSso.samlGoogle5")}</li>
            </ol>
          </details>
          <p>{rich<ReactNode>("adminSso.samlStart", { url: serviceProvider.metadataUrl.replace(/metadata\.xml$/, "start"), code })}</p>
        </section>
      ) : (
        <p>{t("adminSso.samlSaveFirst")}</p>
      )}

      <h2>{t("adminSso.settings")}</h2>
      <Form method="post" className="stack" noValidate>
        {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
        <Field name="name" label={t("adminSso.name")} hint={t("adminSso.samlNameHint")} defaultValue={connection?.name} error={errors.name} />
        <Field name="emailDomains" label={t("adminSso.emailDomains")} hint={t("adminSso.samlDomainsHint")} defaultValue={connection?.emailDomains} error={errors.emailDomains} />
        <Field name="idpEntityId" label={t("adminSso.idpEntityId")} hint={t("adminSso.idpEntityIdHint")} defaultValue={connection?.idpEntityId} error={errors.idpEntityId} />
        <Field name="idpSsoUrl" label={t("adminSso.idpSsoUrl")} hint={t("adminSso.idpSsoUrlHint")} defaultValue={connection?.idpSsoUrl} error={errors.idpSsoUrl} />
        <TextAreaField
          name="idpCertificates"
          label={t("adminSso.idpCertificates")}
          hint={t("adminSso.idpCertificatesHint")}
          defaultValue={connection?.idpCertificates}
          error={errors.idpCertificates}
          maxLength={20000}
          rows={8}
        />
        {certificates.length > 0 ? (
          <ul className="stack" aria-label={t("adminSso.savedCertificates")}>
            {certificates.map((c) => (
              <li key={c.fingerprint}>
                {rich<ReactNode>("adminSso.certValid", { subject: c.subject, date: f.date(c.validTo), b: (chunks) => <strong key="subject">{chunks}</strong> })}
                {c.expired ? <strong className="field__error"> {t("adminSso.certExpired")}</strong> : null}
                <br />
                <span className="muted">{rich<ReactNode>("adminSso.certIssuer", { issuer: c.issuer, fingerprint: c.fingerprint, code })}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="checkbox">
          <input id="saml-enabled" name="enabled" type="checkbox" defaultChecked={connection?.enabled ?? false} />
          <label htmlFor="saml-enabled">{t("adminSso.samlEnabled")}</label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("adminSso.saving") : connection ? t("adminSso.save") : t("adminSso.addProvider")}
        </button>
      </Form>

      {testPath && connection ? (
        <section aria-labelledby="test" className="stack">
          <h2 id="test">{t("adminSso.test")}</h2>
          <p>{connection.lastTestedAt ? t("adminSso.samlTestIntroTested", { date: connection.lastTestedAt }) : t("adminSso.samlTestIntroUntested")}</p>
          <p>
            {/* A plain link: the provider's page is a full navigation, not a Remix fetch. */}
            <a className="button button--secondary" href={testPath}>
              {t("adminSso.test")}
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
