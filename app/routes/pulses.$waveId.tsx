import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { pulsePageAction, pulsePageLoader, type ResolveAnswerer } from "~/http/pulse-page.server";
import { PulsePage } from "~/components/pulse-page";

export const meta: MetaFunction = () => [{ title: "Team pulse · Candor" }];

// Signed in: the person is the session's; the pulse page itself refuses anyone not asked in the wave.
const fromSession: ResolveAnswerer = async ({ context, request, params }) => {
  const user = await requireUser(context, request);
  return /^[0-9a-f-]{36}$/i.test(params.waveId ?? "") ? { waveId: params.waveId!, personId: user.personId } : null;
};

export const loader = (args: LoaderFunctionArgs) => pulsePageLoader(args, fromSession);
export const action = (args: ActionFunctionArgs) => pulsePageAction(args, fromSession);

export default function PulseSignedIn() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <PulsePage {...data} result={result} />;
}
