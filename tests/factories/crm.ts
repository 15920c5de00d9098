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
  options: { asOf: string; fileName?: string; importValidRows?: boolean },
): ReturnType<typeof importCrmFile> {
  return importCrmFile(app, organisationId, bytes(text), {
    format: "auto",
    encoding: "auto",
    dates: "us",
    importValidRows: options.importValidRows ?? false,
    fileName: options.fileName ?? "deals.csv",
    asOf: options.asOf,
  });
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
