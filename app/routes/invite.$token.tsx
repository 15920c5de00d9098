import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { linkPageAction, linkPageLoader } from "~/http/link-pages.server";
import { SetPasswordPage } from "~/components/set-password-page";

export const meta: MetaFunction = () => [{ title: "Accept your invitation · Candor" }];

export const loader = (args: LoaderFunctionArgs) => linkPageLoader(args, "invitation");
export const action = (args: ActionFunctionArgs) => linkPageAction(args, "invitation");

export default function Page() {
  const link = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <SetPasswordPage title="Welcome to Candor" intro="Choose a password for your account at" link={link} result={result} />;
}
