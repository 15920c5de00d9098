import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { getOptionalUser } from "~/auth/guards.server";
import { sessionCookie } from "~/auth/session.server";
import { signIn } from "~/services/sign-in.server";
import { ssoOptionsForEmail, type SsoOption } from "~/services/sso.server";
import { noFieldErrors, parseForm, readForm } from "~/http/forms.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { requestTranslator } from "~/services/locale.server";
import { localizeErrors } from "~/http/field-errors.server";
import { useI18n } from "~/i18n/react";
import type { Locale } from "~/domain/locales";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "login.title", "Sign in");

export const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(320),
  password: z.string().min(1, "Enter your password").max(200),
  organisationId: z
    .string()
    .uuid()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  redirectTo: z.string().optional(),
});

/** "Sign in with your company account": only the email, to find the organisation's identity provider. */
export const SsoLookupSchema = z.object({
  email: z.string().trim().min(1, "Enter your work email address").max(320).email("Enter an email address like ana@example.com"),
  redirectTo: z.string().optional(),
});

export async function loader({ context, request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getOptionalUser(context, request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { t, locale } = await requestTranslator(context, request);
  if (form.get("intent") === "sso") {
    const lookup = parseForm(SsoLookupSchema, form);
    if (!lookup.success) return data({ ...localizeErrors(lookup.errors, locale as Locale), organisations: null, email: "", sso: null }, { status: 400 });
    const redirectTo = safeRedirect(lookup.data.redirectTo);
    const options = await ssoOptionsForEmail(context.app, lookup.data.email, redirectTo);
    // Sent by the page's script (a fetch), one provider: straight on to it. A form the browser sent itself
    // (no JavaScript) cannot be redirected on to another site: the page's CSP (form-action 'self') stops a
    // form's redirects at Candor's origin, so the person gets the button, a plain link, instead.
    if (options.length === 1 && request.headers.get("sec-fetch-mode") === "cors") throw redirect(options[0]!.startPath);
    if (options.length > 0) {
      return data({ formError: null, fieldErrors: noFieldErrors(), organisations: null, email: lookup.data.email, sso: options });
    }
    return data(
      {
        formError: t("login.noSso", { domain: lookup.data.email.split("@").pop() ?? "" }),
        fieldErrors: noFieldErrors(),
        organisations: null,
        email: lookup.data.email,
        sso: null,
      },
      { status: 400 },
    );
  }
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.success) return data({ ...localizeErrors(parsed.errors, locale as Locale), organisations: null, email: "", sso: null }, { status: 400 });
  const { email, password, organisationId, redirectTo } = parsed.data;
  const result = await signIn(context.app, { email, password, organisationId, address: context.clientAddress, redirectTo: safeRedirect(redirectTo) });
  if (result.ok) {
    throw redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": sessionCookie(context.app, result.token, result.expiresAt) } });
  }
  if (result.reason === "throttled") {
    const seconds = Math.max(1, Math.ceil((result.retryAt.getTime() - context.app.now().getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    return data(
      {
        formError: t("login.throttled", { minutes, time: result.retryAt.toISOString().slice(11, 16) }),
        fieldErrors: noFieldErrors(),
        organisations: null,
        email,
        sso: null,
      },
      { status: 429, headers: { "Retry-After": String(seconds) } },
    );
  }
  if (result.reason === "choose-organisation") {
    return data(
      {
        formError: t("login.chooseOrganisation"),
        fieldErrors: noFieldErrors(),
        organisations: result.organisations,
        email,
        sso: null,
      },
      { status: 400 },
    );
  }
  if (result.reason === "sso-required") {
    return data(
      {
        formError: t("login.ssoRequired"),
        fieldErrors: noFieldErrors(),
        organisations: null,
        email,
        sso: result.options,
      },
      { status: 403 },
    );
  }
  return data({ formError: t("login.mismatch"), fieldErrors: noFieldErrors(), organisations: null, email, sso: null }, { status: 400 });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("login.heading")}</h1>
      <FormMessage error={result?.formError ?? undefined} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          label={t("login.email")}
          type="email"
          autoComplete="username"
          inputMode="email"
          defaultValue={result?.email}
          error={result?.fieldErrors?.email}
          required
        />
        <Field name="password" label={t("login.password")} type="password" autoComplete="current-password" error={result?.fieldErrors?.password} required />
        {result?.organisations ? (
          <SelectField name="organisationId" label={t("login.organisation")} options={result.organisations.map((o) => ({ value: o.id, label: o.name }))} />
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("login.signingIn") : t("login.submit")}
        </button>
        <p className="muted">{t("login.ssoHint")}</p>
        <button type="submit" name="intent" value="sso" formNoValidate className="button button--secondary" disabled={busy}>
          {t("login.sso")}
        </button>
      </Form>
      {result?.sso && result.sso.length > 0 ? <SsoChoices options={result.sso} /> : null}
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </div>
  );
}

function SsoChoices({ options }: { options: SsoOption[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="sso-choices" className="stack">
      <h2 id="sso-choices">{t("login.sso")}</h2>
      <ul className="stack" role="list">
        {options.map((o) => (
          <li key={o.connectionId}>
            {/* A plain link: the provider's page is a full navigation, not a Remix fetch. */}
            <a className="button" href={o.startPath}>
              {t("login.ssoWith", { name: o.name })}
            </a>{" "}
            <span className="muted">{o.organisationName}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
