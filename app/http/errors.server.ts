import { data, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { sayInEnglish } from "~/i18n/catalogues.server";
import { requestTranslator } from "~/services/locale.server";
import { isServiceError, type InputError, type ServiceError, type ServiceErrorKind } from "~/domain/errors";

/**
 * The route edge's one mapping from a service error's kind to an HTTP status (ADR 031). Pages, the API
 * (as JSON problems) and form actions (as field errors) all read it from here.
 */
export const STATUS_OF_KIND: Readonly<Record<ServiceErrorKind, 400 | 403 | 404 | 409>> = {
  invalid: 400,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
};

/** The status a service error answers with. */
export function statusOf(error: ServiceError): 400 | 403 | 404 | 409 {
  return STATUS_OF_KIND[error.kind];
}

/** A service error as the plain-text response a page's ErrorBoundary shows (its message is written for people). */
export function errorResponse(error: ServiceError, message: string = sayInEnglish(error.message)): Response {
  return new Response(message, { status: statusOf(error), headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

type Handler<A, R> = (args: A) => Promise<R> | R;

/**
 * A loader or action whose service errors become their responses: a thrown ServiceError is thrown on as
 * `errorResponse(error)`, which Remix answers with that status (and the route's ErrorBoundary). Anything
 * else (a bug, the database gone) is left alone: Remix answers 500 and logs it.
 */
export function withErrorResponses<A, R>(handler: Handler<A, R>): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (isServiceError(error)) throw errorResponse(error, await sayFor(args, error.message));
      throw error;
    }
  };
}

/** A said message (app/i18n/said.ts) in the language of the request's page; English when there is no request. */
async function sayFor(args: unknown, text: string): Promise<string> {
  const { context, request } = (args ?? {}) as { context?: AppLoadContext; request?: Request };
  if (context?.app && request instanceof Request) {
    try {
      return (await requestTranslator(context, request)).say(text);
    } catch {
      // The language could not be decided (the database away): the message in English.
    }
  }
  return sayInEnglish(text);
}

/**
 * The server build with every route's loader and action passed through `withErrorResponses`, so that no
 * route can forget it. server/app.ts serves this build; tests/support/remix.ts calls routes the same way.
 */
export function withServiceErrorResponses(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = { ...route.module };
    if (module.loader) module.loader = withErrorResponses(module.loader);
    if (module.action) module.action = withErrorResponses(module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

/** What a form shows when its service refused the request: the status, a message above the form and field errors. */
export interface Refusal {
  status: 400 | 409;
  formError: string;
  fieldErrors: Record<string, string>;
}

/**
 * Runs a form's use case. A refusal the person can act on (an invalid field, a conflict) comes back as a
 * `Refusal` for the page to show next to the form; not-found and forbidden are thrown on for
 * `withErrorResponses`, like any other error.
 */
export async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | ({ ok: false } & Refusal)> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (isServiceError(error) && error.kind === "invalid") return { ok: false, status: 400, formError: error.message, fieldErrors: (error as InputError).fieldErrors };
    if (isServiceError(error) && error.kind === "conflict") return { ok: false, status: 409, formError: error.message, fieldErrors: {} };
    throw error;
  }
}

/** A refusal as the action's 400/409 answer, with any extra data the page needs to show the form again. */
export function refused<X extends Record<string, unknown>>(refusal: Refusal, extra: X = {} as X) {
  return data({ ok: false as const, ...extra, formError: refusal.formError, fieldErrors: refusal.fieldErrors }, { status: refusal.status });
}
