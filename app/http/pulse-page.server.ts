import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { editCookieName, getPulseForm, newIdempotencyKey, submitPulse, type Answerer } from "~/services/answering.server";
import { readCookie, serializeCookie } from "~/utils/cookies";

/** How a pulse page finds who is answering: a personal link, or the signed-in rep. */
export type ResolveAnswerer = (args: LoaderFunctionArgs) => Promise<Answerer | null>;

const MESSAGES = {
  unknown: "This pulse link is not valid. Check that you copied the whole address, or open the pulse from your Candor home page.",
  "not-invited": "You are not part of this pulse.",
  closed: "This pulse has closed, so answers can no longer be sent or changed. Thank you for your interest.",
  "already-answered":
    "You have already answered this pulse from another browser or device. Your answers are anonymous, so Candor cannot show them here; you can change them from the browser you answered on, until the pulse closes.",
} as const;

/** Loader shared by /pulse/:token and /pulses/:waveId. */
export async function pulsePageLoader(args: LoaderFunctionArgs, resolve: ResolveAnswerer) {
  const answerer = await resolve(args);
  if (!answerer) throw new Response(MESSAGES.unknown, { status: 404 });
  const form = await getPulseForm(args.context.app, answerer, readCookie(args.request, editCookieName(answerer.waveId)));
  if (form.kind === "unavailable") throw new Response(MESSAGES[form.reason], { status: form.reason === "unknown" ? 404 : 403 });
  const url = new URL(args.request.url);
  return { form, idempotencyKey: newIdempotencyKey(), saved: url.searchParams.get("saved"), closedMessage: MESSAGES.closed };
}

/** The posted fields. Urlencoded bodies (every browser form) are parsed directly: cheaper than FormData. */
async function fieldsOf(request: Request): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  const type = request.headers.get("content-type") ?? "";
  const entries = type.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(await request.text()).entries() : (await request.formData()).entries();
  for (const [key, value] of entries) if (typeof value === "string") fields[key] = value;
  return fields;
}

/** Action shared by both pulse pages: store the answers, set the edit cookie, come back to the receipt. */
export async function pulsePageAction(args: ActionFunctionArgs, resolve: ResolveAnswerer) {
  const answerer = await resolve(args);
  if (!answerer) return data({ formError: MESSAGES.unknown, fieldErrors: {} as Record<string, string> }, { status: 404 });
  const context: AppLoadContext = args.context;
  const fields = await fieldsOf(args.request);
  const result = await submitPulse(context.app, answerer, {
    fields,
    idempotencyKey: fields.idempotencyKey ?? "",
    editSecret: readCookie(args.request, editCookieName(answerer.waveId)),
  });
  switch (result.status) {
    case "saved": {
      const url = new URL(args.request.url);
      const cookie = serializeCookie(editCookieName(answerer.waveId), result.editSecret, {
        expires: result.closesAt,
        now: context.app.now(),
        secure: !context.app.config.development,
      });
      throw redirect(`${url.pathname}?saved=${result.changed ? "changed" : "new"}`, { status: 303, headers: { "Set-Cookie": cookie } });
    }
    case "invalid":
      return data({ formError: result.formError, fieldErrors: result.fieldErrors }, { status: 400 });
    case "already-answered":
      return data({ formError: MESSAGES["already-answered"], fieldErrors: {} as Record<string, string> }, { status: 409 });
    case "closed":
      return data({ formError: MESSAGES.closed, fieldErrors: {} as Record<string, string> }, { status: 410 });
    case "not-invited":
      return data({ formError: MESSAGES["not-invited"], fieldErrors: {} as Record<string, string> }, { status: 403 });
  }
}
