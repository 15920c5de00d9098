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

const SAML_ACS_PATH = /^\/sso\/saml\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/acs$/i;

/**
 * The one exception to the same-origin rule (ADR 043): a SAML identity provider answers with a form that its
 * own page posts to Candor's assertion consumer service (HTTP-POST binding), so the post comes from the
 * provider's origin. Only a form post (application/x-www-form-urlencoded) to `/sso/saml/<uuid>/acs` is let
 * through; the route reads nothing but its SAMLResponse, and accepts it only for this browser's own pending
 * request (the flow cookie), signed by the configured provider, once.
 */
export function isSamlAcsFormPost(method: string, path: string, contentType: string | null | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return method === "POST" && SAML_ACS_PATH.test(path) && type === "application/x-www-form-urlencoded";
}
