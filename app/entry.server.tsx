import { Transform } from "node:stream";
import { inspect } from "node:util";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { isDatabaseUnavailable } from "#db/client";
import type { Logger } from "~/log.server";

export const streamTimeout = 5_000;

// Remix hides error details from the document in production, so note outages as they are reported.
const unavailable = new WeakSet<Request>();

export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const { log } = context.app;
  if (isDatabaseUnavailable(error)) {
    unavailable.add(request);
    log.error("database unavailable", { method: request.method, path: new URL(request.url).pathname });
    return;
  }
  logError(log, error);
}

/**
 * Logs an error for the operator. The logger redacts every credential in it: Remix's errors quote the URL,
 * and a pulse link's URL is its key.
 */
function logError(log: Logger, error: unknown) {
  // Remix's own refusals (no action, a data request for another route) carry the error inside.
  if (isRouteErrorResponse(error)) {
    const inner = (error as { error?: unknown }).error;
    log.error(`request failed: ${error.status} ${error.statusText}`, { status: error.status, err: inner instanceof Error ? inner : String(error.data) });
    return;
  }
  log.error("request failed", { err: error instanceof Error ? error : typeof error === "string" ? error : inspect(error) });
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  // A loader or action that failed because the database is unreachable is a temporary outage: a 503 with
  // a page of its own, rendered without the app (whose shell needs the database too) and without the
  // error boundary's "nothing you sent was lost", which a form that failed to save cannot promise.
  if (responseStatusCode === 500 && unavailable.has(request)) {
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Retry-After", "30");
    responseHeaders.set("Cache-Control", "no-store");
    return new Response(unavailablePage(request.method), { status: 503, headers: responseHeaders });
  }
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are already in the stream; log them for the operator.
          if (shellRendered) logError(loadContext.app.log, error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * The document stream without NUL bytes. React 18.3's streaming renderer encodes into 2,048-byte chunks and,
 * when a multi-byte character does not fit the end of one, still flushes the whole chunk: its unwritten tail
 * reaches the browser as NUL bytes (react/react#31134; fixed in React 19). Japanese and Arabic pages met it
 * on every page; inside the page's data script a NUL becomes U+FFFD in the browser. A NUL byte is never part
 * of a UTF-8 character and nothing Candor renders has one, so dropping them changes no text.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const kept = Buffer.allocUnsafe(chunk.length);
      let length = 0;
      for (const byte of chunk) if (byte !== 0) kept[length++] = byte;
      done(null, kept.subarray(0, length));
    },
  });
}

/** The page of a request that failed because the database could not be reached. */
function unavailablePage(method: string): string {
  const sent =
    method === "GET" || method === "HEAD" ? "<p>Reload this page in a minute.</p>" : "<p>What you just sent may not have been saved. Go back and send it again in a minute.</p>";
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Temporarily unavailable · Candor</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}</style></head>
<body>
<h1>Candor is temporarily unavailable</h1>
<p>Candor cannot reach its database right now. This usually passes within a minute or two.</p>
${sent}
</body>
</html>
`;
}
