import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { AppContext } from "~/context.server";
import { PULSE_BODY_BYTES } from "~/http/body-limits.server";
import { BALLOT_REFUSALS, ballotErrorBody } from "~/http/ballot-errors.server";
import { SESSION_COOKIE, validateSessionToken } from "~/auth/session.server";
import { resolveWaveLink } from "~/services/answering.server";
import { acceptBallot, signBallot, signBallotInSession, type SignResult } from "~/services/ballots.server";
import { answerAsAuthor, closeAsAuthor, readAuthorThread, type AuthorResult, type AuthorThread } from "~/services/conversations.server";
import { cookieFromHeader } from "~/utils/cookies";
import { isDatabaseUnavailable } from "#db/client";
import { readBody, refuseTooLarge } from "./body-limit";
import { takeThreadRequest } from "./thread-limit";

/**
 * The ballot endpoints (ADR 021), JSON in and out:
 *
 * - `POST /pulses/:waveId/ballot-signature` (signed in) and `POST /pulse/:token/ballot-signature` (personal
 *   link): `{ blindedMessage }` → `{ blindSignature }`. Says who asks: one signature per person per wave.
 * - `POST /ballots`: `{ waveId, teamId, message, signature, answers }` → `{ status: "saved", changed }`. Says
 *   nothing of who sends it, and refuses a request that carries Candor's session cookie (the browser sends
 *   it with `credentials: "omit"`), so that the server never sees a ballot beside an identity.
 *
 * - `POST /ballots/thread`, `/ballots/thread/answer`, `/ballots/thread/close` (ADR 054): `{ waveId, message,
 *   body? }` → `{ thread }`. The author of a comment reads, answers and closes its conversation with the
 *   ballot's token (`message`), which only their browser holds; like a ballot, without cookies (refused
 *   with one), and limited per client address in this process's memory only (nothing is written for it).
 *
 * They are answered on Node's own request and response, before Express and Remix (ADR 045): server/app.ts
 * sends them here after what its middleware does for every request (security headers, the body limit of
 * the path, the same-origin check; no log line, as for every pulse path). This module is HTTP only: who
 * asks, the body read and checked for shape, one service call, the answer.
 *
 * Errors are `{ error: { status, message, fields?, said? } }`: 400 (bad JSON or answers, with fields), 401 (no
 * session), 403, 404, 405, 409 (a signature was given already; a conversation not open to a message), 410
 * (closed), 413, 415, 429 (too many thread requests), 503 (database away). `message` and `fields` are English;
 * a refusal the rep's page shows has `said` too, which the page says in its language (app/http/ballot-errors.server.ts).
 * Nothing about a request is logged.
 */

// A signature request is one base64url value; a ballot holds its answers (and stays within PULSE_BODY_BYTES).
const SIGNATURE_BODY_BYTES = 4 * 1024;
const BALLOT_BODY_BYTES = PULSE_BODY_BYTES;

const base64url = z
  .string()
  .max(8 * 1024)
  .regex(/^[A-Za-z0-9_-]*$/, "must be base64url");
// personId: whom the signed-in browser answers for (the pulse page gave it), proved by the session in the
// statement that issues (ADR 045); without it, or when the session does not prove it, the session is
// validated first, as ever.
// language: the page's language (document.documentElement.lang), for the per-language counts (ADR 058); any
// value is accepted and one Candor does not have counts as not said.
const SignatureRequest = z.object({ blindedMessage: base64url, personId: z.string().max(64).optional(), language: z.unknown().optional() });
const Ballot = z.object({
  waveId: z.string().max(64),
  teamId: z.string().max(64),
  message: base64url,
  signature: base64url,
  answers: z.record(z.string().max(64), z.string().max(10_000)).refine((a) => Object.keys(a).length <= 200, "too many answers"),
});

const ThreadRequest = z.object({ waveId: z.string().max(64), message: base64url, body: z.string().max(10_000).optional() });
const THREAD_BODY_BYTES = 32 * 1024;

const SIGN_PATH = /^\/(pulses|pulse)\/([^/]+)\/ballot-signature$/;
const THREAD_PATHS = { "/ballots/thread": "read", "/ballots/thread/answer": "answer", "/ballots/thread/close": "close" } as const;

/** Whether a path is one of the ballot endpoints' (any method: the others get their 405 here too). */
export function isBallotPath(path: string): boolean {
  return path === "/ballots" || path in THREAD_PATHS || SIGN_PATH.test(path);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

const sendError = (res: ServerResponse, status: number, message: string, fields?: Record<string, string>) => sendJson(res, status, ballotErrorBody(status, message, fields));

/** Whether the request has a body of type application/json (parameters such as charset aside), as Express's req.is says. */
function hasJsonBody(req: IncomingMessage): boolean {
  if (req.headers["transfer-encoding"] === undefined && req.headers["content-length"] === undefined) return false;
  const type = req.headers["content-type"];
  if (!type) return false;
  const semicolon = type.indexOf(";");
  return (semicolon < 0 ? type : type.slice(0, semicolon)).trim().toLowerCase() === "application/json";
}

/** The body as JSON of the given shape, or null after answering the error. */
async function readJson<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>, maxBytes: number): Promise<T | null> {
  if (!hasJsonBody(req)) {
    sendError(res, 415, "Send JSON (Content-Type: application/json).");
    return null;
  }
  const text = await readBody(req, maxBytes);
  if (text === null) {
    refuseTooLarge(req, res, { bytes: maxBytes, shape: "json", message: `This request is larger than ${maxBytes / 1024} KiB.` });
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

/**
 * Bytes from base64url text whose alphabet the schema has checked (Node's decoder, padding-free as the
 * browser sends it); null for a length no base64 text has.
 */
const decode = (text: string): Uint8Array | null => {
  if (text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, "base64url");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

const encode = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");

/** Answers a request to a ballot endpoint (`path`: its path, without the query). */
export function ballotEndpoints(app: AppContext): (req: IncomingMessage, res: ServerResponse, path: string) => void {
  return (req, res, path) => {
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return sendError(res, 405, "Use POST.");
    }
    const sign = SIGN_PATH.exec(path);
    const thread = THREAD_PATHS[path as keyof typeof THREAD_PATHS] as (typeof THREAD_PATHS)[keyof typeof THREAD_PATHS] | undefined;
    const answered = sign
      ? signatureRequest(app, req, res, sign[1] === "pulses" ? { waveId: sign[2]! } : { linkToken: sign[2]! })
      : thread
        ? threadRequest(app, req, res, thread)
        : ballotRequest(app, req, res);
    answered.catch((error: unknown) => {
      if (res.headersSent) return void req.socket.destroy();
      if (isDatabaseUnavailable(error)) return sendError(res, 503, BALLOT_REFUSALS.databaseAway);
      // Only the error's name and, from the database, its SQLSTATE: nothing that could tie this moment to a
      // pulse or a person (ADR 039).
      const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
      app.log.error("ballot endpoint failed", { error: error instanceof Error ? error.name : "error", ...(code ? { code } : {}) });
      sendError(res, 500, BALLOT_REFUSALS.failed);
    });
  };
}

async function signatureRequest(app: AppContext, req: IncomingMessage, res: ServerResponse, who: { waveId: string } | { linkToken: string }) {
  if ("linkToken" in who) {
    const requester = await resolveWaveLink(app, who.linkToken);
    if (!requester) return sendError(res, 404, BALLOT_REFUSALS.linkInvalid);
    const body = await readSignatureRequest(req, res);
    if (body) answerSignature(res, await signBallot(app, requester, body.blinded, body.language));
    return;
  }
  // Read only: a session renewed here would put the person's name in the WAL next to the request.
  const token = cookieFromHeader(req.headers.cookie, SESSION_COOKIE);
  if (!token) return sendError(res, 401, BALLOT_REFUSALS.signIn);
  const body = await readSignatureRequest(req, res);
  if (!body) return;
  // One round trip when the session proves the person the page named; else the session first, as ever.
  const inSession = body.personId ? await signBallotInSession(app, { waveId: who.waveId, personId: body.personId, sessionToken: token }, body.blinded, body.language) : null;
  if (inSession) return answerSignature(res, inSession);
  const user = await validateSessionToken(app, token, { write: false });
  if (!user) return sendError(res, 401, BALLOT_REFUSALS.signIn);
  answerSignature(res, await signBallot(app, { waveId: who.waveId, personId: user.personId }, body.blinded, body.language));
}

async function readSignatureRequest(req: IncomingMessage, res: ServerResponse): Promise<{ blinded: Uint8Array; personId: string | undefined; language: unknown } | null> {
  const body = await readJson(req, res, SignatureRequest, SIGNATURE_BODY_BYTES);
  if (!body) return null;
  const blinded = decode(body.blindedMessage);
  if (!blinded) {
    sendError(res, 400, "The blinded message is not base64url.", { blindedMessage: "must be base64url" });
    return null;
  }
  return { blinded, personId: body.personId, language: body.language };
}

function answerSignature(res: ServerResponse, result: SignResult): void {
  if (result.status === "refused") return sendError(res, result.httpStatus, result.message);
  sendJson(res, 200, { blindSignature: encode(result.blindSignature), closesAt: result.closesAt.toISOString() });
}

async function ballotRequest(app: AppContext, req: IncomingMessage, res: ServerResponse) {
  if (cookieFromHeader(req.headers.cookie, SESSION_COOKIE)) {
    return sendError(res, 400, BALLOT_REFUSALS.ballotWithCookies);
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

/** A comment's author reads, answers or closes its conversation (ADR 054): no cookie, the token as the key. */
async function threadRequest(app: AppContext, req: IncomingMessage, res: ServerResponse, kind: "read" | "answer" | "close") {
  if (cookieFromHeader(req.headers.cookie, SESSION_COOKIE)) {
    return sendError(res, 400, BALLOT_REFUSALS.threadWithCookies);
  }
  if (!takeThreadRequest(app, clientAddress(req, Boolean(app.config.TRUST_PROXY)), Date.now())) {
    res.setHeader("Retry-After", "60");
    return sendError(res, 429, BALLOT_REFUSALS.tooManyThreadRequests);
  }
  const body = await readJson(req, res, ThreadRequest, THREAD_BODY_BYTES);
  if (!body) return;
  const token = decode(body.message);
  if (!token) return sendError(res, 400, "The ballot token is not base64url.", { message: "must be base64url" });
  const key = { waveId: body.waveId, token };
  const result: AuthorResult<AuthorThread> =
    kind === "read" ? await readAuthorThread(app, key) : kind === "answer" ? await answerAsAuthor(app, key, body.body) : await closeAsAuthor(app, key);
  if (result.status === "refused") return sendError(res, result.httpStatus, result.message, result.fieldErrors);
  sendJson(res, 200, { thread: result.value });
}

/** The client's address as Express reads it (X-Forwarded-For's first entry only behind a trusted proxy): for the limit, never kept. */
function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers["x-forwarded-for"] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || req.socket.remoteAddress || "unknown";
}
