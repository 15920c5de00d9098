import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkHealth } from "~/services/health.server";

// Public on purpose: load balancers call it without a session. It reveals only up or down.
export async function loader({ context }: LoaderFunctionArgs) {
  const health = await checkHealth(context.app);
  const headers = { "Cache-Control": "no-store" };
  if (health.ok) return Response.json({ db: "ok" }, { headers });
  return Response.json({ db: "unavailable", error: "The database is not answering." }, { status: 503, headers });
}
