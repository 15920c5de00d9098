import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { AppConfig } from "~/config.server";
import { bodyLimitOf, type BodyLimit } from "~/http/body-limits.server";
import { negotiateLocale } from "~/domain/locales";
import { sayInEnglish, translatorFor } from "~/i18n/catalogues.server";
import { cookieFromHeader } from "~/utils/cookies";
import { LANGUAGE_COOKIE } from "~/services/locale.server";

/**
 * Request bodies, read within the limit of their path (app/http/body-limits.server.ts, ADR 039). Every
 * request passes `bodyLimits` first: a declared length over the limit is refused before a byte is read.
 * A body without a declared length (chunked) is counted as it arrives, by `readBody` (the handlers before
 * Remix) or `limitedBodyStream` (Remix's request), and refused the moment it passes the limit. Nothing
 * past the limit is kept: after the 413, what the client is still sending is read and dropped, and after
 * LINGER_BYTES of that the connection is closed.
 */

/**
 * How much of a refused body is read (and dropped) before the connection is closed, and for how long.
 * Closing a socket with unread data resets it, and a reset can reach the client before it has read the 413:
 * the answer would be lost. Reading on for a little lets the client see it, as web servers do ("lingering
 * close"). On a fast link a megabyte comes in a millisecond, before the client has read anything, so the
 * close waits for both LINGER_BYTES and LINGER_MS, and comes after LINGER_MAX_MS whatever the client does.
 * What is read is dropped as it comes: nothing is kept.
 */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2_000;
const LINGER_MAX_MS = 10_000;

/** Reads and drops the rest of a refused body, then closes the connection (see LINGER_BYTES). */
function dropRestThenClose(req: IncomingMessage, alreadyRead = 0): void {
  const started = Date.now();
  let dropped = alreadyRead;
  const close = () => {
    if (!req.socket.destroyed) req.socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MAX_MS);
  timer.unref();
  // A refused body that ends sooner leaves the connection as good as any other.
  req.once("end", () => clearTimeout(timer));
  req.socket.once("close", () => clearTimeout(timer));
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES && Date.now() - started >= LINGER_MS) close();
  });
  req.resume();
}

/** The limit of this request, as `bodyLimits` found it. */
export function limitOf(res: Response): BodyLimit {
  return res.locals.bodyLimit as BodyLimit;
}

/** The first middleware: finds the request's limit, and refuses a declared length over it at once. */
export function bodyLimits(config: Pick<AppConfig, "UPLOAD_LIMIT_MB">): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = bodyLimitOf(req.path, config);
    res.locals.bodyLimit = limit;
    // Node's parser has checked that Content-Length is a number; the body will be no longer than it says.
    if (Number(req.headers["content-length"] ?? 0) > limit.bytes) return refuseTooLarge(req, res, limit);
    next();
  };
}

/**
 * Answers 413 with the limit's message. The rest of the body is dropped as it arrives, and the connection
 * closed once LINGER_BYTES of it have come: nothing past the limit is kept, and little of it is read.
 * (A refused body that ends sooner leaves the connection as good as any other.)
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: BodyLimit): void {
  dropRestThenClose(req);
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  // A page's refusal in the browser's language (its switcher's choice, else Accept-Language: the body is
  // refused before any session is read); programs' refusals in English (ADR 057).
  const forPage = limit.shape === "text" || limit.shape === "upload";
  const message = forPage ? translatorFor(browserLocale(req)).say(limit.message) : sayInEnglish(limit.message);
  const body =
    limit.shape === "json"
      ? JSON.stringify({ error: { status: 413, message } })
      : limit.shape === "upload"
        ? JSON.stringify({ status: "invalid-file", message })
        : limit.shape === "scim"
          ? JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "413", detail: message })
          : message;
  res.statusCode = 413;
  res.setHeader("Cache-Control", "no-store");
  res.setHeader(
    "Content-Type",
    limit.shape === "text" ? "text/plain; charset=utf-8" : limit.shape === "scim" ? "application/scim+json; charset=utf-8" : "application/json; charset=utf-8",
  );
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

/** The language a browser asks for without its session: the switcher's cookie, else Accept-Language. */
function browserLocale(req: IncomingMessage) {
  const header = req.headers["accept-language"];
  return negotiateLocale({ browserChoice: cookieFromHeader(req.headers.cookie, LANGUAGE_COOKIE), acceptLanguage: Array.isArray(header) ? header[0] : header });
}

/** The request body as text, or null as soon as it passes `maxBytes` (the rest is left unread: refuse it with refuseTooLarge). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off("data", onData);
      req.off("end", onEnd);
      req.pause();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString("utf8"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.once("error", reject);
  });
}

/** What a body stream fails with once its request passed the limit (the 413 has been answered already). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: BodyLimit) {
    super(`request body over ${limit.bytes} bytes`);
    this.name = "BodyTooLarge";
  }
}

/**
 * The request body as a web stream for Remix's Request, read as its reader asks (the socket is paused in
 * between, so a slow reader holds back the sender) and counted: past `limit.bytes` the stream fails with
 * BodyTooLarge, the request is paused for good, and `onTooLarge` answers. A body its reader left unread
 * when the answer has gone (a POST to a page without an action) is discarded, still counted: past the
 * limit the connection is closed.
 */
export function limitedBodyStream(req: Request, res: Response, limit: BodyLimit, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let size = 0;
  let done = false;
  let stop = () => {};
  res.once("finish", () => {
    if (done) return;
    stop();
    // Counted from the limit: a body within it is simply read to its end.
    dropRestThenClose(req, Math.min(0, size - limit.bytes));
  });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const onData = (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit.bytes) {
            stop();
            controller.error(new BodyTooLarge(limit));
            onTooLarge();
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = () => {
          stop();
          controller.close();
        };
        const onError = (error: Error) => {
          stop();
          controller.error(error);
        };
        stop = () => {
          done = true;
          req.off("data", onData);
          req.off("end", onEnd);
          req.off("error", onError);
        };
        req.on("data", onData);
        req.once("end", onEnd);
        req.once("error", onError);
        req.pause();
      },
      pull() {
        if (!done) req.resume();
      },
      cancel() {
        req.pause();
      },
    },
    { highWaterMark: 16 * 1024, size: (chunk) => chunk.byteLength },
  );
}
