/**
 * A CRM connection's credentials (ADR 049): what each way of connecting keeps, sealed under the server's
 * secret key with the connection's id as context; the OAuth endpoints of each provider (authorize, code for
 * tokens, refresh); and Salesforce's JWT bearer assertion.
 */
import crypto from "node:crypto";
import { z } from "zod";
import type { AppConfig } from "~/config.server";
import { openSecret, sealSecret } from "~/auth/secret-box.server";
import { OAUTH_SCOPES, type CrmProviderName } from "~/domain/crm";
import { said } from "~/i18n/said";
import { CrmProviderError, providerMessage } from "./http.server";

const PURPOSE = "crm-connection";

export const CredentialsSchema = z.discriminatedUnion("kind", [
  /** A HubSpot private app's token or a Pipedrive personal API token. */
  z.object({ kind: z.literal("token"), token: z.string(), baseUrl: z.string() }),
  /** OAuth 2.0 tokens; `baseUrl` is Salesforce's instance_url or Pipedrive's api_domain. */
  z.object({ kind: z.literal("oauth"), accessToken: z.string(), refreshToken: z.string().nullable(), expiresAt: z.number().nullable(), baseUrl: z.string() }),
  /** Salesforce's OAuth 2.0 JWT bearer flow for a connected app with a certificate. */
  z.object({
    kind: z.literal("jwt"),
    clientId: z.string(),
    username: z.string(),
    privateKey: z.string(),
    loginUrl: z.string(),
    accessToken: z.string().nullable(),
    baseUrl: z.string(),
  }),
]);
export type CrmCredentials = z.infer<typeof CredentialsSchema>;

type Config = Pick<AppConfig, "secretKey">;

export function sealCredentials(config: Config, connectionId: string, credentials: CrmCredentials): Uint8Array {
  return sealSecret(config, PURPOSE, new TextEncoder().encode(JSON.stringify(credentials)), connectionId);
}

export function openCredentials(config: Config, connectionId: string, sealed: Uint8Array): CrmCredentials {
  return CredentialsSchema.parse(JSON.parse(new TextDecoder().decode(openSecret(config, PURPOSE, sealed, connectionId))));
}

export const HUBSPOT_API = "https://api.hubapi.com";
export const PIPEDRIVE_API = "https://api.pipedrive.com";
const PIPEDRIVE_OAUTH = "https://oauth.pipedrive.com";

type OAuthConfig = Pick<
  AppConfig,
  "SALESFORCE_CLIENT_ID" | "SALESFORCE_CLIENT_SECRET" | "SALESFORCE_LOGIN_URL" | "HUBSPOT_CLIENT_ID" | "HUBSPOT_CLIENT_SECRET" | "PIPEDRIVE_CLIENT_ID" | "PIPEDRIVE_CLIENT_SECRET"
>;

/** The OAuth app this installation has for a provider, or null (then the admin pastes a token or key). */
export function oauthClient(config: OAuthConfig, provider: CrmProviderName): { id: string; secret: string } | null {
  const pair = {
    salesforce: [config.SALESFORCE_CLIENT_ID, config.SALESFORCE_CLIENT_SECRET],
    hubspot: [config.HUBSPOT_CLIENT_ID, config.HUBSPOT_CLIENT_SECRET],
    pipedrive: [config.PIPEDRIVE_CLIENT_ID, config.PIPEDRIVE_CLIENT_SECRET],
  }[provider];
  return pair[0] && pair[1] ? { id: pair[0], secret: pair[1] } : null;
}

/** PKCE (RFC 7636): a verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString("base64url");
  return { verifier, challenge: crypto.createHash("sha256").update(verifier).digest("base64url") };
}

/** The provider's authorize page for this installation's app. */
export function authorizeUrl(config: OAuthConfig, provider: CrmProviderName, params: { redirectUri: string; state: string; codeChallenge: string }): string {
  const client = oauthClient(config, provider);
  if (!client) throw new Error(`no OAuth app for ${provider}`);
  const url = new URL(
    provider === "salesforce"
      ? `${config.SALESFORCE_LOGIN_URL}/services/oauth2/authorize`
      : provider === "hubspot"
        ? "https://app.hubspot.com/oauth/authorize"
        : `${PIPEDRIVE_OAUTH}/oauth/authorize`,
  );
  url.searchParams.set("client_id", client.id);
  url.searchParams.set("redirect_uri", params.redirectUri);
  url.searchParams.set("state", params.state);
  if (provider !== "pipedrive") url.searchParams.set("scope", OAUTH_SCOPES[provider]);
  if (provider === "salesforce") {
    url.searchParams.set("response_type", "code");
    url.searchParams.set("code_challenge", params.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url.toString();
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  instance_url?: string;
  api_domain?: string;
  scope?: string;
}

function tokenEndpoint(config: OAuthConfig, provider: CrmProviderName): string {
  if (provider === "salesforce") return `${config.SALESFORCE_LOGIN_URL}/services/oauth2/token`;
  return provider === "hubspot" ? `${HUBSPOT_API}/oauth/v1/token` : `${PIPEDRIVE_OAUTH}/oauth/token`;
}

async function postToken(
  fetcher: typeof fetch,
  provider: CrmProviderName,
  url: string,
  form: Record<string, string>,
  client: { id: string; secret: string } | null,
): Promise<TokenAnswer> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
  const body = new URLSearchParams(form);
  // Pipedrive takes the client in Basic authentication; Salesforce and HubSpot in the form.
  if (client && provider === "pipedrive") headers.Authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`;
  else if (client) {
    body.set("client_id", client.id);
    body.set("client_secret", client.secret);
  }
  let response: Response;
  try {
    response = await fetcher(url, { method: "POST", headers, body });
  } catch (error) {
    throw new CrmProviderError("unavailable", said("crm.provider.signInUnreachable", { reason: (error as Error).message }));
  }
  const text = await response.text();
  if (response.status >= 500) throw new CrmProviderError("unavailable", said("crm.provider.signInNotAnswering", { status: String(response.status) }), response.status);
  if (!response.ok) throw new CrmProviderError("auth", said("crm.provider.signInRefused", { reply: `${response.status}: ${providerMessage(text)}` }), response.status);
  return JSON.parse(text) as TokenAnswer;
}

const expiry = (answer: TokenAnswer, now: Date) => (answer.expires_in ? now.getTime() + answer.expires_in * 1000 : null);

/** Trades an authorization code for tokens (with the PKCE verifier for Salesforce). */
export async function exchangeCode(
  config: OAuthConfig,
  provider: CrmProviderName,
  input: { code: string; redirectUri: string; codeVerifier: string },
  fetcher: typeof fetch,
  now: Date,
): Promise<{ credentials: CrmCredentials; scopes: string[] }> {
  const client = oauthClient(config, provider);
  const form: Record<string, string> = { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri };
  if (provider === "salesforce") form.code_verifier = input.codeVerifier;
  const answer = await postToken(fetcher, provider, tokenEndpoint(config, provider), form, client);
  const baseUrl = provider === "salesforce" ? (answer.instance_url ?? "") : provider === "pipedrive" ? (answer.api_domain ?? PIPEDRIVE_API) : HUBSPOT_API;
  return {
    credentials: { kind: "oauth", accessToken: answer.access_token, refreshToken: answer.refresh_token ?? null, expiresAt: expiry(answer, now), baseUrl },
    scopes: (answer.scope ?? OAUTH_SCOPES[provider]).split(/[\s,]+/).filter(Boolean),
  };
}

/**
 * New credentials after the provider said the access token expired: an OAuth refresh, or a new JWT bearer
 * assertion. Throws "auth" when the provider refuses (a revoked app, a deactivated user).
 */
export async function refreshCredentials(config: OAuthConfig, provider: CrmProviderName, credentials: CrmCredentials, fetcher: typeof fetch, now: Date): Promise<CrmCredentials> {
  if (credentials.kind === "token") throw new CrmProviderError("auth", said("crm.provider.tokenRefused"));
  if (credentials.kind === "jwt") {
    const answer = await postToken(
      fetcher,
      provider,
      `${credentials.loginUrl}/services/oauth2/token`,
      { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: jwtAssertion(credentials, now) },
      null,
    );
    return { ...credentials, accessToken: answer.access_token, baseUrl: answer.instance_url ?? credentials.baseUrl };
  }
  if (!credentials.refreshToken) throw new CrmProviderError("auth", said("crm.provider.noRefreshToken"));
  const answer = await postToken(
    fetcher,
    provider,
    tokenEndpoint(config, provider),
    { grant_type: "refresh_token", refresh_token: credentials.refreshToken },
    oauthClient(config, provider),
  );
  return {
    ...credentials,
    accessToken: answer.access_token,
    // HubSpot and Pipedrive send a refresh token again (it may change); Salesforce keeps the one it gave.
    refreshToken: answer.refresh_token ?? credentials.refreshToken,
    expiresAt: expiry(answer, now),
    baseUrl: answer.instance_url ?? answer.api_domain ?? credentials.baseUrl,
  };
}

/**
 * Salesforce's JWT bearer assertion (RS256): issuer the connected app's consumer key, subject the
 * integration user, audience the login host, valid three minutes.
 */
export function jwtAssertion(credentials: { clientId: string; username: string; privateKey: string; loginUrl: string }, now: Date): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const audience = /test\.salesforce\.com/.test(credentials.loginUrl) ? "https://test.salesforce.com" : "https://login.salesforce.com";
  const unsigned = `${part({ alg: "RS256" })}.${part({ iss: credentials.clientId, sub: credentials.username, aud: audience, exp: Math.floor(now.getTime() / 1000) + 180 })}`;
  const signature = crypto.createSign("RSA-SHA256").update(unsigned).sign(credentials.privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

/** The Authorization headers of a set of credentials. */
export function authHeaders(provider: CrmProviderName, credentials: CrmCredentials): Record<string, string> {
  if (credentials.kind === "token") return provider === "pipedrive" ? { "x-api-token": credentials.token } : { Authorization: `Bearer ${credentials.token}` };
  return credentials.accessToken ? { Authorization: `Bearer ${credentials.accessToken}` } : {};
}
