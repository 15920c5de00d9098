import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "~/http/api.server";
import { openApiResponse } from "~/http/openapi.server";

// The API described (OpenAPI 3.1, ADR 040): public on purpose, like the API's own documentation; it holds
// no organisation's data, only the shapes of the answers.
export function loader({ context, request }: LoaderFunctionArgs) {
  return openApiResponse(context.app.config.appUrl, request);
}

export function action() {
  return apiError(405, "The API is read-only: use GET.", undefined, { Allow: "GET" });
}
