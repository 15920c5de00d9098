import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * An async Express handler that Express 4 can use: Express ignores the promise a handler returns, so a
 * rejection would leave the request hanging and Node with an unhandled rejection. Here it goes to `next`,
 * Express's error path, like an error thrown by a plain handler.
 */
export function asyncHandler(handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    handler(req, res, next).catch(next);
  };
}
