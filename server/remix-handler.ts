import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler as createRemixHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { isSamlAcsFormPost } from "~/auth/csrf.server";
import { limitedBodyStream, limitOf, refuseTooLarge } from "./body-limit";

/**
 * Remix behind Express, as @remix-run/express's createRequestHandler does it (which this replaces), with two
 * differences: the request body Remix reads is counted against the path's limit (server/body-limit.ts) — past
 * the limit the request is answered 413 here, its actions see a failed body and are aborted, and what Remix
 * would have answered is dropped — and a SAML provider's form post to the ACS reaches Remix without its
 * Origin (below).
 */
export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}): RequestHandler {
  const handleRequest = createRemixHandler(options.build, options.mode);
  return (req: Request, res: Response, next: NextFunction) => {
    let refused = false;
    const controller = new AbortController();
    const refuse = () => {
      refused = true;
      controller.abort();
      refuseTooLarge(req, res, limitOf(res));
    };
    const headers = requestHeaders(req.headers);
    // A SAML provider's answer comes from its own origin (ADR 043), which Remix's own check of a form post's
    // Origin would refuse with a 500 before the action runs. server/app.ts has let this one kind of request
    // through the same-origin check on purpose: Remix does not see its Origin.
    if (isSamlAcsFormPost(req.method, req.path, req.get("content-type"))) headers.delete("origin");
    const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
    if (req.method !== "GET" && req.method !== "HEAD") {
      init.body = limitedBodyStream(req, res, limitOf(res), refuse);
      init.duplex = "half";
    }
    // Loaders and actions stop when the answer can no longer be written (`close` without `finish`).
    let finished = false;
    res.on("finish", () => (finished = true));
    res.on("close", () => {
      if (!finished) controller.abort();
    });
    const request = new globalThis.Request(requestUrl(req), init);
    handleRequest(request, options.getLoadContext(req, res))
      .then((response) => (refused ? undefined : sendResponse(res, response)))
      .catch((error: unknown) => (refused ? undefined : next(error)));
  };
}

/** The request's full URL, as Remix sees it: the Host (or X-Forwarded-Host, behind a trusted proxy) with its port. */
function requestUrl(req: Request): string {
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("X-Forwarded-Host"));
  const hostPort = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  // req.hostname honours the "trust proxy" setting.
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`).href;
}

function requestHeaders(headers: Request["headers"]): Headers {
  const out = new Headers();
  for (const [name, values] of Object.entries(headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const value of values) out.append(name, value);
    else out.set(name, values);
  }
  return out;
}

async function sendResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
