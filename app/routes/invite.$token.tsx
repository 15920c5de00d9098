import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { linkPageAction, linkPageLoader } from "~/http/link-pages.server";
import { SetPasswordPage } from "~/components/set-password-page";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "setPassword.inviteTitle", "Accept your invitation");

export const loader = (args: LoaderFunctionArgs) => linkPageLoader(args, "invitation");
export const action = (args: ActionFunctionArgs) => linkPageAction(args, "invitation");

export default function Page() {
  const link = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <SetPasswordPage title="setPassword.welcome" intro="setPassword.inviteIntro" link={link} result={result} />;
}
