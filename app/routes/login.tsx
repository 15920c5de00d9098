import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { getOptionalUser } from "~/auth/guards.server";
import { sessionCookie } from "~/auth/session.server";
import { signIn } from "~/services/sign-in.server";
import { noFieldErrors, parseForm, readForm } from "~/http/forms.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Sign in · Candor" }];

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

export async function loader({ context, request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getOptionalUser(context, request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const parsed = parseForm(SignInSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, organisations: null, email: "" }, { status: 400 });
  const { email, password, organisationId, redirectTo } = parsed.data;
  const result = await signIn(context.app, { email, password, organisationId, address: context.clientAddress });
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
      },
      { status: 400 },
    );
  }
  return data({ formError: "That email and password do not match an account.", fieldErrors: noFieldErrors(), organisations: null, email }, { status: 400 });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page page--narrow">
      <h1>Sign in to Candor</h1>
      <FormMessage error={result?.formError} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" label="Email" type="email" autoComplete="username" inputMode="email" defaultValue={result?.email} error={result?.fieldErrors?.email} required />
        <Field name="password" label="Password" type="password" autoComplete="current-password" error={result?.fieldErrors?.password} required />
        {result?.organisations ? <SelectField name="organisationId" label="Organisation" options={result.organisations.map((o) => ({ value: o.id, label: o.name }))} /> : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </div>
  );
}
