import type { AppLoadContext } from "@remix-run/node";
import { ApiAuthError, authenticateApiRequest } from "~/auth/api-tokens.server";
import { isServiceError, type InputError } from "~/domain/errors";
import { readApiResource } from "~/services/results-api.server";
import { statusOf } from "./errors.server";

export { API_RESOURCES } from "~/services/results-api.server";

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export const apiError = (status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json({ error: { status, message, ...extra } }, status, headers);

/**
 * Answers a read-only API request: token → organisation, query → report options, then the asked-for
 * table of the organisation's results (already suppressed by the results engine). Errors are JSON:
 * 401 (no or bad token), 403 (another organisation named), 404 (no such resource), 400 (bad options),
 * 429 (over the rate).
 */
export async function handleApiRequest(context: AppLoadContext, request: Request, resource: string | undefined): Promise<Response> {
  const app = context.app;
  let token: { organisationId: string; tokenId: string };
  try {
    token = await authenticateApiRequest(app, request);
  } catch (error) {
    if (error instanceof ApiAuthError) {
      const headers: Record<string, string> = error.status === 401 ? { "WWW-Authenticate": 'Bearer realm="candor"' } : { "Retry-After": String(error.retryAfterSeconds ?? 60) };
      return apiError(error.status, error.message, {}, headers);
    }
    throw error;
  }
  const url = new URL(request.url);
  const query = {
    resource,
    organisation: url.searchParams.get("organisation"),
    period: url.searchParams.get("period") ?? undefined,
    metrics: url.searchParams.get("metrics") ?? undefined,
    lags: url.searchParams.get("lags") ?? undefined,
  };
  try {
    return json(await readApiResource(app, token, query));
  } catch (error) {
    // The same statuses as the pages (ADR 031), as JSON problems; an invalid query names its fields.
    if (isServiceError(error)) return apiError(statusOf(error), error.message, error.kind === "invalid" ? { fields: (error as InputError).fieldErrors } : {});
    throw error;
  }
}
