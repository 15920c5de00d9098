import { Form, Link, useNavigation } from "@remix-run/react";
import { Field, FormMessage } from "./forms";

export interface SetPasswordPageProps {
  title: string;
  link: { ok: true; name: string; email: string; organisationName: string } | { ok: false; problem: string };
  intro: string;
  result?: { formError?: string; fieldErrors?: Record<string, string> };
}

/** The page behind an invitation or password-reset link. */
export function SetPasswordPage({ title, link, intro, result }: SetPasswordPageProps) {
  const busy = useNavigation().state === "submitting";
  if (!link.ok) {
    return (
      <div className="page page--narrow">
        <h1>{title}</h1>
        <FormMessage error={link.problem} />
        <p>
          <Link to="/forgot-password">Ask for a new link</Link> or <Link to="/login">sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      <p>
        {intro} <strong>{link.organisationName}</strong> as <strong>{link.email}</strong>.
      </p>
      <FormMessage error={result?.formError} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="username" value={link.email} autoComplete="username" />
        <Field name="password" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters." error={result?.fieldErrors?.password} required />
        <Field name="confirm" label="New password again" type="password" autoComplete="new-password" error={result?.fieldErrors?.confirm} required />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Set password and sign in"}
        </button>
      </Form>
    </div>
  );
}
