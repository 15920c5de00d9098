import { sayInEnglish } from "~/i18n/catalogues.server";
import type { AppLoadContext } from "@remix-run/node";
import { authenticateScimRequest, ScimAuthError, type ScimRate } from "~/auth/scim-tokens.server";
import { answerScimRequest, scimErrorBody, type ScimRequest } from "~/services/scim.server";
import { SCIM_BODY_BYTES } from "./body-limits.server";

// The edge of SCIM (ADR 044): bearer token and rate, the body's type, size and JSON, then the one service
// that answers. Answers are application/scim+json; errors are SCIM's own (RFC 7644 §3.12).

const SCIM_TYPE = "application/scim+json; charset=utf-8";

const rateHeaders = (rate: ScimRate): Record<string, string> => ({
  "RateLimit-Limit": String(rate.limit),
  "RateLimit-Remaining": String(rate.remaining),
  "RateLimit-Reset": String(rate.resetSeconds),
});

function scimResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { ...(body === null ? {} : { "Content-Type": SCIM_TYPE }), "Cache-Control": "no-store", ...headers },
  });
}

const error = (status: number, scimType: string | null, detail: string, headers: Record<string, string> = {}) =>
  scimResponse(status, scimErrorBody(status, scimType, sayInEnglish(detail)), headers);

/** The body of a write: JSON of type application/scim+json or application/json, within SCIM_BODY_BYTES. */
async function readBody(request: Request): Promise<ScimRequest["body"] | Response> {
  if (request.method === "GET" || request.method === "DELETE" || request.method === "HEAD") return undefined;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (Number(request.headers.get("content-length") ?? 0) > SCIM_BODY_BYTES)
    return error(413, null, `This SCIM request is larger than ${SCIM_BODY_BYTES / 1_000_000} MB, so nothing was changed.`);
  const text = await request.text();
  if (new TextEncoder().encode(text).length > SCIM_BODY_BYTES)
    return error(413, null, `This SCIM request is larger than ${SCIM_BODY_BYTES / 1_000_000} MB, so nothing was changed.`);
  if (text.trim() === "") return undefined;
  if (type !== "application/scim+json" && type !== "application/json") {
    return { ok: false, detail: `Send the body as application/scim+json (or application/json), not ${type || "without a type"}.` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, detail: `The body is not JSON: ${(e as Error).message}` };
  }
}

/**
 * Answers a request to /scim/v2/…: 401 without a valid, unrevoked SCIM token (a session cookie counts for
 * nothing), 429 over the token's rate, 413 past the size limit, else whatever the SCIM service answers, with
 * RateLimit-* headers on every answer to a known token.
 */
export async function handleScimRequest(context: AppLoadContext, request: Request, splat: string | undefined): Promise<Response> {
  const app = context.app;
  let token: { organisationId: string; tokenId: string; rate: ScimRate };
  try {
    token = await authenticateScimRequest(app, request);
  } catch (e) {
    if (e instanceof ScimAuthError) {
      const headers: Record<string, string> =
        e.status === 401 ? { "WWW-Authenticate": 'Bearer realm="candor-scim"' } : { ...rateHeaders(e.rate!), "Retry-After": String(e.rate!.resetSeconds) };
      return error(e.status, null, e.message, headers);
    }
    throw e;
  }
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const url = new URL(request.url);
  const answer = await answerScimRequest(
    app,
    { organisationId: token.organisationId, tokenId: token.tokenId },
    {
      method: request.method.toUpperCase(),
      segments: (splat ?? "").split("/").filter((s) => s !== ""),
      path: `${url.pathname}${url.search}`,
      query: url.searchParams,
      body,
    },
  );
  return scimResponse(answer.status, answer.body, { ...rateHeaders(token.rate), ...(answer.location ? { Location: answer.location } : {}) });
}
