import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { pulsePageAction, pulsePageLoader, waveAnswerer, type ResolveAnswerer } from "~/http/pulse-page.server";
import { PulsePage } from "~/components/pulse-page";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "pulse.title", "Team pulse");

// Signed in: the person is the session's; the pulse page itself refuses anyone not asked in the wave.
const fromSession: ResolveAnswerer = async ({ context, request, params }) => {
  const user = await requireUser(context, request);
  return waveAnswerer(params.waveId, user.personId);
};

export const loader = (args: LoaderFunctionArgs) => pulsePageLoader(args, fromSession);
export const action = (args: ActionFunctionArgs) => pulsePageAction(args, fromSession);

export default function PulseSignedIn() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <PulsePage {...data} result={result} />;
}
