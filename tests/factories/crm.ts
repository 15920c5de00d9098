import type { AppContext } from "../../app/context.server";
import { importCrmFile } from "../../app/services/crm-import.server";

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
