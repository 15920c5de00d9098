import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/auth/guards.server";
import { readForm } from "~/http/forms.server";
import { chooseLanguage, parseLanguage, requestLocale } from "~/services/locale.server";
import { safeRedirect } from "~/utils/safe-redirect";

// The language switcher in every page's header (ADR 055): a plain form post, so it works without JavaScript.
// An unknown language is refused (400) with the list of those Candor has, and nothing is saved.
export function loader() {
  throw redirect("/");
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const language = parseLanguage(form.get("language"), await requestLocale(context, request));
  const user = await getOptionalUser(context, request);
  throw redirect(safeRedirect(form.get("returnTo")), { status: 303, headers: { "Set-Cookie": await chooseLanguage(context.app, user, language) } });
}
