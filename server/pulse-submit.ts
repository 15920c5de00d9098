import type { NextFunction, Request, Response } from "express";
import type { AppContext } from "~/context.server";
import { SESSION_COOKIE } from "~/auth/session.server";
import { answerPulse, answerPulseInSession, answererFromLink, waveAnswerer, type PulsePost } from "~/http/pulse-page.server";
import { cookieFromHeader } from "~/utils/cookies";
import { asyncHandler } from "./async-handler";
import { limitOf, readBody, refuseTooLarge } from "./body-limit";

/**
 * Plain form POSTs to the rep's pulse pages (/pulses/:waveId and /pulse/:token) — the most frequent
 * write Candor takes, every rep every cycle — answered here in the HTTP layer, without the Remix request
 * pipeline (route matching and Fetch API objects cost more than the answer itself; see ADR 014). It does
 * exactly what the route action does, through the same function: who is answering, then answerPulse. A
 * saved answer gets its 303 here; a refused one is handed to Remix with its outcome, so the route renders
 * the page with the message. Anything else (no session, an unknown link, JavaScript's `.data` requests,
 * another body type) goes to Remix untouched.
 */
export function pulseFormPosts(app: AppContext) {
  return asyncHandler(async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "POST" || "_data" in req.query || !req.is("application/x-www-form-urlencoded")) return next();
    const match = /^\/(pulses|pulse)\/([^/]+)$/.exec(req.path);
    if (!match) return next();
    try {
      // Not decoded: wave ids and link tokens are plain ASCII, and a malformed escape must not throw.
      const param = match[2]!;
      // /pulses/:waveId checks its session in the same round trip as the write (ADR 016); /pulse/:token
      // checks its link first.
      const signedIn = match[1] === "pulses";
      const sessionToken = signedIn ? cookieFromHeader(req.headers.cookie, SESSION_COOKIE) : null;
      const answerer = signedIn ? null : await answererFromLink(app, param);
      if (signedIn ? !sessionToken || !waveAnswerer(param, "") : !answerer) return next();
      const limit = limitOf(res);
      const body = await readBody(req, limit.bytes);
      if (body === null) return refuseTooLarge(req, res, limit);
      const fields: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(body)) fields[key] = value;
      const post = { pathname: req.path, fields, cookieHeader: req.headers.cookie ?? null };
      const outcome = sessionToken ? await answerPulseInSession(app, param, sessionToken, post) : await answerPulse(app, answerer, post);
      // No valid session: Remix answers as for anyone signed out (the body is not needed for that).
      if (!outcome) return next();
      if (outcome.kind === "saved") {
        res.status(303).setHeader("Set-Cookie", outcome.setCookies).setHeader("Location", outcome.location).end();
        return;
      }
      res.locals.pulsePost = outcome satisfies PulsePost;
      next();
    } catch (error) {
      res.locals.pulsePost = { kind: "failed", error } satisfies PulsePost;
      next();
    }
  });
}
