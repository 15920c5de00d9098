import crypto from "node:crypto";
import http from "node:http";
import type net from "node:net";
import Provider from "oidc-provider";

// A real OpenID Connect provider for the tests (panva's oidc-provider, the certified implementation), on
// 127.0.0.1 at a free port: discovery, the authorization endpoint with its login form, the token endpoint
// (client_secret_basic, PKCE S256 required), signed ID tokens (RS256, a key made per run) and UserInfo.

export interface TestAccount {
  /** What one types as "login" on the provider's form; also the account's `sub`. */
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface RunningOidcProvider {
  issuer: string;
  /** The accounts by `sub`; tests may add or change them while the provider runs. */
  accounts: Map<string, TestAccount>;
  /** The paths of every request the provider answered, in order. */
  requests: string[];
  /** How long an authorization code stays valid (seconds; the provider's default is 60). */
  setCodeTtl(seconds: number): void;
  /**
   * Goes through the provider as a browser would, from Candor's authorization URL: the login form for
   * `accountId` (consent is given already), and returns the URL the provider sends the browser back to.
   */
  authorize(authorizationUrl: string, accountId: string): Promise<URL>;
  /** Another address that answers exactly like this provider (whose metadata names this issuer, not it). */
  startMirror(): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** Starts a provider with these clients and accounts. */
export async function startOidcProvider(options: {
  clients: TestClient[];
  accounts: TestAccount[];
  /** Put the email and name in the ID token too (Google, Entra ID); by default they are only at UserInfo. */
  claimsInIdToken?: boolean;
}): Promise<RunningOidcProvider> {
  const accounts = new Map(options.accounts.map((a) => [a.sub, { ...a }]));
  let codeTtl = 60;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const key = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [{ ...key, kid: "test-key", use: "sig", alg: "RS256" }] },
    cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
    pkce: { required: () => true, methods: ["S256"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: true } },
    conformIdTokenClaims: !options.claimsInIdToken,
    ttl: { AuthorizationCode: () => codeTtl, AccessToken: 600, IdToken: 600, Grant: 3600, Interaction: 600, Session: 3600 },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...accounts.get(sub)!, sub }) };
    },
    // Consent is taken as given (as a company's provider does for its own apps): only the login prompt remains.
    async loadExistingGrant(ctx) {
      const clientId = ctx.oidc.client!.clientId;
      const accountId = ctx.oidc.session!.accountId!;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      ctx.oidc.session!.grantIdFor(clientId, grant.jti);
      return grant;
    },
  });
  const handle = provider.callback();
  const requests: string[] = [];
  server.on("request", (req, res) => {
    requests.push(new URL(req.url ?? "/", issuer).pathname);
    void handle(req, res);
  });

  async function authorize(authorizationUrl: string, accountId: string): Promise<URL> {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const keep = (response: Response) => {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const at = pair!.indexOf("=");
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    };
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 10; hop++) {
      if (url.origin !== issuer) return url;
      const response = await fetch(url, {
        method: body ? "POST" : "GET",
        redirect: "manual",
        headers: { Cookie: cookieHeader(), ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
        body,
      });
      keep(response);
      body = undefined;
      const location = response.headers.get("location");
      if (location) {
        url = new URL(location, url);
        continue;
      }
      const page = await response.text();
      if (response.status === 200 && page.includes('name="prompt" value="login"')) {
        body = new URLSearchParams({ prompt: "login", login: accountId, password: "any" });
        continue;
      }
      throw new Error(`the provider answered ${response.status} at ${url.pathname}: ${page.slice(0, 500)}`);
    }
    throw new Error("too many redirects at the provider");
  }

  return {
    issuer,
    accounts,
    requests,
    setCodeTtl: (seconds) => {
      codeTtl = seconds;
    },
    authorize,
    startMirror: async () => {
      const mirror = http.createServer((req, res) => {
        const forward = http.request({ host: "127.0.0.1", port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(forward);
      });
      await new Promise<void>((resolve) => mirror.listen(0, "127.0.0.1", resolve));
      return {
        url: `http://127.0.0.1:${(mirror.address() as net.AddressInfo).port}`,
        stop: () => new Promise<void>((resolve) => mirror.close(() => resolve())),
      };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
