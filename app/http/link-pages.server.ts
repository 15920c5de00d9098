import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { SetPasswordSchema } from "~/domain/password-policy";
import { describeLink, setPasswordWithToken } from "~/services/sign-in.server";
import { parseForm, readForm } from "./forms.server";
import { attempt, refused } from "./errors.server";
import { sessionCookie } from "~/auth/session.server";
import { localizeErrors } from "./field-errors.server";
import { requestLocale } from "~/services/locale.server";

type Purpose = "invitation" | "password_reset";

/**
 * Loader of the pages behind invitation and reset links. Public: the link's token is the credential;
 * the page shows only the token's own account.
 */
export function linkPageLoader({ context, params }: LoaderFunctionArgs, purpose: Purpose) {
  return describeLink(context.app, params.token ?? "", purpose);
}

/** Action of those pages: set the password, use the link up, sign the person in. */
export async function linkPageAction({ context, params, request }: ActionFunctionArgs, purpose: Purpose) {
  const parsed = parseForm(SetPasswordSchema, await readForm(request));
  if (!parsed.success) return data(localizeErrors(parsed.errors, await requestLocale(context, request)), { status: 400 });
  const result = await attempt(() => setPasswordWithToken(context.app, { token: params.token ?? "", purpose, password: parsed.data.password }));
  if (!result.ok) return refused(result);
  throw redirect("/", { headers: { "Set-Cookie": sessionCookie(context.app, result.value.token, result.value.expiresAt) } });
}
