/**
 * Calls to a CRM provider's HTTP API with one retry policy for all three (ADR 049):
 *
 * - 429, or a 503 with Retry-After: wait what the provider asks (Retry-After in seconds or as a date, else
 *   Pipedrive's x-ratelimit-reset, else a backoff), inside the pull when it is at most `maxWaitMs`; a longer
 *   wait ends the pull as "rate-limited" with the time to try again, which the pull's row keeps.
 * - Other 5xx and network failures: back off 1, 2, 4, 8, 16 s, then "unavailable" (the pull is tried again
 *   later as a whole: nothing was stored).
 * - 401: the access token is refreshed once (OAuth refresh token, or a new JWT bearer assertion) and the call
 *   repeated; refused again, or with nothing to refresh, the connection is "auth": broken, with the
 *   provider's words.
 * - HubSpot's 10-second windows: when `X-HubSpot-RateLimit-Remaining` is down to 2, wait out the window
 *   (`X-HubSpot-RateLimit-Interval-Milliseconds`) before the next call.
 * - Salesforce's daily allowance: `REQUEST_LIMIT_EXCEEDED` is "rate-limited" for an hour; the pull checks
 *   `Sforce-Limit-Info` before it starts (salesforceLimitLeaves).
 * - Any other refusal (a 400 with INVALID_FIELD, a 404) is "refused" with the provider's message.
 */
import { retryAfterMs, type CrmProviderName } from "~/domain/crm";
import { said } from "~/i18n/said";

export type ProviderProblemKind = "auth" | "rate-limited" | "unavailable" | "refused";

/** A provider's answer as a refusal quotes it: its status, and its own words when it gave any ("401: unauthorized access"). */
const reply = (status: number, detail: string) => (detail ? `${status}: ${detail}` : String(status));

export class CrmProviderError extends Error {
  constructor(
    readonly kind: ProviderProblemKind,
    message: string,
    readonly status: number | null = null,
    /** When to try again (rate-limited). */
    readonly retryAt: Date | null = null,
  ) {
    super(message);
    this.name = "CrmProviderError";
  }
}

/** How a call proves who it is, and how to get a new access token when the provider says it expired. */
export interface ProviderAuth {
  headers(): Record<string, string>;
  /** Gets a new access token; absent for tokens that cannot be refreshed (private-app and API tokens). */
  refresh?: () => Promise<void>;
}

export interface ProviderHttpOptions {
  provider: CrmProviderName;
  auth: ProviderAuth;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Network failures and 5xx tried again this many times (default 5). */
  maxRetries?: number;
  /** The longest wait for a rate limit inside a pull (default 60 s). */
  maxWaitMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const NAMES: Record<CrmProviderName, string> = { salesforce: "Salesforce", hubspot: "HubSpot", pipedrive: "Pipedrive" };

/** A provider's API with the retry policy above. */
export class ProviderHttp {
  readonly name: string;
  private readonly fetcher: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;
  private windowWaitMs = 0;
  /** Calls made, for the bench and the tests. */
  calls = 0;
  /** The last Sforce-Limit-Info header seen. */
  limitInfo: string | null = null;

  constructor(readonly options: ProviderHttpOptions) {
    this.name = NAMES[options.provider];
    this.fetcher = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => new Date());
  }

  /** A JSON answer. */
  async json<T>(url: string, init: RequestInit = {}): Promise<T> {
    const response = await this.request(url, { ...init, headers: { Accept: "application/json", ...init.headers } });
    return (await response.json()) as T;
  }

  /** The successful response (its body unread), after the policy above. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const maxRetries = this.options.maxRetries ?? 5;
    const maxWaitMs = this.options.maxWaitMs ?? 60_000;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (this.windowWaitMs > 0) {
        const wait = this.windowWaitMs;
        this.windowWaitMs = 0;
        await this.sleep(wait);
      }
      let response: Response;
      try {
        this.calls++;
        response = await this.fetcher(url, { ...init, headers: { ...this.options.auth.headers(), ...init.headers } });
      } catch (error) {
        if (attempt >= maxRetries) throw new CrmProviderError("unavailable", said("crm.provider.unreachable", { provider: this.name, reason: (error as Error).message }));
        await this.sleep(1000 * 2 ** attempt);
        continue;
      }
      this.noteLimits(response);
      if (response.ok) return response;
      const body = await response.text();
      const detail = providerMessage(body);
      if (response.status === 401) {
        if (this.options.auth.refresh && !refreshed) {
          refreshed = true;
          await this.options.auth.refresh();
          continue;
        }
        throw new CrmProviderError("auth", said("crm.provider.refusedConnection", { provider: this.name, reply: reply(401, detail) }), 401);
      }
      const asked = retryAfterMs(response.headers.get("retry-after"), this.now()) ?? resetMs(response.headers.get("x-ratelimit-reset"));
      if (response.status === 429 || (response.status === 503 && asked !== null)) {
        const wait = asked ?? 1000 * 2 ** attempt;
        if (wait > maxWaitMs || attempt >= maxRetries) {
          throw new CrmProviderError(
            "rate-limited",
            said("crm.provider.slowDown", { provider: this.name, reply: reply(429, detail) }),
            429,
            new Date(this.now().getTime() + Math.max(wait, 60_000)),
          );
        }
        await this.sleep(wait);
        continue;
      }
      if (response.status >= 500) {
        if (attempt >= maxRetries)
          throw new CrmProviderError("unavailable", said("crm.provider.notAnswering", { provider: this.name, reply: reply(response.status, detail) }), response.status);
        await this.sleep(1000 * 2 ** attempt);
        continue;
      }
      if (/REQUEST_LIMIT_EXCEEDED/.test(body)) {
        throw new CrmProviderError("rate-limited", said("crm.provider.allowanceSpent", { reply: detail }), response.status, new Date(this.now().getTime() + 3600_000));
      }
      if (response.status === 403 && /INVALID_SESSION_ID|insufficient_scope|MISSING_SCOPES|permission/i.test(body)) {
        throw new CrmProviderError("auth", said("crm.provider.refusedAccess", { provider: this.name, reply: reply(403, detail) }), 403);
      }
      throw new CrmProviderError("refused", said("crm.provider.answered", { provider: this.name, reply: reply(response.status, detail) }), response.status);
    }
  }

  private noteLimits(response: Response): void {
    const info = response.headers.get("sforce-limit-info");
    if (info) this.limitInfo = info;
    const remaining = response.headers.get("x-hubspot-ratelimit-remaining");
    if (remaining !== null && Number(remaining) <= 2) this.windowWaitMs = Number(response.headers.get("x-hubspot-ratelimit-interval-milliseconds") ?? 10_000) || 10_000;
  }
}

/** Pipedrive's x-ratelimit-reset: seconds until the window resets. */
function resetMs(header: string | null): number | null {
  return header && /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : null;
}

/**
 * The provider's own words from an error body: Salesforce's `[{message, errorCode}]`, HubSpot's
 * `{message}`, Pipedrive's `{error, error_info}`, OAuth's `{error, error_description}`; else its first 200
 * characters.
 */
export function providerMessage(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.replace(/\s+/g, " ").trim().slice(0, 200);
  }
  const first = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
  if (typeof first !== "object" || first === null) return "";
  const o = first as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const code = text(o.errorCode) || text(o.category) || (typeof o.error === "string" && o.error_description ? o.error : "");
  const message = text(o.error_description) || text(o.message) || text(o.error);
  return [code, message].filter(Boolean).join(": ").slice(0, 300);
}
