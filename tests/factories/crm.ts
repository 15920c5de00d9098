import type { AppContext } from "../../app/context.server";
import { importCrmFile } from "../../app/services/crm-import.server";
import type { StagedOpportunity } from "../../db/crm-columns";

/** The columns of the Salesforce export of closed and open deals that the integration tests write. */
export const SALESFORCE_DEALS_HEADER = "Opportunity Owner,Opportunity Name,Amount,Close Date,Created Date,Stage,Closed,Won,Opportunity ID";

/** A file's text as the byte stream an upload hands the importers: one chunk of UTF-8. */
export async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/**
 * Imports a CRM export's text as an admin's upload of a US-dated file does: format and encoding
 * recognised, and all or nothing unless `importValidRows`.
 */
export function importCrmText(
  app: AppContext,
  organisationId: string,
  text: string,
  options: { asOf: string; fileName?: string; importValidRows?: boolean; status?: "preview" | "counted" },
): ReturnType<typeof importCrmFile> {
  return importCrmFile(app, organisationId, bytes(text), {
    format: "auto",
    encoding: "auto",
    dates: "us",
    importValidRows: options.importValidRows ?? false,
    fileName: options.fileName ?? "deals.csv",
    asOf: options.asOf,
    status: options.status,
  });
}

/** A previewed snapshot of one open deal of the organisation (ADR 051): for the routes that take a snapshot's id. */
export async function createCrmPreview(app: AppContext, organisationId: string, owner: string): Promise<string> {
  const text = `${SALESFORCE_DEALS_HEADER}\n${owner},Deal,1000,12/20/2026,11/02/2026,Prospecting,0,0,006PREVIEW${organisationId.slice(0, 8)}\n`;
  const result = await importCrmText(app, organisationId, text, { asOf: "2026-12-01", status: "preview" });
  if (result.status !== "imported") throw new Error(`the test snapshot was not imported: ${JSON.stringify(result)}`);
  return result.snapshotId;
}

/** A deal as the import stages it: an open deal of ann@x.example with every optional field empty, then `o`. */
export function stagedDeal(crmId: string, o: Partial<StagedOpportunity> = {}): StagedOpportunity {
  return {
    crmId,
    name: null,
    accountName: null,
    owner: "ann@x.example",
    stage: "Prospecting",
    status: "open",
    amount: null,
    currency: null,
    closeDate: null,
    createdDate: null,
    forecastCategory: null,
    probability: null,
    nextStep: null,
    lastActivityDate: null,
    ...o,
  };
}
