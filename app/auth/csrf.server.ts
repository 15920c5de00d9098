/**
 * CSRF defence for every mutation: the request must come from our own origin. Browsers send `Origin`
 * on every non-GET request; where it is absent, or "null" (a page with a strict referrer policy), the
 * browser-set `Sec-Fetch-Site` must say same-origin. A request with neither is refused.
 */
export function isSameOriginRequest(headers: { origin?: string | null; secFetchSite?: string | null }, ownOrigins: readonly string[]): boolean {
  if (headers.origin && headers.origin !== "null") return ownOrigins.includes(headers.origin);
  return headers.secFetchSite === "same-origin";
}

export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);
