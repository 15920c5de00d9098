import { z } from "zod";
import type { AppConfig } from "~/config.server";
import { readCookie } from "~/utils/cookies";
import { openSecret, sealSecret } from "./secret-box.server";

// An OpenID Connect sign-in between its start and the provider's return (ADR 046): kept in the browser that
// started it, in a cookie sealed under the server's secret key (so it can be neither read nor forged), for
// 10 minutes, sent only to /sso/oidc/. The callback clears it whatever happens, so it is used once.

export const OIDC_FLOW_COOKIE = "candor_oidc_flow";
const PURPOSE = "sso-oidc-flow";
const COOKIE_PATH = "/sso/oidc/";
/** How long a person has at their provider before the sign-in must start again. */
export const OIDC_FLOW_LIFETIME_MS = 10 * 60 * 1000;

const OidcFlowSchema = z.object({
  connectionId: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  redirectTo: z.string(),
  /** An admin's "test the connection": the answer is reported, nobody is signed in. */
  test: z.boolean(),
  /** The admin who started the test (only they see its report). */
  adminId: z.string().nullable(),
  expiresAt: z.number(),
});
export type OidcFlow = z.infer<typeof OidcFlowSchema>;

type Config = Pick<AppConfig, "secretKey" | "appUrl">;

/** The Set-Cookie value that keeps a started flow in this browser. */
export function oidcFlowCookie(config: Config, flow: OidcFlow, now: Date): string {
  const sealed = sealSecret(config, PURPOSE, new TextEncoder().encode(JSON.stringify(flow)), OIDC_FLOW_COOKIE);
  const maxAge = Math.max(0, Math.round((flow.expiresAt - now.getTime()) / 1000));
  return attributes(config, `${OIDC_FLOW_COOKIE}=${Buffer.from(sealed).toString("base64url")}`, maxAge);
}

/** The Set-Cookie value that ends the flow (the callback sends it whatever the outcome). */
export function blankOidcFlowCookie(config: Config): string {
  return attributes(config, `${OIDC_FLOW_COOKIE}=`, 0);
}

/** The flow this browser started, or null: no cookie, one that does not open under this server's key, or one older than 10 minutes. */
export function readOidcFlow(config: Config, request: Request, now: Date): OidcFlow | null {
  const value = readCookie(request, OIDC_FLOW_COOKIE);
  if (!value || value.length > 4000) return null;
  let flow: OidcFlow;
  try {
    const opened = openSecret(config, PURPOSE, new Uint8Array(Buffer.from(value, "base64url")), OIDC_FLOW_COOKIE);
    flow = OidcFlowSchema.parse(JSON.parse(new TextDecoder().decode(opened)));
  } catch {
    return null;
  }
  return flow.expiresAt > now.getTime() ? flow : null;
}

// HttpOnly and SameSite=Lax (the provider's redirect back is a top-level GET, which Lax lets through);
// Secure whenever Candor is served over https.
function attributes(config: Config, pair: string, maxAge: number): string {
  const parts = [pair, `Path=${COOKIE_PATH}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAge}`];
  if (config.appUrl.startsWith("https://")) parts.push("Secure");
  return parts.join("; ");
}
