import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage } from "~/components/forms";
import { requestPasswordReset } from "~/services/sign-in.server";
import { noFieldErrors, parseForm, readForm } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Candor" }];

const ResetRequestSchema = z.object({ email: z.email("Enter an email address such as ann@example.com").max(320) });

export function loader() {
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const parsed = parseForm(ResetRequestSchema, await readForm(request));
  if (!parsed.success) return data({ sent: false, ...parsed.errors }, { status: 400 });
  await requestPasswordReset(context.app, parsed.data.email);
  // The same words whether or not an account exists: the page must not reveal who has one.
  return { sent: true, formError: undefined, fieldErrors: noFieldErrors() };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>Reset your password</h1>
      {result?.sent ? (
        <FormMessage success="If an account exists for that address, we have emailed it a link to choose a new password. The link works once and expires in 7 days." />
      ) : (
        <>
          <p>Enter the email you sign in with. We will send you a link to choose a new password.</p>
          <FormMessage error={result?.formError} />
          <Form method="post" className="stack" noValidate>
            <Field name="email" label="Email" type="email" autoComplete="email" inputMode="email" error={result?.fieldErrors?.email} required />
            <button type="submit" className="button">
              Send the link
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
