import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage } from "~/components/forms";
import { requestPasswordReset } from "~/services/sign-in.server";
import { noFieldErrors, parseForm, readForm } from "~/http/forms.server";
import { localizeErrors } from "~/http/field-errors.server";
import { requestTranslator } from "~/services/locale.server";
import { useI18n } from "~/i18n/react";
import type { Locale } from "~/domain/locales";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "forgot.title", "Reset your password");

const ResetRequestSchema = z.object({ email: z.email("Enter an email address such as ann@example.com").max(320) });

export function loader() {
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const parsed = parseForm(ResetRequestSchema, await readForm(request));
  const { t, locale } = await requestTranslator(context, request);
  if (!parsed.success) return data({ sent: false, ...localizeErrors(parsed.errors, locale as Locale) }, { status: 400 });
  const result = await requestPasswordReset(context.app, parsed.data.email, context.clientAddress);
  if (!result.ok) {
    // Counted on the email as typed and on the address, account or not: this too says nothing of who has one.
    const seconds = Math.max(1, Math.ceil((result.retryAt.getTime() - context.app.now().getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    return data(
      {
        sent: false,
        formError: t("forgot.throttled", { minutes, time: result.retryAt.toISOString().slice(11, 16) }),
        fieldErrors: noFieldErrors(),
      },
      { status: 429, headers: { "Retry-After": String(seconds) } },
    );
  }
  // The same words whether or not an account exists: the page must not reveal who has one.
  return { sent: true, formError: undefined, fieldErrors: noFieldErrors() };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("forgot.title")}</h1>
      {result?.sent ? (
        <FormMessage success={t("forgot.sent")} />
      ) : (
        <>
          <p>{t("forgot.intro")}</p>
          <FormMessage error={result?.formError} />
          <Form method="post" className="stack" noValidate>
            <Field name="email" label={t("login.email")} type="email" autoComplete="email" inputMode="email" error={result?.fieldErrors?.email} required />
            <button type="submit" className="button">
              {t("forgot.send")}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("forgot.back")}</Link>
      </p>
    </div>
  );
}
