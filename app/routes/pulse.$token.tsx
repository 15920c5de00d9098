import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { pulsePageAction, pulsePageLoader, type ResolveAnswerer } from "~/http/pulse-page.server";
import { PulsePage } from "~/components/pulse-page";
import { resolveWaveLink } from "~/services/answering.server";
import { titleFrom } from "~/i18n/meta";

// Referrer-Policy: same-origin (set on every response) keeps the personal link from leaking to other sites.
export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "pulse.title", "Team pulse");

// Public: the personal link's token is the credential (no sign-in needed to answer from an email).
const fromLink: ResolveAnswerer = ({ context, params }) => resolveWaveLink(context.app, params.token ?? "");

export const loader = (args: LoaderFunctionArgs) => pulsePageLoader(args, fromLink);
export const action = (args: ActionFunctionArgs) => pulsePageAction(args, fromLink);

export default function PulseByLink() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <PulsePage {...data} result={result} />;
}
