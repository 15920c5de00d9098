import type { AppContext } from "~/context.server";
import { csvRecord } from "~/domain/crm";
import { importCrmFile, type CrmImportResult } from "./crm-import.server";
import { listHubSpotDeals, listHubSpotOwners, type HubSpotClientOptions } from "./hubspot.server";

const HEADER = [
  "Record ID",
  "Deal Name",
  "Deal Stage",
  "Amount",
  "Currency",
  "Close Date",
  "Create Date",
  "Deal owner",
  "Pipeline",
  "Last Activity Date",
  "Forecast category",
  "Next step",
  "Deal probability",
];

const day = (value: string | null | undefined) => (value ? value.slice(0, 10) : "");

/**
 * Pulls every deal from HubSpot's CRM API and imports them as a snapshot, exactly as a HubSpot CSV
 * export would be imported (same stage mapping, owners matched by their HubSpot email): the deals are
 * written as such an export and streamed into the CSV import, so both paths share every rule.
 */
export async function importFromHubSpot(
  app: AppContext,
  organisationId: string,
  client: HubSpotClientOptions,
  options: { asOf?: string | null; importedBy?: string | null },
): Promise<CrmImportResult> {
  const owners = new Map((await listHubSpotOwners(client)).map((o) => [o.id, o.email ?? [o.firstName, o.lastName].filter(Boolean).join(" ")]));
  const encoder = new TextEncoder();
  async function* asExport(): AsyncGenerator<Uint8Array> {
    yield encoder.encode(`${csvRecord(HEADER)}\r\n`);
    let lines: string[] = [];
    for await (const deal of listHubSpotDeals(client)) {
      const p = deal.properties;
      lines.push(
        csvRecord([
          deal.id,
          p.dealname ?? "",
          p.dealstage ?? "",
          p.amount ?? "",
          p.deal_currency_code ?? "",
          day(p.closedate),
          day(p.createdate),
          (p.hubspot_owner_id && owners.get(p.hubspot_owner_id)) || p.hubspot_owner_id || "",
          p.pipeline ?? "",
          day(p.hs_lastactivitydate),
          p.hs_forecast_category ?? "",
          p.hs_next_step ?? "",
          p.hs_deal_stage_probability ?? "",
        ]),
      );
      if (lines.length >= 500) {
        yield encoder.encode(`${lines.join("\r\n")}\r\n`);
        lines = [];
      }
    }
    if (lines.length) yield encoder.encode(`${lines.join("\r\n")}\r\n`);
  }
  const asOf = options.asOf ?? null;
  return importCrmFile(app, organisationId, asExport(), {
    format: "hubspot",
    asOf,
    encoding: "utf-8",
    dates: "auto",
    importValidRows: false,
    fileName: `HubSpot API ${asOf ?? app.now().toISOString().slice(0, 10)}`,
    importedBy: options.importedBy ?? null,
    audit: { actor: options.importedBy ? { kind: "person", personId: options.importedBy } : { kind: "system", name: "cli" }, source: "api" },
  });
}
