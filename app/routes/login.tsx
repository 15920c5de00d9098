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
  if (form.get("intent") === "sso") {
    const lookup = parseForm(SsoLookupSchema, form);
    if (!lookup.success) return data({ ...lookup.errors, organisations: null, email: "", sso: null }, { status: 400 });
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
        formError: `No company sign-in is set up for ${lookup.data.email.split("@").pop()}. Sign in with your password, or ask your Candor administrator.`,
        fieldErrors: noFieldErrors(),
        organisations: null,
        email: lookup.data.email,
        sso: null,
      },
      { status: 400 },
    );
  }
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.success) return data({ ...parsed.errors, organisations: null, email: "", sso: null }, { status: 400 });
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
        formError: `Too many failed sign-ins. For your security, sign-in is paused: try again in ${minutes} minute${minutes === 1 ? "" : "s"} (at ${result.retryAt.toISOString().slice(11, 16)} UTC), or reset your password.`,
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
        formError: "Your email is in more than one organisation. Choose one and enter your password again.",
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
        formError: "Your organisation signs in to Candor through its identity provider: passwords are switched off. Use the button below.",
        fieldErrors: noFieldErrors(),
        organisations: null,
        email,
        sso: result.options,
      },
      { status: 403 },
    );
  }
  return data({ formError: "That email and password do not match an account.", fieldErrors: noFieldErrors(), organisations: null, email, sso: null }, { status: 400 });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page page--narrow">
      <h1>Sign in to Candor</h1>
      <FormMessage error={result?.formError ?? undefined} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" label="Email" type="email" autoComplete="username" inputMode="email" defaultValue={result?.email} error={result?.fieldErrors?.email} required />
        <Field name="password" label="Password" type="password" autoComplete="current-password" error={result?.fieldErrors?.password} required />
        {result?.organisations ? <SelectField name="organisationId" label="Organisation" options={result.organisations.map((o) => ({ value: o.id, label: o.name }))} /> : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted">Does your company sign in with Okta, Microsoft or Google? Enter your work email and:</p>
        <button type="submit" name="intent" value="sso" formNoValidate className="button button--secondary" disabled={busy}>
          Sign in with your company account
        </button>
      </Form>
      {result?.sso && result.sso.length > 0 ? <SsoChoices options={result.sso} /> : null}
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </div>
  );
}

function SsoChoices({ options }: { options: SsoOption[] }) {
  return (
    <section aria-labelledby="sso-choices" className="stack">
      <h2 id="sso-choices">Sign in with your company account</h2>
      <ul className="stack" role="list">
        {options.map((o) => (
          <li key={o.connectionId}>
            {/* A plain link: the provider's page is a full navigation, not a Remix fetch. */}
            <a className="button" href={o.startPath}>
              Sign in with {o.name}
            </a>{" "}
            <span className="muted">{o.organisationName}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
