import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { AppContext } from "~/context.server";
import { validateSessionToken } from "~/auth/session.server";
import { editCookieName, getPulseForm, newIdempotencyKey, resolveWaveLink, submitPulse, type Answerer, type SubmitResult } from "~/services/answering.server";
import { cookieFromHeader, readCookie, serializeCookie } from "~/utils/cookies";
import { readForm } from "~/http/forms.server";
import { isUuid } from "~/domain/ids";
import { requestLocale, requestTranslator } from "~/services/locale.server";
import { formatsFor } from "~/domain/format";
import type { MessageKey } from "~/i18n/translate";

/** How a pulse page finds who is answering: a personal link, or the signed-in rep. */
export type ResolveAnswerer = (args: LoaderFunctionArgs) => Promise<Answerer | null>;

const MESSAGES = {
  unknown: "This pulse link is not valid. Check that you copied the whole address, or open the pulse from your Candor home page.",
  "not-invited": "You are not part of this pulse.",
  closed: "This pulse has closed, so answers can no longer be sent or changed. Thank you for your interest.",
  "already-answered":
    "You have already answered this pulse from another browser or device. Your answers are anonymous, so Candor cannot show them here; you can change them from the browser you answered on, until the pulse closes.",
} as const;

type Refusal = keyof typeof MESSAGES;
/** The same refusals in the page's language (ADR 055); MESSAGES keeps the English the HTTP layer answers with. */
const MESSAGE_KEYS: Record<Refusal, MessageKey> = {
  unknown: "pulse.unknown",
  "not-invited": "pulse.notInvited",
  closed: "pulse.closed",
  "already-answered": "pulse.alreadyAnswered",
};

/** A signed-in person answering the wave named in /pulses/:waveId; null for a wave id that cannot be one. */
export function waveAnswerer(waveId: string | undefined, personId: string): Answerer | null {
  return isUuid(waveId ?? "") ? { waveId: waveId!, personId } : null;
}

/** The rep behind /pulse/:token: the personal link's token is the credential. */
export const answererFromLink = (app: AppContext, token: string | undefined): Promise<Answerer | null> => resolveWaveLink(app, token ?? "");

/** Loader shared by /pulse/:token and /pulses/:waveId. */
export async function pulsePageLoader(args: LoaderFunctionArgs, resolve: ResolveAnswerer) {
  const [answerer, locale] = await Promise.all([resolve(args), requestLocale(args.context, args.request)]);
  const { t } = await requestTranslator(args.context, args.request);
  if (!answerer) throw new Response(t(MESSAGE_KEYS.unknown), { status: 404 });
  const form = await getPulseForm(args.context.app, answerer, readCookie(args.request, editCookieName(answerer.waveId)), locale);
  if (form.kind === "unavailable") throw new Response(t(MESSAGE_KEYS[form.reason]), { status: form.reason === "unknown" ? 404 : 403 });
  const url = new URL(args.request.url);
  // The last day the wave is open, written in the page's language on the server (the browser shows the same).
  const closesOn = formatsFor(locale).lastDay(form.closesAt);
  return { form, idempotencyKey: newIdempotencyKey(), saved: url.searchParams.get("saved"), closedMessage: t("pulse.closed"), closesOn };
}

/**
 * What answering a pulse form came to: saved (go back to the page with the receipt, holding the edit
 * cookie), or refused with a status and a message for the form. Computed once per POST, either by the
 * HTTP layer's form handler (server/pulse-submit.ts) or by the route action.
 */
export type PulseOutcome = (
  | { kind: "saved"; location: string }
  | { kind: "refused"; status: 400 | 403 | 404 | 409 | 410; formError: string; fieldErrors: Record<string, string>; reason?: Refusal }
) & { setCookies: string[] };

/** What the HTTP layer hands the route for a form it read: the outcome, or the error that stopped it. */
export type PulsePost = PulseOutcome | { kind: "failed"; error: unknown };

// What every loader and action receives besides the request (server/app.ts builds it per request). It is
// declared here, at the route edge beside PulsePost, so that the app's context (app/context.server.ts) depends on
// nothing above it.
declare module "@remix-run/node" {
  interface AppLoadContext {
    app: AppContext;
    /** The per-request Content-Security-Policy nonce for Remix's inline scripts. */
    cspNonce: string;
    /** The client's address (behind a proxy only with TRUST_PROXY), for sign-in throttling only. */
    clientAddress: string | null;
    /** A plain pulse form POST already answered by the HTTP layer (server/pulse-submit.ts), for the route to render. */
    pulsePost?: PulsePost;
  }
}

type PulsePostInput = { pathname: string; fields: Record<string, string>; cookieHeader: string | null };

/** Stores a posted pulse form for the answerer and says what the browser gets back. */
export async function answerPulse(app: AppContext, answerer: Answerer | null, post: PulsePostInput): Promise<PulseOutcome> {
  if (!answerer) return { kind: "refused", status: 404, formError: MESSAGES.unknown, fieldErrors: {}, setCookies: [], reason: "unknown" };
  const result = await submitPulse(app, answerer, submission(answerer.waveId, post));
  return outcomeOf(app, answerer.waveId, post.pathname, result);
}

/**
 * answerPulse for /pulses/:waveId and the session token in its cookie. Null when there is no valid
 * session: the caller answers as for anyone signed out. The session is only read (not renewed): nothing
 * written by this request may name the person (ADR 021).
 */
export async function answerPulseInSession(app: AppContext, waveId: string, sessionToken: string, post: PulsePostInput): Promise<PulseOutcome | null> {
  if (!waveAnswerer(waveId, "")) return null;
  const user = await validateSessionToken(app, sessionToken, { write: false });
  if (!user) return null;
  return outcomeOf(app, waveId, post.pathname, await submitPulse(app, { waveId, personId: user.personId }, submission(waveId, post)));
}

const submission = (waveId: string, post: PulsePostInput) => ({
  fields: post.fields,
  idempotencyKey: post.fields.idempotencyKey ?? "",
  editSecret: cookieFromHeader(post.cookieHeader, editCookieName(waveId)),
});

function outcomeOf(app: AppContext, waveId: string, pathname: string, result: SubmitResult): PulseOutcome {
  const refused = (status: 403 | 404 | 409 | 410, reason: Refusal): PulseOutcome => ({
    kind: "refused",
    status,
    formError: MESSAGES[reason],
    fieldErrors: {},
    setCookies: [],
    reason,
  });
  switch (result.status) {
    case "saved":
      return {
        kind: "saved",
        location: `${pathname}?saved=${result.changed ? "changed" : "new"}`,
        setCookies: [serializeCookie(editCookieName(waveId), result.editSecret, { expires: result.closesAt, now: app.now(), secure: !app.config.development })],
      };
    case "invalid":
      return { kind: "refused", status: 400, formError: result.formError, fieldErrors: result.fieldErrors, setCookies: [] };
    case "already-answered":
      return refused(409, "already-answered");
    case "closed":
      return refused(410, "closed");
    case "not-invited":
      return refused(403, "not-invited");
    case "unknown":
      return refused(404, "unknown");
  }
}

/** The posted fields. Urlencoded bodies (every browser form) are parsed directly: cheaper than FormData. */
async function fieldsOf(request: Request): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  const type = request.headers.get("content-type") ?? "";
  // Anything else goes through readForm: a body that is no form is a 400, never a 500.
  const entries = type.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(await request.text()).entries() : (await readForm(request)).entries();
  for (const [key, value] of entries) if (typeof value === "string") fields[key] = value;
  return fields;
}

/**
 * Action shared by both pulse pages. A plain form POST has usually been answered already by the HTTP
 * layer (its outcome arrives in the load context); JavaScript submissions and anything the HTTP layer
 * passed on are answered here.
 */
export async function pulsePageAction(args: ActionFunctionArgs, resolve: ResolveAnswerer) {
  const posted = args.context.pulsePost;
  // The body was read already: rethrow so the error page (a 503 when the database is away) is the route's.
  if (posted?.kind === "failed") throw posted.error;
  let outcome = posted;
  if (!outcome) {
    const answerer = await resolve(args);
    const fields = answerer ? await fieldsOf(args.request) : {};
    outcome = await answerPulse(args.context.app, answerer, {
      pathname: new URL(args.request.url).pathname,
      fields,
      cookieHeader: args.request.headers.get("cookie"),
    });
  }
  const headers = new Headers();
  for (const cookie of outcome.setCookies) headers.append("Set-Cookie", cookie);
  if (outcome.kind === "saved") throw redirect(outcome.location, { status: 303, headers });
  const formError = outcome.reason ? (await requestTranslator(args.context, args.request)).t(MESSAGE_KEYS[outcome.reason]) : outcome.formError;
  return data({ formError, fieldErrors: outcome.fieldErrors }, { status: outcome.status, headers });
}
