import * as oidc from "openid-client";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { sha256Hex } from "~/auth/crypto.server";
import { OIDC_FLOW_LIFETIME_MS, type OidcFlow } from "~/auth/oidc-flow.server";
import { ssoSucceeded, takeSsoSlot } from "~/auth/throttle.server";
import type { SsoConnectionRow } from "#db/schema";
import { OIDC_PROBLEMS, OIDC_SCOPES, claimsFromOidc, oidcRedirectUri, receivedClaims, type OidcProblem } from "~/domain/sso-oidc";
import { NotFoundError } from "~/domain/errors";
import { SSO_PROBLEMS } from "~/domain/sso";
import { completeSsoSignIn, getSsoConnectionForSignIn, oidcClientSecret, reportSsoTest, requireConnection, type SsoTestReport } from "./sso.server";

// The OpenID Connect relying party (ADR 046): the authorization code flow with PKCE (S256), state and nonce,
// through openid-client, which checks the provider's answer (issuer, audience, signature, nonce, expiry).
// What the answer means for Candor (who is signed in, an account made, the audit) is decided by
// sso.server.ts, the one home for that whatever the protocol. Nothing the provider sends is kept: the
// tokens live for this request only.

/** A refusal, as the route shows it: a status and words for the person. */
export interface OidcRefusal {
  ok: false;
  status: 400 | 403 | 404 | 429 | 502;
  problem: OidcProblem | "sign-in-refused";
  message: string;
  retryAt?: Date;
}

function refusal(status: OidcRefusal["status"], problem: OidcProblem, detail?: string): OidcRefusal {
  return { ok: false, status, problem, message: detail ? said("sso.problemSaid", { problem: OIDC_PROBLEMS[problem], detail }) : OIDC_PROBLEMS[problem] };
}

// ---- Discovery, cached per connection ----

// The provider's metadata and keys, per connection and settings: a provider's configuration rarely
// changes, and asking for it on every sign-in would double the requests to it. Bounded and short-lived, so
// a changed provider (or a changed connection: its settings are in the key) is seen within minutes.
const DISCOVERY_TTL_MS = 5 * 60 * 1000;
const DISCOVERY_MAX = 100;
const DISCOVERY_TIMEOUT_S = 10;
const discovered = new Map<string, { configuration: oidc.Configuration; expiresAt: number }>();

class DiscoveryFailure extends Error {
  constructor(
    readonly problem: "unreachable" | "misconfigured",
    readonly reason: string,
  ) {
    super(reason);
  }
}

async function providerConfiguration(app: AppContext, connection: SsoConnectionRow): Promise<oidc.Configuration> {
  const issuer = connection.oidcIssuer ?? "";
  const clientId = connection.oidcClientId ?? "";
  const secret = oidcClientSecret(app, connection);
  if (!issuer || !clientId || !secret) throw new DiscoveryFailure("misconfigured", "the connection has no issuer, client id or client secret");
  const key = `${connection.id} ${issuer} ${clientId} ${sha256Hex(secret)}`;
  const now = Date.now();
  const hit = discovered.get(key);
  if (hit && hit.expiresAt > now) return hit.configuration;
  discovered.delete(key);

  // http only for a provider on this machine (the settings' schema refuses it for any other host).
  const insecure = issuer.startsWith("http://");
  let found: oidc.Configuration;
  try {
    found = await oidc.discovery(new URL(issuer), clientId, undefined, undefined, {
      timeout: DISCOVERY_TIMEOUT_S,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  } catch (error) {
    throw classifyDiscovery(error);
  }
  const metadata = found.serverMetadata();
  // client_secret_basic is what OpenID Connect assumes when a client registers no method (Okta's default);
  // client_secret_post only for a provider that does not take basic.
  const methods = metadata.token_endpoint_auth_methods_supported;
  const auth = methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post") ? oidc.ClientSecretPost(secret) : oidc.ClientSecretBasic(secret);
  const configuration = new oidc.Configuration(metadata, clientId, secret, auth);
  configuration.timeout = DISCOVERY_TIMEOUT_S;
  if (insecure) oidc.allowInsecureRequests(configuration);

  while (discovered.size >= DISCOVERY_MAX) discovered.delete(discovered.keys().next().value!);
  discovered.set(key, { configuration, expiresAt: now + DISCOVERY_TTL_MS });
  return configuration;
}

function classifyDiscovery(error: unknown): DiscoveryFailure {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; status?: number } };
  const reason = `${e.name ?? "Error"}${e.code ? ` ${e.code}` : ""}: ${e.message ?? String(error)}`;
  // The provider answered, but not with metadata for this issuer: a mistyped or wrong issuer URL.
  if (
    e.code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED" ||
    e.code === "OAUTH_INVALID_RESPONSE" ||
    e.code === "OAUTH_RESPONSE_IS_NOT_JSON" ||
    e.code === "OAUTH_RESPONSE_IS_NOT_CONFORM"
  ) {
    return new DiscoveryFailure("misconfigured", reason);
  }
  return new DiscoveryFailure("unreachable", reason);
}

function discoveryRefusal(app: AppContext, connection: SsoConnectionRow, error: unknown): OidcRefusal {
  if (!(error instanceof DiscoveryFailure)) throw error;
  app.log.warn("oidc discovery failed", { connectionId: connection.id, issuer: connection.oidcIssuer, reason: error.reason });
  return error.problem === "unreachable" ? refusal(502, "unreachable") : refusal(400, "misconfigured");
}

// ---- The flow ----

export type OidcStart = { ok: true; authorizationUrl: string; flow: OidcFlow } | OidcRefusal;

/**
 * Starts a sign-in at a connection's provider: the flow's secrets (state, nonce, PKCE verifier) for the
 * browser's cookie, and the provider's address to send the browser to. Changes nothing but the address's
 * throttle count. `test` is an admin's "test the connection": only a signed-in admin of the connection's
 * organisation may start it, and a switched-off connection can be tested (that is what testing is for).
 */
export async function startOidcSignIn(
  app: AppContext,
  input: { connectionId: string; redirectTo: string; test: boolean; user: SessionUser | null; address: string | null },
): Promise<OidcStart> {
  const slot = await takeSsoSlot(app, input.address);
  if (!slot.ok) return { ...refusal(429, "throttled"), retryAt: slot.retryAt };
  const connection = await getSsoConnectionForSignIn(app, input.connectionId);
  if (!connection) return refusal(404, "no-such-connection");
  if (connection.kind !== "oidc") return refusal(404, "not-oidc");
  if (input.test) {
    if (!input.user || input.user.role !== "admin" || input.user.organisationId !== connection.organisationId) return refusal(403, "test-not-admin");
  } else if (!connection.enabled) {
    return { ok: false, status: 400, problem: "sign-in-refused", message: SSO_PROBLEMS["connection-off"] };
  }
  let configuration: oidc.Configuration;
  try {
    configuration = await providerConfiguration(app, connection);
  } catch (error) {
    return discoveryRefusal(app, connection, error);
  }
  const flow: OidcFlow = {
    connectionId: connection.id,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    redirectTo: input.redirectTo,
    test: input.test,
    adminId: input.test ? input.user!.personId : null,
    expiresAt: app.now().getTime() + OIDC_FLOW_LIFETIME_MS,
  };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: oidcRedirectUri(app.config.appUrl),
    scope: OIDC_SCOPES,
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
    // The admin's test asks the provider to show its sign-in, whoever is signed in there already.
    ...(input.test ? { prompt: "login" } : {}),
  });
  return { ok: true, authorizationUrl: url.href, flow };
}

export type OidcFinish =
  | { ok: true; kind: "signed-in"; token: string; expiresAt: Date; redirectTo: string }
  | { ok: true; kind: "test"; connectionId: string; report: SsoTestReport }
  | OidcRefusal;

/**
 * Finishes a sign-in when the provider sends the browser back: checks that the answer belongs to the flow
 * this browser started (state), exchanges the code (with the PKCE verifier) for an ID token whose issuer,
 * audience, signature, nonce and times openid-client checks, and hands the claims to completeSsoSignIn,
 * or, for an admin's test, to reportSsoTest. Any failure signs nobody in and changes nothing.
 */
export async function finishOidcSignIn(
  app: AppContext,
  input: { query: URLSearchParams; flow: OidcFlow | null; user: SessionUser | null; address: string | null },
): Promise<OidcFinish> {
  const slot = await takeSsoSlot(app, input.address);
  if (!slot.ok) return { ...refusal(429, "throttled"), retryAt: slot.retryAt };
  const { flow } = input;
  if (!flow) return refusal(400, "flow-missing");
  const connection = await getSsoConnectionForSignIn(app, flow.connectionId);
  if (!connection) return refusal(404, "no-such-connection");
  if (connection.kind !== "oidc") return refusal(404, "not-oidc");
  if (flow.test && (!input.user || input.user.personId !== flow.adminId || input.user.organisationId !== connection.organisationId)) return refusal(403, "test-not-admin");

  // The state first, by hand, for a clear answer: a response to another browser's (or an older) sign-in.
  if (input.query.get("state") !== flow.state) {
    app.log.warn("oidc sign-in refused", { connectionId: connection.id, reason: "state mismatch" });
    return refusal(400, "state-mismatch");
  }
  let configuration: oidc.Configuration;
  try {
    configuration = await providerConfiguration(app, connection);
  } catch (error) {
    return discoveryRefusal(app, connection, error);
  }

  const redirectUri = oidcRedirectUri(app.config.appUrl);
  // The answer as the provider addressed it: the registered redirect URI with the query it sent.
  const currentUrl = new URL(redirectUri);
  currentUrl.search = input.query.toString();
  let idClaims: Record<string, unknown>;
  let userInfo: Record<string, unknown> | null = null;
  try {
    const tokens = await oidc.authorizationCodeGrant(
      configuration,
      currentUrl,
      { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true },
      { redirect_uri: redirectUri },
    );
    idClaims = { ...tokens.claims()! };
    // Providers that put only the subject in the ID token (oidc-provider, some Okta setups) answer the rest
    // at UserInfo, for the access token just received; it must name the same subject. Then both tokens go.
    if (typeof idClaims.email !== "string" && tokens.access_token) {
      try {
        userInfo = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, String(idClaims.sub))) };
      } catch (error) {
        app.log.warn("oidc userinfo failed", { connectionId: connection.id, reason: describe(error) });
      }
    }
  } catch (error) {
    return answerRefusal(app, connection, error);
  }

  const claims = claimsFromOidc(connection.oidcIssuer ?? "", idClaims, userInfo);
  if (flow.test) {
    const report = await reportSsoTest(app, input.user!, connection.id, claims, receivedClaims(idClaims, userInfo));
    await ssoSucceeded(app, slot.attempt);
    return { ok: true, kind: "test", connectionId: connection.id, report };
  }
  const result = await completeSsoSignIn(app, connection.id, claims);
  if (!result.ok) {
    app.log.info("sso sign-in refused", { connectionId: connection.id, reason: result.problem });
    return { ok: false, status: 403, problem: "sign-in-refused", message: result.message };
  }
  await ssoSucceeded(app, slot.attempt);
  return { ok: true, kind: "signed-in", token: result.token, expiresAt: result.expiresAt, redirectTo: flow.redirectTo };
}

// Why openid-client refused the answer, for the log (its messages name the failed check, never a token).
// openid-client wraps the failed check's own error (which names the claim) as its cause; the cause's own
// details hold the token's claims, which are not logged.
function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string; error?: string; cause?: unknown };
  const cause = e.cause instanceof Error ? e.cause.message : null;
  return [e.name ?? "Error", e.code, e.error, e.message ?? String(error), cause].filter(Boolean).join(": ");
}

function answerRefusal(app: AppContext, connection: SsoConnectionRow, error: unknown): OidcRefusal {
  app.log.warn("oidc sign-in refused", { connectionId: connection.id, reason: describe(error) });
  if (error instanceof oidc.AuthorizationResponseError) {
    const providerSaid = (error.error_description ?? error.error).slice(0, 300);
    return refusal(400, "provider-refused", providerSaid);
  }
  if (error instanceof oidc.ResponseBodyError) return error.error === "invalid_grant" ? refusal(400, "code-rejected") : refusal(502, "unreachable");
  const e = error as { name?: string; code?: string };
  if (e.name === "TypeError" || e.name === "TimeoutError" || e.name === "AbortError" || e.code === "OAUTH_RESPONSE_IS_NOT_JSON") return refusal(502, "unreachable");
  return refusal(400, "answer-rejected");
}

// ---- The admin's page ----

export interface OidcConnectionForm {
  id: string | null;
  name: string;
  emailDomains: string;
  issuer: string;
  clientId: string;
  hasSecret: boolean;
  enabled: boolean;
  lastTestedAt: Date | null;
  /** When the settings last changed (the page starts its form afresh after a save). */
  updatedAt: Date | null;
}

/** A connection's settings for its page (never its secret: only whether one is saved); id null for a new one. */
export async function getOidcConnectionForm(app: AppContext, admin: SessionUser, connectionId: string | null): Promise<OidcConnectionForm> {
  if (connectionId === null) return { id: null, name: "", emailDomains: "", issuer: "", clientId: "", hasSecret: false, enabled: true, lastTestedAt: null, updatedAt: null };
  const c = await requireConnection(app, admin, connectionId);
  if (c.kind !== "oidc") throw new NotFoundError(said("adminSso.noSuchOidc"));
  return {
    id: c.id,
    name: c.name,
    emailDomains: c.emailDomains.join(", "),
    issuer: c.oidcIssuer ?? "",
    clientId: c.oidcClientId ?? "",
    hasSecret: c.oidcClientSecretSealed !== null,
    enabled: c.enabled,
    lastTestedAt: c.lastTestedAt,
    updatedAt: c.updatedAt,
  };
}
