import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import type { AppContext } from "../../app/context.server";
import { withErrorResponses } from "../../app/http/errors.server";

export const ORIGIN = "http://candor.test";

export function loadContext(app: AppContext, clientAddress = "203.0.113.7"): AppLoadContext {
  return { app, cspNonce: "test-nonce", clientAddress };
}

export interface CallResult {
  status: number;
  /** Where a redirect points. */
  location: string | null;
  headers: Headers;
  /** The data a loader or action returned (null for thrown responses). */
  data: unknown;
}

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

/**
 * Calls a route module's loader or action the way Remix does, and normalises what comes back (returned
 * data, `data()` with a status, a returned or thrown Response) into status, location and data.
 */
export async function callRoute(
  handler: Handler,
  options: {
    app: AppContext;
    path: string;
    method?: string;
    cookie?: string;
    form?: Record<string, string> | URLSearchParams | FormData;
    params?: Record<string, string>;
    clientAddress?: string;
    headers?: Record<string, string>;
  },
): Promise<CallResult> {
  const method = options.method ?? "GET";
  const headers = new Headers({ Origin: ORIGIN });
  if (options.cookie) headers.set("Cookie", options.cookie);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  let body: BodyInit | undefined;
  if (options.form instanceof FormData) body = options.form;
  else if (options.form) {
    body = new URLSearchParams(options.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  } else if (method !== "GET") {
    body = new URLSearchParams();
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  const request = new Request(`${ORIGIN}${options.path}`, { method, headers, body });
  const args = { request, params: options.params ?? {}, context: loadContext(options.app, options.clientAddress) };
  let outcome: unknown;
  try {
    // As the server does (server/app.ts): the route's service errors become their responses.
    outcome = await withErrorResponses(handler)(args as LoaderFunctionArgs);
  } catch (thrown) {
    outcome = thrown;
    if (!(thrown instanceof Response)) throw thrown;
  }
  if (outcome instanceof Response) {
    const text = await outcome.text();
    return { status: outcome.status, location: outcome.headers.get("location"), headers: outcome.headers, data: text };
  }
  // `data(value, init)` from @remix-run/node is a DataWithResponseInit object.
  if (outcome && typeof outcome === "object" && (outcome as { type?: string }).type === "DataWithResponseInit") {
    const d = outcome as { data: unknown; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, location: null, headers: new Headers(d.init?.headers), data: d.data };
  }
  return { status: 200, location: null, headers: new Headers(), data: outcome };
}
