import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, handleApiRequest } from "~/http/api.server";

// The read-only results API for BI tools (README: "API"). Bearer tokens; JSON in, JSON out.
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return handleApiRequest(context, request, params.resource);
}

export function action() {
  return apiError(405, "The API is read-only: use GET.", undefined, { Allow: "GET" });
}
