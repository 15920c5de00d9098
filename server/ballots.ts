import type { NextFunction, Request, Response } from "express";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { z } from "zod";
import type { AppContext } from "~/context.server";
import { PULSE_BODY_BYTES } from "~/http/body-limits.server";
import { SESSION_COOKIE, validateSessionToken } from "~/auth/session.server";
import { resolveWaveLink } from "~/services/answering.server";
import { acceptBallot, signBallot, type BallotRequester } from "~/services/ballots.server";
import { cookieFromHeader } from "~/utils/cookies";
import { isDatabaseUnavailable } from "#db/client";
import { asyncHandler } from "./async-handler";
import { readBody, refuseTooLarge, limitOf } from "./body-limit";

/**
 * The ballot endpoints (ADR 021), JSON in and out, answered here before Remix like the pulse form posts:
 *
 * - `POST /pulses/:waveId/ballot-signature` (signed in) and `POST /pulse/:token/ballot-signature` (personal
 *   link): `{ blindedMessage }` → `{ blindSignature }`. Says who asks: one signature per person per wave.
 * - `POST /ballots`: `{ waveId, teamId, message, signature, answers }` → `{ status: "saved", changed }`. Says
 *   nothing of who sends it, and refuses a request that carries Candor's session cookie (the browser sends
 *   it with `credentials: "omit"`), so that the server never sees a ballot beside an identity.
 *
 * Errors are `{ error: { status, message, fields? } }`: 400 (bad JSON or answers, with fields), 401 (no
 * session), 403, 404, 409 (a signature was given already), 410 (closed), 413, 415, 503 (database away).
 * Nothing about a request is logged.
 */

// A signature request is one base64url value; a ballot holds its answers (and stays within PULSE_BODY_BYTES).
const SIGNATURE_BODY_BYTES = 4 * 1024;
const BALLOT_BODY_BYTES = PULSE_BODY_BYTES;

const base64url = z
  .string()
  .max(8 * 1024)
  .regex(/^[A-Za-z0-9_-]*$/, "must be base64url");
const SignatureRequest = z.object({ blindedMessage: base64url });
const Ballot = z.object({
  waveId: z.string().max(64),
  teamId: z.string().max(64),
  message: base64url,
  signature: base64url,
  answers: z.record(z.string().max(64), z.string().max(10_000)).refine((a) => Object.keys(a).length <= 200, "too many answers"),
});

const sendJson = (res: Response, status: number, body: unknown) => {
  res.status(status).setHeader("Cache-Control", "no-store");
  res.json(body);
};
const sendError = (res: Response, status: number, message: string, fields?: Record<string, string>) =>
  sendJson(res, status, { error: { status, message, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}) } });

/** The body as JSON of the given shape, or null after answering the error. */
async function readJson<T>(req: Request, res: Response, schema: z.ZodType<T>, maxBytes: number): Promise<T | null> {
  if (!req.is("application/json")) {
    sendError(res, 415, "Send JSON (Content-Type: application/json).");
    return null;
  }
  const text = await readBody(req, maxBytes);
  if (text === null) {
    refuseTooLarge(req, res, { ...limitOf(res), bytes: maxBytes, message: `This request is larger than ${maxBytes / 1024} KiB.` });
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    sendError(res, 400, "The body is not valid JSON.");
    return null;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "body", i.message]));
    sendError(res, 400, "The request is not a ballot request Candor understands.", fields);
    return null;
  }
  return parsed.data;
}

const decode = (text: string): Uint8Array | null => {
  try {
    return decodeBase64urlIgnorePadding(text);
  } catch {
    return null;
  }
};

export function ballotEndpoints(app: AppContext) {
  const signPaths = /^\/(pulses|pulse)\/([^/]+)\/ballot-signature$/;
  return asyncHandler(async (req: Request, res: Response, next: NextFunction) => {
    const sign = signPaths.exec(req.path);
    if (!sign && req.path !== "/ballots") return next();
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return sendError(res, 405, "Use POST.");
    }
    try {
      if (sign) await signatureRequest(app, req, res, sign[1] === "pulses" ? { waveId: sign[2]! } : { linkToken: sign[2]! });
      else await ballotRequest(app, req, res);
    } catch (error) {
      if (isDatabaseUnavailable(error)) return sendError(res, 503, "Candor cannot reach its database just now. Your answers were not sent: try again in a minute.");
      // Only the error's name: nothing that could tie this moment to a pulse or a person (ADR 039).
      app.log.error("ballot endpoint failed", { error: error instanceof Error ? error.name : "error" });
      if (!res.headersSent) sendError(res, 500, "Something went wrong on Candor's side. Your answers were not sent: try again.");
    }
  });
}

async function signatureRequest(app: AppContext, req: Request, res: Response, who: { waveId: string } | { linkToken: string }) {
  let requester: BallotRequester | null;
  if ("waveId" in who) {
    const token = cookieFromHeader(req.headers.cookie, SESSION_COOKIE);
    // Read only: a session renewed here would put the person's name in the WAL next to the request.
    const user = token ? await validateSessionToken(app, token, { write: false }) : null;
    if (!user) return sendError(res, 401, "Sign in to answer this pulse.");
    requester = { waveId: who.waveId, personId: user.personId };
  } else {
    requester = await resolveWaveLink(app, who.linkToken);
    if (!requester) return sendError(res, 404, "This pulse link is not valid.");
  }
  const body = await readJson(req, res, SignatureRequest, SIGNATURE_BODY_BYTES);
  if (!body) return;
  const blinded = decode(body.blindedMessage);
  if (!blinded) return sendError(res, 400, "The blinded message is not base64url.", { blindedMessage: "must be base64url" });
  const result = await signBallot(app, requester, blinded);
  if (result.status === "refused") return sendError(res, result.httpStatus, result.message);
  sendJson(res, 200, { blindSignature: encodeBase64urlNoPadding(result.blindSignature), closesAt: result.closesAt.toISOString() });
}

async function ballotRequest(app: AppContext, req: Request, res: Response) {
  if (cookieFromHeader(req.headers.cookie, SESSION_COOKIE)) {
    return sendError(res, 400, "A ballot must be sent without cookies, so that nothing in it says who sent it. Reload the page and send again.");
  }
  const body = await readJson(req, res, Ballot, BALLOT_BODY_BYTES);
  if (!body) return;
  const message = decode(body.message);
  const signature = decode(body.signature);
  if (!message || !signature) return sendError(res, 400, "The ballot's token or signature is not base64url.");
  const result = await acceptBallot(app, { waveId: body.waveId, teamId: body.teamId, message, signature, fields: body.answers });
  if (result.status === "refused") return sendError(res, result.httpStatus, result.message, result.fieldErrors);
  sendJson(res, 200, { status: "saved", changed: result.changed, closesAt: result.closesAt.toISOString() });
}
