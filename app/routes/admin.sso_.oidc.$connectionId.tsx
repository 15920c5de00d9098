import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SubmissionKey } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { getOidcConnectionForm } from "~/services/sso-oidc.server";
import { requireConnection, saveSsoConnection } from "~/services/sso.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formatsFor } from "~/domain/format";
import type { ReactNode } from "react";
import { requestLocale } from "~/services/locale.server";
import { useI18n } from "~/i18n/react";
import type { Messages } from "~/i18n/translate";
import { OidcSettingsSchema, SsoConnectionBaseSchema } from "~/domain/sso";
import { OIDC_SCOPES, oidcRedirectUri } from "~/domain/sso-oidc";
import { said } from "~/i18n/said";

// Product names, the same in every language.
const ENTRA_ID = "Microsoft Entra ID";
const GOOGLE_WORKSPACE = "Google Workspace";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const messages = (matches.find((m) => m.id === "root")?.data as { language?: { messages?: Messages } } | undefined)?.language?.messages;
  const frame = messages?.["meta.pageTitle"] ?? "{page} · Candor";
  return [{ title: frame.replace("{page}", data?.form.id ? data.form.name : (messages?.["adminSso.newOidc"] ?? "New OpenID Connect provider")) }];
};

// "new" adds a provider; an id shows and changes one of the admin's organisation (another's is a 404).
function connectionIdOf(params: LoaderFunctionArgs["params"]): string | null {
  return params.connectionId === "new" ? null : (params.connectionId ?? "");
}

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const form = await getOidcConnectionForm(context.app, user, connectionIdOf(params));
  const f = formatsFor(await requestLocale(context, request));
  return {
    form: { ...form, lastTestedAt: form.lastTestedAt ? f.date(form.lastTestedAt) : null, updatedAt: form.updatedAt?.toISOString() ?? null },
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
  if (!parsed.success) return data({ formError: parsed.errors.formError ?? said("adminSso.checkFields"), fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
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
  const { t, rich } = useI18n();
  const code = (chunks: ReactNode[]) => <code key={String(chunks)}>{chunks}</code>;
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/sso">{t("adminSso.backToSso")}</Link>
      </p>
      <h1>{form.id ? form.name : t("adminSso.newOidc")}</h1>
      <FormMessage error={result?.formError} success={saved ? t("adminSso.oidcSaved") : undefined} />

      <h2>{t("adminSso.oidcStep1")}</h2>
      <p>{t("adminSso.oidcRegister")}</p>
      <p>
        <code id="redirect-uri">{redirectUri}</code>
      </p>
      <p>{rich<ReactNode>("adminSso.oidcClaims", { scopes: OIDC_SCOPES, code })}</p>
      <details>
        <summary>{t("adminSso.oidcWhatToEnter")}</summary>
        <h3>Okta</h3>
        <ul>
          <li>{t("adminSso.oidcOkta1")}</li>
          <li>{rich<ReactNode>("adminSso.oidcOkta2", { code })}</li>
          <li>{t("adminSso.oidcOkta3")}</li>
        </ul>
        <h3>{ENTRA_ID}</h3>
        <ul>
          <li>{t("adminSso.oidcEntra1")}</li>
          <li>{rich<ReactNode>("adminSso.oidcEntra2", { code })}</li>
          <li>{t("adminSso.oidcEntra3")}</li>
          <li>{rich<ReactNode>("adminSso.oidcEntra4", { code })}</li>
        </ul>
        <h3>{GOOGLE_WORKSPACE}</h3>
        <ul>
          <li>{t("adminSso.oidcGoogle1")}</li>
          <li>{rich<ReactNode>("adminSso.oidcGoogle2", { code })}</li>
        </ul>
      </details>

      <h2>{t("adminSso.oidcStep2")}</h2>
      {/* Keyed by the last save: after one the form starts afresh (the secret typed is not kept in the page). */}
      <Form method="post" className="stack" noValidate key={`${form.id ?? "new"} ${form.updatedAt ?? ""}`}>
        {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
        <Field name="name" label={t("adminSso.name")} hint={t("adminSso.oidcNameHint")} defaultValue={form.name} error={errors.name} required />
        <Field name="emailDomains" label={t("adminSso.emailDomains")} hint={t("adminSso.oidcDomainsHint")} defaultValue={form.emailDomains} error={errors.emailDomains} required />
        <Field name="issuer" label={t("adminSso.issuer")} autoComplete="off" hint={t("adminSso.issuerHint")} defaultValue={form.issuer} error={errors.issuer} required />
        <Field name="clientId" label={t("adminSso.clientId")} defaultValue={form.clientId} error={errors.clientId} autoComplete="off" required />
        <Field
          name="clientSecret"
          label={t("adminSso.clientSecret")}
          type="password"
          autoComplete="new-password"
          hint={form.hasSecret ? t("adminSso.secretKept") : t("adminSso.secretStored")}
          error={errors.clientSecret}
          required={!form.hasSecret}
        />
        <div className="checkbox">
          <input id="oidc-enabled" name="enabled" type="checkbox" defaultChecked={form.enabled} />
          <label htmlFor="oidc-enabled">{t("adminSso.oidcEnabled")}</label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("adminSso.saving") : form.id ? t("adminSso.save") : t("adminSso.addProvider")}
        </button>
      </Form>

      {form.id ? (
        <>
          <h2>{t("adminSso.oidcStep3")}</h2>
          <p>{form.lastTestedAt ? t("adminSso.oidcTestIntroTested", { date: form.lastTestedAt }) : t("adminSso.oidcTestIntroUntested")}</p>
          <p>
            {/* A full page load: the provider's sign-in is another site. */}
            <a className="button button--secondary" href={`/sso/oidc/${form.id}/start?test=1`}>
              {t("adminSso.test")}
            </a>
          </p>
        </>
      ) : null}
    </div>
  );
}
