import type { NextFunction, Request, RequestHandler, Response } from "express";
import { isPulsePath } from "~/http/body-limits.server";
import type { Logger } from "~/log.server";

/**
 * One log line per request once it is answered: method, path (without its query), status and duration;
 * never the client's address, cookies or headers. Requests to the pulse pages and the ballot endpoints
 * leave no line at all, at any level: a line with a time beside a pulse is a step towards whose answer it
 * was (ADR 021, ADR 039). Static files and health checks are logged at debug only.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (isPulsePath(path)) return next();
    const level = path.startsWith("/assets/") || path === "/healthz" || /\.[a-z0-9]+$/i.test(path) ? "debug" : "info";
    if (!log.enabled(level)) return next();
    const started = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      log[level]("request", { method: req.method, path, status: res.statusCode, ms, ...(res.writableFinished ? {} : { aborted: true }) });
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
}
