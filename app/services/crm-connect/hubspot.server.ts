/**
 * HubSpot (ADR 049): CRM v3 deals through the list endpoint (`/crm/v3/objects/deals`, 100 a page, the
 * `paging.next.after` cursor), owners (`/crm/v3/owners`) for their emails, and the deal pipelines
 * (`/crm/v3/pipelines/deals`) so that a custom pipeline's numeric stage id becomes its label and its
 * "closed" and probability settle won or lost, as HubSpot's own all-properties export writes them. The
 * search endpoint is not used: it stops at 10,000 results.
 */
import { cell, csvPieces, day, exportHeader, type CrmPuller, type PreparedPull } from "./pull.server";
import type { ProviderHttp } from "./http.server";

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

// The deal's fields in HubSpot's export labels, and its pipeline (which the import does not read).
const HEADER = [
  ...exportHeader("hubspot", ["crmId", "name", "stage", "amount", "currency", "closeDate", "createdDate", "owner"]),
  "Pipeline",
  ...exportHeader("hubspot", ["lastActivityDate", "forecastCategory", "nextStep", "probability", "closed"]),
];

interface Page<T> {
  results: T[];
  paging?: { next?: { after: string } };
}

interface Deal {
  id: string;
  properties: Partial<Record<(typeof HUBSPOT_DEAL_PROPERTIES)[number], string | null>>;
}

interface Pipeline {
  id: string;
  label: string;
  stages: Array<{ id: string; label: string; metadata?: { isClosed?: string; probability?: string } }>;
}

async function* pages<T>(http: ProviderHttp, url: (after: string | undefined) => string): AsyncGenerator<T> {
  let after: string | undefined;
  do {
    const page: Page<T> = await http.json<Page<T>>(url(after));
    yield* page.results;
    after = page.paging?.next?.after;
  } while (after);
}

async function owners(http: ProviderHttp, baseUrl: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for await (const o of pages<{ id: string | number; email?: string | null; firstName?: string | null; lastName?: string | null }>(
    http,
    (after) => `${baseUrl}/crm/v3/owners?limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`,
  )) {
    map.set(String(o.id), o.email || [o.firstName, o.lastName].filter(Boolean).join(" "));
  }
  return map;
}

/** Every stage of every deal pipeline, by id: its pipeline, label, whether it is closed and its probability. */
async function stages(http: ProviderHttp, baseUrl: string) {
  const answer = await http.json<{ results: Pipeline[] }>(`${baseUrl}/crm/v3/pipelines/deals`);
  const map = new Map<string, { pipeline: string; label: string; closed: string; probability: string }>();
  for (const pipeline of answer.results) {
    for (const stage of pipeline.stages) {
      map.set(stage.id, { pipeline: pipeline.label, label: stage.label, closed: stage.metadata?.isClosed ?? "", probability: stage.metadata?.probability ?? "" });
    }
  }
  return map;
}

export const hubspot: CrmPuller = {
  async check({ http, baseUrl }) {
    await http.json(`${baseUrl}/crm/v3/objects/deals?limit=1`);
    await http.json(`${baseUrl}/crm/v3/owners?limit=1`);
    await http.json(`${baseUrl}/crm/v3/pipelines/deals`);
    const account = await http.json<{ portalId?: number; uiDomain?: string }>(`${baseUrl}/account-info/v3/details`).catch(() => null);
    return { label: account?.portalId ? `HubSpot account ${account.portalId}` : "HubSpot" };
  },

  async prepare({ http, baseUrl }): Promise<PreparedPull> {
    const [ownerNames, stageOf] = await Promise.all([owners(http, baseUrl), stages(http, baseUrl)]);
    const properties = HUBSPOT_DEAL_PROPERTIES.join(",");
    async function* rows(): AsyncGenerator<string[]> {
      for await (const deal of pages<Deal>(
        http,
        (after) => `${baseUrl}/crm/v3/objects/deals?limit=100&archived=false&properties=${properties}${after ? `&after=${encodeURIComponent(after)}` : ""}`,
      )) {
        const p = deal.properties;
        const stage = p.dealstage ? stageOf.get(p.dealstage) : undefined;
        yield [
          deal.id,
          cell(p.dealname),
          stage?.label ?? cell(p.dealstage),
          cell(p.amount),
          cell(p.deal_currency_code),
          day(p.closedate),
          day(p.createdate),
          (p.hubspot_owner_id && ownerNames.get(p.hubspot_owner_id)) || cell(p.hubspot_owner_id),
          stage?.pipeline ?? cell(p.pipeline),
          day(p.hs_lastactivitydate),
          cell(p.hs_forecast_category),
          cell(p.hs_next_step),
          cell(p.hs_deal_stage_probability) || (stage?.probability ?? ""),
          stage?.closed ?? "",
        ];
      }
    }
    return { format: "hubspot", source: csvPieces(HEADER, rows()), via: "HubSpot API" };
  },
};
