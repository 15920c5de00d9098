/**
 * The admin's side of CRM connections (ADR 049): connect Salesforce, HubSpot or Pipedrive (OAuth, a pasted
 * token, or Salesforce's JWT bearer key), test, disconnect, set the schedule, ask for a pull now; and what
 * the connections page shows. Credentials are checked with the provider before they are kept, sealed, and
 * never shown again.
 */
import crypto from "node:crypto";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { newOAuthState, verifyOAuthState } from "~/auth/oauth-state.server";
import type { CrmOAuthFlow } from "~/auth/crm-oauth-flow.server";
import { CRM_PROVIDER_NAMES, CRM_PROVIDERS, CRM_SCOPES, type CrmProviderName, type PullSchedule } from "~/domain/crm";
import { InputError, NotFoundError } from "~/domain/errors";
import {
  deleteCrmConnection,
  findCrmConnection,
  listCrmConnections,
  listRecentPulls,
  saveCrmConnection,
  setCrmConnectionStatus,
  setCrmSchedule,
  updateCrmCredentials,
} from "#db/queries/crm-connections";
import { recordAudit, recordAuditByUser } from "./audit.server";
import {
  HUBSPOT_API,
  PIPEDRIVE_API,
  authHeaders,
  authorizeUrl,
  exchangeCode,
  oauthClient,
  openCredentials,
  pkcePair,
  refreshCredentials,
  sealCredentials,
  type CrmCredentials,
} from "./crm-connect/credentials.server";
import { CrmProviderError, ProviderHttp } from "./crm-connect/http.server";
import { PULLERS, claimPullNow, pullProgressHere } from "./crm-pulls.server";

export const CRM_CALLBACK_PATH = "/admin/crm/connections/callback";
const STATE_PURPOSE = "crm-connect";

/** Everything the connections page shows. */
export async function getCrmConnectionsOverview(app: AppContext, user: SessionUser) {
  requireRole(user, "admin");
  const [connections, pulls] = await Promise.all([listCrmConnections(app.db, user.organisationId), listRecentPulls(app.db, user.organisationId, 30)]);
  return {
    callbackUrl: `${app.config.appUrl}${CRM_CALLBACK_PATH}`,
    providers: CRM_PROVIDERS.map((provider) => {
      const c = connections.find((x) => x.provider === provider);
      const mine = c ? pulls.filter((p) => p.connectionId === c.id) : [];
      const current = mine.find((p) => p.status === "running" || p.status === "queued" || p.status === "waiting");
      const last = mine.filter((p) => p.status === "done" || p.status === "failed").sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0))[0];
      const view = (p: (typeof mine)[number]) => ({
        status: p.status,
        dueKey: p.dueKey,
        records: Math.max(p.records, pullProgressHere(p.id) ?? 0),
        result: p.result as { status?: string; rows?: number; asOf?: string; message?: string } | null,
        problem: p.problem,
        createdAt: p.createdAt.toISOString(),
        finishedAt: p.finishedAt?.toISOString() ?? null,
        notBefore: p.notBefore.toISOString(),
      });
      return {
        provider,
        name: CRM_PROVIDER_NAMES[provider],
        oauth: oauthClient(app.config, provider) !== null,
        scopes: CRM_SCOPES[provider],
        connection: c
          ? {
              authKind: c.authKind,
              accountLabel: c.accountLabel,
              status: c.status,
              problem: c.problem,
              weekly: c.weekly,
              period: c.period,
              connectedAt: c.connectedAt.toISOString(),
              current: current ? view(current) : null,
              last: last ? view(last) : null,
            }
          : null,
      };
    }),
  };
}

/** Checks credentials with the provider: the account's label to show, or the provider's refusal as an InputError. */
async function checkWithProvider(app: AppContext, provider: CrmProviderName, credentials: CrmCredentials): Promise<{ label: string; credentials: CrmCredentials }> {
  let current = credentials;
  const http = new ProviderHttp({
    provider,
    now: app.now,
    maxRetries: 1,
    maxWaitMs: 5_000,
    auth: {
      headers: () => authHeaders(provider, current),
      refresh: current.kind === "token" ? undefined : async () => void (current = await refreshCredentials(app.config, provider, current, fetch, app.now())),
    },
  });
  try {
    if (current.kind === "jwt" && !current.accessToken) current = await refreshCredentials(app.config, provider, current, fetch, app.now());
    const { label } = await PULLERS[provider].check({ http, baseUrl: current.baseUrl });
    return { label, credentials: current };
  } catch (error) {
    if (error instanceof CrmProviderError) throw new InputError(error.message);
    throw error;
  }
}

/** Who connects: an admin on the page, or the command line for an organisation. */
type Connector = { kind: "admin"; user: SessionUser } | { kind: "cli"; organisationId: string };

async function keep(
  app: AppContext,
  by: Connector,
  provider: CrmProviderName,
  authKind: "oauth" | "token" | "jwt",
  credentials: CrmCredentials,
  scopes: string[],
): Promise<{ label: string }> {
  const checked = await checkWithProvider(app, provider, credentials);
  const organisationId = by.kind === "admin" ? by.user.organisationId : by.organisationId;
  const before = await findCrmConnection(app.db, organisationId, provider);
  const id = before?.id ?? crypto.randomUUID();
  await app.db.transaction().execute(async (trx) => {
    await saveCrmConnection(trx, {
      id,
      organisationId,
      provider,
      authKind,
      accountLabel: checked.label.slice(0, 300),
      credentialsSealed: sealCredentials(app.config, id, checked.credentials),
      scopes,
      connectedBy: by.kind === "admin" ? by.user.personId : null,
      at: app.now(),
    });
    const entry = {
      action: "crm.connect",
      target: { type: "crm-connection", id },
      before: before ? { provider, account: before.accountLabel, status: before.status } : undefined,
      after: { provider, account: checked.label, via: authKind },
    };
    if (by.kind === "admin") await recordAuditByUser(trx, app, by.user, entry);
    else await recordAudit(trx, { ...entry, organisationId, actor: { kind: "system", name: "cli" }, source: "cli", at: app.now() });
  });
  return { label: checked.label };
}

/** A HubSpot private app's token or a Pipedrive personal API token, checked and kept sealed. */
export async function connectCrmWithToken(app: AppContext, user: SessionUser, provider: CrmProviderName, token: string): Promise<{ label: string }> {
  requireRole(user, "admin");
  return connectToken(app, { kind: "admin", user }, provider, token);
}

/** The command line's `crm-connect --token`: the same checks, audited as the CLI. */
export async function connectCrmWithTokenFromCli(app: AppContext, organisationId: string, provider: CrmProviderName, token: string): Promise<{ label: string }> {
  return connectToken(app, { kind: "cli", organisationId }, provider, token);
}

async function connectToken(app: AppContext, by: Connector, provider: CrmProviderName, token: string): Promise<{ label: string }> {
  const trimmed = token.trim();
  if (provider === "salesforce") throw new InputError(said("crm.connect.salesforceNoToken"));
  if (provider === "hubspot" && !/^pat-[a-z0-9]+-[A-Za-z0-9-]+$/.test(trimmed))
    throw new InputError(said("crm.connect.notHubspotToken"), {
      token: said("crm.connect.hubspotTokenField"),
    });
  if (provider === "pipedrive" && !/^[0-9a-f]{40}$/.test(trimmed)) throw new InputError(said("crm.connect.notPipedriveToken"), { token: said("crm.connect.pipedriveTokenField") });
  return keep(app, by, provider, "token", { kind: "token", token: trimmed, baseUrl: provider === "hubspot" ? HUBSPOT_API : PIPEDRIVE_API }, []);
}

/** Salesforce through a connected app with a certificate (OAuth 2.0 JWT bearer flow): no browser sign-in, no refresh token. */
export async function connectSalesforceJwt(app: AppContext, user: SessionUser, input: { clientId: string; username: string; privateKey: string }): Promise<{ label: string }> {
  requireRole(user, "admin");
  try {
    crypto.createPrivateKey(input.privateKey);
  } catch {
    throw new InputError(said("crm.connect.badKey"), {
      privateKey: said("crm.connect.badKeyField"),
    });
  }
  return keep(
    app,
    { kind: "admin", user },
    "salesforce",
    "jwt",
    {
      kind: "jwt",
      clientId: input.clientId.trim(),
      username: input.username.trim(),
      privateKey: input.privateKey,
      loginUrl: app.config.SALESFORCE_LOGIN_URL,
      accessToken: null,
      baseUrl: "",
    },
    ["api"],
  );
}

/** "Connect with …": the provider's authorize page, and the flow to keep in this browser. */
export function startCrmOAuth(app: AppContext, user: SessionUser, provider: CrmProviderName): { url: string; flow: Omit<CrmOAuthFlow, "expiresAt"> } {
  requireRole(user, "admin");
  if (!oauthClient(app.config, provider)) throw new InputError(said("crm.connect.noApp", { provider: CRM_PROVIDER_NAMES[provider] }));
  const state = newOAuthState(app.config, STATE_PURPOSE, user, app.now());
  const { verifier, challenge } = pkcePair();
  return {
    url: authorizeUrl(app.config, provider, { redirectUri: `${app.config.appUrl}${CRM_CALLBACK_PATH}`, state, codeChallenge: challenge }),
    flow: { provider, state, codeVerifier: verifier },
  };
}

/**
 * The provider's redirect back: the state must be this session's and this browser's flow's, then the code is
 * traded for tokens (with the PKCE verifier), checked, and kept sealed.
 */
export async function completeCrmOAuth(
  app: AppContext,
  user: SessionUser,
  flow: CrmOAuthFlow | null,
  callback: { code?: string; state?: string; error?: string; errorDescription?: string },
): Promise<{ provider: CrmProviderName; label: string }> {
  requireRole(user, "admin");
  if (!flow || !callback.state || callback.state !== flow.state || !verifyOAuthState(app.config, STATE_PURPOSE, user, callback.state, app.now())) {
    throw new InputError(said("crm.connect.foreignState"));
  }
  const name = CRM_PROVIDER_NAMES[flow.provider];
  if (callback.error)
    throw new InputError(said("crm.connect.providerRefused", { provider: name, reply: [callback.error, callback.errorDescription].filter(Boolean).join(": ").slice(0, 200) }));
  if (!callback.code) throw new InputError(said("crm.connect.noCode", { provider: name }));
  let exchanged: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    exchanged = await exchangeCode(
      app.config,
      flow.provider,
      { code: callback.code, redirectUri: `${app.config.appUrl}${CRM_CALLBACK_PATH}`, codeVerifier: flow.codeVerifier },
      fetch,
      app.now(),
    );
  } catch (error) {
    if (error instanceof CrmProviderError) throw new InputError(error.message);
    throw error;
  }
  const { label } = await keep(app, { kind: "admin", user }, flow.provider, "oauth", exchanged.credentials, exchanged.scopes);
  return { provider: flow.provider, label };
}

async function requireConnection(app: AppContext, user: SessionUser, provider: CrmProviderName) {
  requireRole(user, "admin");
  const connection = await findCrmConnection(app.db, user.organisationId, provider);
  if (!connection) throw new NotFoundError(said("crm.connect.notConnected", { provider: CRM_PROVIDER_NAMES[provider] }));
  return connection;
}

/** Checks a saved connection again: connected, or broken with the provider's words. */
export async function testCrmConnection(app: AppContext, user: SessionUser, provider: CrmProviderName): Promise<{ ok: boolean; message: string }> {
  const connection = await requireConnection(app, user, provider);
  const credentials = openCredentials(app.config, connection.id, connection.credentialsSealed);
  try {
    const checked = await checkWithProvider(app, provider, credentials);
    if (checked.credentials !== credentials)
      await updateCrmCredentials(app.db, connection.id, connection.credentialsSealed, sealCredentials(app.config, connection.id, checked.credentials), app.now());
    await setCrmConnectionStatus(app.db, connection.id, null, app.now());
    return { ok: true, message: said("crm.connect.works", { provider: CRM_PROVIDER_NAMES[provider], label: checked.label }) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    await setCrmConnectionStatus(app.db, connection.id, error.message, app.now());
    return { ok: false, message: error.message };
  }
}

/** Forgets a connection: its sealed credentials and its pulls (the snapshots it made stay). */
export async function disconnectCrm(app: AppContext, user: SessionUser, provider: CrmProviderName): Promise<void> {
  const connection = await requireConnection(app, user, provider);
  await app.db.transaction().execute(async (trx) => {
    await deleteCrmConnection(trx, connection.id);
    await recordAuditByUser(trx, app, user, {
      action: "crm.disconnect",
      target: { type: "crm-connection", id: connection.id },
      before: { provider, account: connection.accountLabel },
    });
  });
}

export async function setCrmPullSchedule(app: AppContext, user: SessionUser, provider: CrmProviderName, schedule: PullSchedule): Promise<void> {
  const connection = await requireConnection(app, user, provider);
  await setCrmSchedule(app.db, connection.id, schedule, app.now());
}

/** The command line's `crm-pull`: claims a pull of the organisation's connection to `provider` (null: none). */
export async function claimCrmPullFromCli(app: AppContext, organisationId: string, provider: CrmProviderName): Promise<string | null> {
  const connection = await findCrmConnection(app.db, organisationId, provider);
  return connection ? claimPullNow(app, connection) : null;
}

/** "Pull now": claimed at once, run by the job queue's next tick (within a minute). */
export async function requestCrmPull(app: AppContext, user: SessionUser, provider: CrmProviderName): Promise<string> {
  const connection = await requireConnection(app, user, provider);
  if (connection.status === "broken")
    throw new InputError(connection.problem ? said("crm.connect.brokenFirst", { problem: connection.problem }) : said("crm.connect.brokenFirstPlain"));
  return claimPullNow(app, connection);
}
