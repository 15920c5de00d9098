/**
 * HubSpot CRM v3 client for pulling deals with a private-app token: paginated, honouring 429 Retry-After,
 * retrying 5xx a few times. Deals come back as HubSpot sends them; the CRM import maps them like a
 * HubSpot CSV export (same stage names, same owner matching).
 */

export const HUBSPOT_API = "https://api.hubapi.com";

export const HUBSPOT_DEAL_PROPERTIES = [
  "dealname",
  "amount",
  "deal_currency_code",
  "closedate",
  "createdate",
  "dealstage",
  "pipeline",
  "hubspot_owner_id",
  "hs_lastactivitydate",
  "hs_forecast_category",
  "hs_next_step",
  "hs_deal_stage_probability",
] as const;

export interface HubSpotDeal {
  id: string;
  properties: Partial<Record<(typeof HUBSPOT_DEAL_PROPERTIES)[number], string | null>>;
}

export interface HubSpotOwner {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

export class HubSpotError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "HubSpotError";
  }
}

export interface HubSpotClientOptions {
  token: string;
  baseUrl?: string;
  /** Waits (for Retry-After and backoff); tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
  fetch?: typeof fetch;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function request<T>(options: HubSpotClientOptions, path: string): Promise<T> {
  const fetcher = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxRetries = options.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetcher(`${options.baseUrl ?? HUBSPOT_API}${path}`, {
        headers: { Authorization: `Bearer ${options.token}`, Accept: "application/json" },
      });
    } catch (error) {
      if (attempt >= maxRetries) throw new HubSpotError(`HubSpot could not be reached: ${(error as Error).message}`, null);
      await sleep(1000 * 2 ** attempt);
      continue;
    }
    if (response.ok) return (await response.json()) as T;
    const body = await response.text();
    if (response.status === 429 && attempt < maxRetries) {
      // HubSpot says how long to wait; without it, back off.
      const seconds = Number(response.headers.get("retry-after"));
      await sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000 * 2 ** attempt);
      continue;
    }
    if (response.status >= 500 && attempt < maxRetries) {
      await sleep(1000 * 2 ** attempt);
      continue;
    }
    if (response.status === 401) throw new HubSpotError("HubSpot refused the token: check the private app's access token.", 401);
    if (response.status === 403) throw new HubSpotError("The HubSpot private app lacks the crm.objects.deals.read or crm.objects.owners.read scope.", 403);
    if (response.status === 429) throw new HubSpotError("HubSpot kept answering 'too many requests'; try again later.", 429);
    let detail: string;
    try {
      detail = (JSON.parse(body) as { message?: string }).message ?? "";
    } catch {
      detail = body.slice(0, 200);
    }
    throw new HubSpotError(`HubSpot answered ${response.status}${detail ? `: ${detail}` : ""}`, response.status);
  }
}

interface Page<T> {
  results: T[];
  paging?: { next?: { after: string } };
}

/** Every deal (not archived), page by page (100 per page), with the properties Candor reads. */
export async function* listHubSpotDeals(options: HubSpotClientOptions): AsyncGenerator<HubSpotDeal> {
  let after: string | undefined;
  do {
    const query = new URLSearchParams({ limit: "100", properties: HUBSPOT_DEAL_PROPERTIES.join(","), archived: "false" });
    if (after) query.set("after", after);
    const page = await request<Page<HubSpotDeal>>(options, `/crm/v3/objects/deals?${query}`);
    for (const deal of page.results) yield deal;
    after = page.paging?.next?.after;
  } while (after);
}

/** Every owner, so that deals' owner ids can be matched to people by email. */
export async function listHubSpotOwners(options: HubSpotClientOptions): Promise<HubSpotOwner[]> {
  const owners: HubSpotOwner[] = [];
  let after: string | undefined;
  do {
    const query = new URLSearchParams({ limit: "100" });
    if (after) query.set("after", after);
    const page = await request<Page<HubSpotOwner>>(options, `/crm/v3/owners?${query}`);
    owners.push(...page.results.map((o) => ({ id: String(o.id), email: o.email ?? null, firstName: o.firstName ?? null, lastName: o.lastName ?? null })));
    after = page.paging?.next?.after;
  } while (after);
  return owners;
}
