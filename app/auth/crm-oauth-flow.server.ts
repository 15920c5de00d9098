import { z } from "zod";
import type { AppConfig } from "~/config.server";
import { CRM_PROVIDERS } from "~/domain/crm";
import { readCookie } from "~/utils/cookies";
import { openSecret, sealSecret } from "./secret-box.server";

// A CRM connection's OAuth sign-in between "Connect with …" and the provider's redirect back (ADR 049), kept
// like an OpenID Connect sign-in (ADR 046): in a cookie sealed under the server's secret key, for 10 minutes,
// sent only to the connections page's paths. It holds the provider and the PKCE verifier; the `state` sent to
// the provider is bound to the admin's session (app/auth/oauth-state.server.ts) and kept here too.

export const CRM_OAUTH_COOKIE = "candor_crm_oauth";
const PURPOSE = "crm-oauth-flow";
const COOKIE_PATH = "/admin/crm/connections";
const LIFETIME_MS = 10 * 60 * 1000;

const FlowSchema = z.object({ provider: z.enum(CRM_PROVIDERS), state: z.string(), codeVerifier: z.string(), expiresAt: z.number() });
export type CrmOAuthFlow = z.infer<typeof FlowSchema>;

type Config = Pick<AppConfig, "secretKey" | "appUrl">;

/** The Set-Cookie value that keeps a started connection in this browser. */
export function crmOAuthCookie(config: Config, flow: Omit<CrmOAuthFlow, "expiresAt">, now: Date): string {
  const full: CrmOAuthFlow = { ...flow, expiresAt: now.getTime() + LIFETIME_MS };
  const sealed = sealSecret(config, PURPOSE, new TextEncoder().encode(JSON.stringify(full)), CRM_OAUTH_COOKIE);
  return attributes(config, `${CRM_OAUTH_COOKIE}=${Buffer.from(sealed).toString("base64url")}`, LIFETIME_MS / 1000);
}

/** The Set-Cookie value that ends the flow (the callback sends it whatever the outcome). */
export function blankCrmOAuthCookie(config: Config): string {
  return attributes(config, `${CRM_OAUTH_COOKIE}=`, 0);
}

/** The flow this browser started, or null (none, not sealed by this server, or expired). */
export function readCrmOAuthFlow(config: Config, request: Request, now: Date): CrmOAuthFlow | null {
  const value = readCookie(request, CRM_OAUTH_COOKIE);
  if (!value || value.length > 4000) return null;
  try {
    const opened = openSecret(config, PURPOSE, new Uint8Array(Buffer.from(value, "base64url")), CRM_OAUTH_COOKIE);
    const flow = FlowSchema.parse(JSON.parse(new TextDecoder().decode(opened)));
    return flow.expiresAt > now.getTime() ? flow : null;
  } catch {
    return null;
  }
}

function attributes(config: Config, pair: string, maxAge: number): string {
  const parts = [pair, `Path=${COOKIE_PATH}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAge}`];
  if (config.appUrl.startsWith("https://")) parts.push("Secure");
  return parts.join("; ");
}
