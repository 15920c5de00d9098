import crypto from "node:crypto";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { isSameOriginRequest, isSamlAcsFormPost, SAFE_METHODS } from "~/auth/csrf.server";
import type { AppContext } from "~/context.server";
import { withServiceErrorResponses } from "~/http/errors.server";
import type { PulsePost } from "~/http/pulse-page.server";
import { ballotEndpoints } from "./ballots";
import { bodyLimits } from "./body-limit";
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
 * check on every mutation, compression and static files.
 */
export function createHttpApp(options: CreateAppOptions): express.Express {
  const { app } = options;
  const server = express();
  server.disable("x-powered-by");
  if (app.config.TRUST_PROXY) server.set("trust proxy", true);

  // First of all (after the request's log line is arranged): a body too large for its path is refused
  // before a byte of it is read (ADR 039).
  server.use(requestLog(app.log));
  server.use(bodyLimits(app.config));

  server.use((req: Request, res: Response, next: NextFunction) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(securityHeaders(nonce, app.config.development))) {
      res.setHeader(name, value);
    }
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
    if (isSameOrigin(req, app.config.appUrl)) return next();
    res.status(403).type("text/plain").send("Forbidden: this request did not come from a Candor page.");
  });

  // Ballot signatures and ballots (ADR 021), and plain pulse form posts (ADR 014), are answered before Remix.
  server.use(ballotEndpoints(app));
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

/** Whether a request comes from Candor's own pages: the configured public origin or the Host it was sent to. */
export function isSameOrigin(req: Request, appUrl: string): boolean {
  const host = req.app.get("trust proxy") && req.get("x-forwarded-host") ? req.get("x-forwarded-host") : req.get("host");
  const own = [new URL(appUrl).origin, `${req.protocol}://${host}`];
  return isSameOriginRequest({ origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site") }, own);
}
