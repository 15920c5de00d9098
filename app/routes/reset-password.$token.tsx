import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { linkPageAction, linkPageLoader } from "~/http/link-pages.server";
import { SetPasswordPage } from "~/components/set-password-page";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "setPassword.resetTitle", "Choose a new password");

export const loader = (args: LoaderFunctionArgs) => linkPageLoader(args, "password_reset");
export const action = (args: ActionFunctionArgs) => linkPageAction(args, "password_reset");

export default function Page() {
  const link = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <SetPasswordPage title="setPassword.resetTitle" intro="setPassword.resetIntro" link={link} result={result} />;
}
