import { sayInEnglish } from "~/i18n/catalogues.server";
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { ApiAuthError, authenticateApiRequest, type ApiRate } from "~/auth/api-tokens.server";
import { isServiceError, type InputError } from "~/domain/errors";
import { apiQuerySchema, readApiResource } from "~/services/results-api.server";
import { statusOf } from "./errors.server";

export { API_RESOURCES } from "~/services/results-api.server";

/** The statuses an API error can have (the API answers 400, 401, 403, 404, 405 and 429; 409 is a service error kind it never raises). */
type ApiErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 429;

/**
 * The JSON body of an API error with this status (ADR 010): `{ "error": { "status", "message" } }`, and
 * for a 400 the message per query parameter at fault. The answers below and the OpenAPI document both
 * come from this schema (ADR 040).
 */
export function apiErrorSchema(status: ApiErrorStatus) {
  return z.object({
    error: z.object({
      status: z.literal(status).describe("The response's status, repeated."),
      message: z.string().describe("What went wrong, written for people."),
      ...(status === 400 ? { fields: z.record(z.string(), z.string()).describe("A message per query parameter at fault.") } : {}),
    }),
  });
}

/**
 * The headers of the rate limit (60 requests a minute per token, counted in the database for every app
 * server): sent on every answer to a known token, the 429 included. Their words are the OpenAPI document's.
 */
export const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": "Requests a token may make in one minute.",
  "RateLimit-Remaining": "Requests left in the current minute's window.",
  "RateLimit-Reset": "Seconds until the current window ends and the count starts again.",
} as const;

const rateHeaders = (rate: ApiRate): Record<keyof typeof RATE_LIMIT_HEADERS, string> => ({
  "RateLimit-Limit": String(rate.limit),
  "RateLimit-Remaining": String(rate.remaining),
  "RateLimit-Reset": String(rate.resetSeconds),
});

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export function apiError(status: ApiErrorStatus, message: string, fields?: Record<string, string>, headers: Record<string, string> = {}) {
  const english = fields ? Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, sayInEnglish(text)])) : undefined;
  const body: z.input<ReturnType<typeof apiErrorSchema>> = { error: { status, message: sayInEnglish(message), ...(english ? { fields: english } : {}) } };
  return json(body, status, headers);
}

/** The query parameters the API reads, as the request has them (absent: undefined). */
function queryParams(url: URL): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(apiQuerySchema.shape).map((name) => [name, url.searchParams.get(name) ?? undefined]));
}

/**
 * Answers a read-only API request: token → organisation, query → report options, then the asked-for
 * table of the organisation's results (already suppressed by the results engine). Errors are JSON:
 * 401 (no or bad token), 403 (another organisation named), 404 (no such resource), 400 (bad options),
 * 429 (over the rate). Every answer to a known token says where it stands in its rate window.
 */
export async function handleApiRequest(context: AppLoadContext, request: Request, resource: string | undefined): Promise<Response> {
  const app = context.app;
  let token: { organisationId: string; tokenId: string };
  let rate: ApiRate;
  try {
    const authenticated = await authenticateApiRequest(app, request);
    token = { organisationId: authenticated.organisationId, tokenId: authenticated.tokenId };
    rate = authenticated.rate;
  } catch (error) {
    if (error instanceof ApiAuthError) {
      const headers: Record<string, string> =
        error.status === 401 ? { "WWW-Authenticate": 'Bearer realm="candor"' } : { ...rateHeaders(error.rate!), "Retry-After": String(error.rate!.resetSeconds) };
      return apiError(error.status, error.message, undefined, headers);
    }
    throw error;
  }
  try {
    return json(await readApiResource(app, token, { resource, params: queryParams(new URL(request.url)) }), 200, rateHeaders(rate));
  } catch (error) {
    // The same statuses as the pages (ADR 031), as JSON problems; an invalid query names its fields.
    if (isServiceError(error)) {
      return apiError(statusOf(error), error.message, error.kind === "invalid" ? (error as InputError).fieldErrors : undefined, rateHeaders(rate));
    }
    throw error;
  }
}
