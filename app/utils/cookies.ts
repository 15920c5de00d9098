/** One cookie's value from the request's Cookie header, or null. */
export function readCookie(request: Request, name: string): string | null {
  return cookieFromHeader(request.headers.get("cookie"), name);
}

/** One cookie's value from a Cookie header's text, or null. */
export function cookieFromHeader(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure unless in development. */
export function serializeCookie(name: string, value: string, options: { expires: Date; now: Date; secure: boolean }): string {
  const maxAge = Math.max(0, Math.round((options.expires.getTime() - options.now.getTime()) / 1000));
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${options.expires.toUTCString()}`, `Max-Age=${maxAge}`];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}
