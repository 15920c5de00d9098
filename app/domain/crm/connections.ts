/**
 * CRM connections (ADR 049), the pure parts: what each provider needs (scopes and permissions), when a
 * connection's next scheduled pull is due, and how long to wait after a provider says "not now".
 */
import { addDays, quarterStart, monthStart, weekStart } from "../calendar";
import { said } from "~/i18n/said";

export const CRM_PROVIDERS = ["salesforce", "hubspot", "pipedrive"] as const;
export type CrmProviderName = (typeof CRM_PROVIDERS)[number];

export const CRM_PROVIDER_NAMES: Record<CrmProviderName, string> = { salesforce: "Salesforce", hubspot: "HubSpot", pipedrive: "Pipedrive" };

/**
 * What each provider's app or user must be allowed, in the provider's own names, with why (said: translated on the page). Candor only reads.
 * Shown on the connections page and written into ADR 049.
 */
export const CRM_SCOPES: Record<CrmProviderName, ReadonlyArray<{ scope: string; why: string }>> = {
  salesforce: [
    { scope: "api", why: said("crm.scope.salesforceApi") },
    { scope: "refresh_token", why: said("crm.scope.salesforceRefresh") },
    { scope: "Read on Opportunity and User", why: said("crm.scope.salesforceRead") },
  ],
  hubspot: [
    { scope: "crm.objects.deals.read", why: said("crm.scope.hubspotDeals") },
    { scope: "crm.objects.owners.read", why: said("crm.scope.hubspotOwners") },
    { scope: "crm.schemas.deals.read", why: said("crm.scope.hubspotSchemas") },
    { scope: "oauth", why: said("crm.scope.hubspotOauth") },
  ],
  pipedrive: [
    { scope: "deals:read", why: said("crm.scope.pipedriveDeals") },
    { scope: "users:read", why: said("crm.scope.pipedriveUsers") },
    { scope: "API token", why: said("crm.scope.pipedriveToken") },
  ],
};

/** The OAuth scopes Candor asks for, per provider. */
export const OAUTH_SCOPES: Record<CrmProviderName, string> = {
  salesforce: "api refresh_token",
  hubspot: "oauth crm.objects.deals.read crm.objects.owners.read crm.schemas.deals.read",
  pipedrive: "deals:read users:read",
};

export type PullPeriod = "quarter" | "month" | "none";

export interface PullSchedule {
  weekly: boolean;
  period: PullPeriod;
}

/** Days after a period's start within which its start-of-period pull is still taken (a worker that was down). */
export const PERIOD_PULL_GRACE_DAYS = 7;

/**
 * The due key of the scheduled pull a connection needs today, or null. The period's start comes first: on
 * the first day of a (fiscal) quarter or month, `quarter:YYYY-MM-DD` (taken up to PERIOD_PULL_GRACE_DAYS late),
 * so that forecast metrics always have a snapshot from the start of the period. Otherwise the week's pull,
 * `week:<Monday>`, unless a period pull was taken this week already. `taken` holds the connection's due keys
 * already claimed (any status).
 *
 * @example duePullKey({ weekly: true, period: "quarter" }, 1, "2026-10-01", new Set()) // "quarter:2026-10-01"
 */
export function duePullKey(schedule: PullSchedule, fiscalStartMonth: number, today: string, taken: ReadonlySet<string>): string | null {
  const periodStart = schedule.period === "quarter" ? quarterStart(today, fiscalStartMonth) : schedule.period === "month" ? monthStart(today) : null;
  const periodKey = periodStart ? `${schedule.period}:${periodStart}` : null;
  if (periodStart && periodKey && !taken.has(periodKey) && today < addDays(periodStart, PERIOD_PULL_GRACE_DAYS)) return periodKey;
  if (!schedule.weekly) return null;
  const monday = weekStart(today);
  const weekKey = `week:${monday}`;
  if (taken.has(weekKey)) return null;
  // A period pull taken this week stands for the week's.
  if (periodStart && periodKey && taken.has(periodKey) && periodStart >= monday) return null;
  return weekKey;
}

/** The keys duePullKey may need to see for `today`: fetch these from the database rather than every key ever. */
export function pullKeysToCheck(schedule: PullSchedule, fiscalStartMonth: number, today: string): string[] {
  const keys = [`week:${weekStart(today)}`];
  if (schedule.period === "quarter") keys.push(`quarter:${quarterStart(today, fiscalStartMonth)}`);
  if (schedule.period === "month") keys.push(`month:${monthStart(today)}`);
  return keys;
}

/**
 * How long a Retry-After header asks to wait, in milliseconds: delta-seconds or an HTTP date (RFC 9110
 * §10.2.3); null when absent or unreadable.
 *
 * @example retryAfterMs("3", new Date()) // 3000
 */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** The wait before a whole pull is tried again after its `attempts`-th failure: 5 min, 15, 45, … capped at 6 h. */
export function pullRetryDelayMs(attempts: number): number {
  return Math.min(5 * 60_000 * 3 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

/** A pull fails for good after this many attempts; the next scheduled one tries again. */
export const PULL_MAX_ATTEMPTS = 5;

/**
 * Whether Salesforce's daily API allowance, from its `Sforce-Limit-Info: api-usage=used/max` header, is too
 * spent to start a pull of `calls` more calls while leaving a tenth for the organisation's other integrations.
 *
 * @example salesforceLimitLeaves("api-usage=14000/15000", 200) // false
 */
export function salesforceLimitLeaves(header: string | null, calls: number): boolean {
  const match = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!match) return true;
  const used = Number(match[1]);
  const max = Number(match[2]);
  return used + calls <= max * 0.9;
}
