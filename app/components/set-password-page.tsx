import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FormMessage } from "./forms";
import { useI18n, useRich } from "~/i18n/react";
import type { MessageKey } from "~/i18n/translate";

export interface SetPasswordPageProps {
  title: MessageKey;
  link: { ok: true; name: string; email: string; organisationName: string } | { ok: false; problem: string };
  /** A message with {organisation} and {email}. */
  intro: MessageKey;
  result?: { formError?: string; fieldErrors?: Record<string, string> };
}

/** The page behind an invitation or password-reset link. */
export function SetPasswordPage({ title, link, intro, result }: SetPasswordPageProps) {
  const busy = useNavigation().state === "submitting";
  const { t, rich } = useI18n();
  const richText = useRich();
  if (!link.ok) {
    return (
      <div className="page page--narrow">
        <h1>{t(title)}</h1>
        <FormMessage error={link.problem} />
        <p>
          {rich<ReactNode>("setPassword.newLink", {
            ask: (chunks) => (
              <Link key="ask" to="/forgot-password">
                {chunks}
              </Link>
            ),
            login: (chunks) => (
              <Link key="login" to="/login">
                {chunks}
              </Link>
            ),
          })}
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t(title)}</h1>
      <p>{richText(intro, { organisation: link.organisationName, email: link.email })}</p>
      <FormMessage error={result?.formError} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="username" value={link.email} autoComplete="username" />
        <Field
          name="password"
          label={t("setPassword.new")}
          type="password"
          autoComplete="new-password"
          hint={t("setPassword.hint")}
          error={result?.fieldErrors?.password}
          required
        />
        <Field name="confirm" label={t("setPassword.again")} type="password" autoComplete="new-password" error={result?.fieldErrors?.confirm} required />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("setPassword.saving") : t("setPassword.submit")}
        </button>
      </Form>
    </div>
  );
}
