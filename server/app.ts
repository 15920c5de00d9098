import crypto from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { isSameOriginRequest, isSamlAcsFormPost, SAFE_METHODS } from "~/auth/csrf.server";
import type { AppContext } from "~/context.server";
import { withServiceErrorResponses } from "~/http/errors.server";
import { bodyLimitOf } from "~/http/body-limits.server";
import type { PulsePost } from "~/http/pulse-page.server";
import { ballotEndpoints, isBallotPath } from "./ballots";
import { bodyLimits, refuseTooLarge } from "./body-limit";
import { pulseFormPosts } from "./pulse-submit";
import { remixHandler } from "./remix-handler";
import { requestLog } from "./request-log";

export interface CreateAppOptions {
  app: AppContext;
  /** The Remix server build, or a function that loads it per request (the dev server). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** build/client, served as static files. Omitted in development, where Vite serves them. */
  clientDir?: string;
  /** Extra middleware that runs before Remix (Vite's dev middleware). */
  before?: express.RequestHandler[];
}

/**
 * The HTTP server around Remix: body size limits before anything reads a body, a log line per request
 * (none for pulses), security headers with a per-request CSP nonce on every response, the same-origin
 * check on every mutation, compression and static files. The ballot endpoints, the hottest requests Candor
 * takes, are answered before Express on Node's own request (ADR 045), after the same checks.
 */
export function createHttpApp(options: CreateAppOptions): RequestListener {
  const { app } = options;
  const server = expressApp(options);
  const ballots = ballotEndpoints(app);
  const jsonHeaders = Object.entries(jsonSecurityHeaders(app.config.development));
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req.url);
    if (!isBallotPath(path)) return void server(req, res);
    // What the middleware below does for every request, for these paths (no log line: a pulse path), with
    // the fixed headers of a JSON answer: nothing in it runs, so its policy needs no nonce.
    for (const [name, value] of jsonHeaders) res.setHeader(name, value);
    const limit = bodyLimitOf(path, app.config);
    if (Number(req.headers["content-length"] ?? 0) > limit.bytes) return refuseTooLarge(req, res, limit);
    if (!SAFE_METHODS.has(req.method ?? "") && !isSameOrigin(req, app.config.appUrl, Boolean(app.config.TRUST_PROXY))) return refuseCrossOrigin(res);
    ballots(req, res, path);
  };
}

/** A request's path without its query, as Express's req.path (the URL's pathname, not decoded). */
function pathOf(url = "/"): string {
  if (!url.startsWith("/")) {
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  }
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}

function setSecurityHeaders(res: ServerResponse, development: boolean): string {
  const nonce = crypto.randomBytes(16).toString("base64");
  for (const [name, value] of Object.entries(securityHeaders(nonce, development))) res.setHeader(name, value);
  return nonce;
}

function refuseCrossOrigin(res: ServerResponse): void {
  const body = "Forbidden: this request did not come from a Candor page.";
  res.statusCode = 403;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

function expressApp(options: CreateAppOptions): express.Express {
  const { app } = options;
  const server = express();
  server.disable("x-powered-by");
  if (app.config.TRUST_PROXY) server.set("trust proxy", true);

  // First of all (after the request's log line is arranged): a body too large for its path is refused
  // before a byte of it is read (ADR 039).
  server.use(requestLog(app.log));
  server.use(bodyLimits(app.config));

  server.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = setSecurityHeaders(res, app.config.development);
    next();
  });

  // The same-origin rule guards what a browser's cookies can do. The API (/api/v1) and SCIM (/scim/v2) take
  // bearer tokens only and answer a session cookie with 401, so a cross-site request to them carries no
  // credential: they answer for themselves (the API's writes are 405, read-only: ADR 010; SCIM's writes come
  // from an identity provider's servers, which send no Origin: ADR 044). A SAML provider's answer is a form
  // its own page posts to the ACS: that one path takes a cross-site form post (ADR 043).
  server.use((req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || req.path.startsWith("/api/v1/") || req.path.startsWith("/scim/v2/") || isSamlAcsFormPost(req.method, req.path, req.get("content-type")))
      return next();
    if (isSameOrigin(req, app.config.appUrl, Boolean(app.config.TRUST_PROXY))) return next();
    refuseCrossOrigin(res);
  });

  // Plain pulse form posts (ADR 014) are answered before Remix (ballots even before Express, above).
  server.use(pulseFormPosts(app));

  // Only pages and assets are worth compressing; form posts answer with an empty redirect.
  server.use(compression({ filter: (req, res) => req.method === "GET" && compression.filter(req, res) }));
  for (const middleware of options.before ?? []) server.use(middleware);

  if (options.clientDir) {
    // Fingerprinted assets can be cached for a year; everything else briefly.
    server.use("/assets", express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
    server.use(express.static(options.clientDir, { maxAge: "1h", index: false }));
  }

  server.all(
    "*",
    remixHandler({
      // Every route's service errors become their statuses in one place (ADR 031).
      build: typeof options.build === "function" ? servedBuild(options.build) : withServiceErrorResponses(options.build),
      mode: app.config.development ? "development" : "production",
      getLoadContext: (req, res) => ({
        app,
        cspNonce: String(res.locals.cspNonce),
        clientAddress: req.ip ?? null,
        pulsePost: res.locals.pulsePost as PulsePost | undefined,
      }),
    }),
  );
  return server;
}

function servedBuild(load: () => Promise<ServerBuild>): () => Promise<ServerBuild> {
  return async () => withServiceErrorResponses(await load());
}

/** The headers every response carries. Exported for the header tests. */
export function securityHeaders(nonce: string, development: boolean): Record<string, string> {
  const scriptSrc = [`'self'`, `'nonce-${nonce}'`];
  const connectSrc = [`'self'`];
  // Vite's dev client talks to its HMR websocket.
  if (development) connectSrc.push("ws:", "wss:");
  const csp = [
    `default-src 'self'`,
    `script-src ${scriptSrc.join(" ")}`,
    // Inline style attributes come from server-rendered charts (SVG presentation), never from user input.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src ${connectSrc.join(" ")}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
  };
  if (!development) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/**
 * The security headers of a JSON answer that no page embeds (the ballot endpoints): the page's headers, with a
 * policy that allows nothing at all, as for any API response — a browser that opened the JSON as a document
 * would run no script, load nothing and could not be framed. The same for every response, so computed once.
 */
export function jsonSecurityHeaders(development: boolean): Record<string, string> {
  return {
    ...securityHeaders("", development),
    "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  };
}

/**
 * Whether a request comes from Candor's own pages: the configured public origin or the Host it was sent to
 * (behind a trusted proxy, X-Forwarded-Host and X-Forwarded-Proto, as Express reads them).
 */
function isSameOrigin(req: IncomingMessage, appUrl: string, trustProxy: boolean): boolean {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const host = (trustProxy && header("x-forwarded-host")) || header("host");
  let protocol = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  const forwardedProto = trustProxy ? header("x-forwarded-proto") : undefined;
  if (forwardedProto) protocol = forwardedProto.split(",")[0]!.trim();
  const own = [originOf(appUrl), `${protocol}://${host}`];
  return isSameOriginRequest({ origin: header("origin"), secFetchSite: header("sec-fetch-site") }, own);
}

// The configured origin, parsed once per value (tests change appUrl after the server starts).
let lastAppUrl: { url: string; origin: string } | null = null;
function originOf(appUrl: string): string {
  if (lastAppUrl?.url !== appUrl) lastAppUrl = { url: appUrl, origin: new URL(appUrl).origin };
  return lastAppUrl.origin;
}
