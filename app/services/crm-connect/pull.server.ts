/** What a provider's pull gives the CSV import, and what it is given (ADR 049). */
import { csvRecord, vendorLabel, type CanonicalField, type CrmFormat } from "~/domain/crm";
import type { ProviderHttp } from "./http.server";

export interface PullContext {
  http: ProviderHttp;
  /** Salesforce's instance URL, Pipedrive's API domain, HubSpot's API. */
  baseUrl: string;
  /** The provider's job a pull that crashed had started (Salesforce Bulk API), to read instead of a new one. */
  providerJob: string | null;
  /** Keeps the provider's job on the pull's row, before any deal is read. */
  onProviderJob: (id: string) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
}

/**
 * A pull ready to stream: the deals as CSV bytes in the vendor's export shape, so that they go through the
 * same recognition, normalisation, stage mapping and snapshot as an uploaded file.
 */
export interface PreparedPull {
  format: CrmFormat;
  source: AsyncIterable<Uint8Array>;
  /** How the snapshot's file name reads ("Salesforce Bulk API"). */
  via: string;
}

export interface CrmPuller {
  /** Checks the credentials and the permissions a pull needs; answers what to show of the account. */
  check(context: Pick<PullContext, "http" | "baseUrl">): Promise<{ label: string }>;
  /** Everything before the first deal (counts, pipelines, owners, a Bulk job done), outside the import's transaction. */
  prepare(context: PullContext): Promise<PreparedPull>;
}

const encoder = new TextEncoder();

/** Rows as CSV in pieces of about 500 rows: one `TextEncoder` call per piece instead of per row. */
export async function* csvPieces(header: readonly string[], rows: AsyncIterable<readonly string[]>): AsyncGenerator<Uint8Array> {
  yield encoder.encode(csvRecord(header));
  let piece = "";
  let count = 0;
  for await (const row of rows) {
    piece += csvRecord(row);
    if (++count === 500) {
      yield encoder.encode(piece);
      piece = "";
      count = 0;
    }
  }
  if (piece) yield encoder.encode(piece);
}

/** An ISO timestamp's or date's day; "" for none. */
export const day = (value: string | null | undefined): string => (value ? value.slice(0, 10) : "");
export const cell = (value: unknown): string => (value === null || value === undefined ? "" : String(value));

/**
 * The header of a vendor's export for these fields, from the one table of labels (app/domain/crm/formats.ts),
 * so that a pull's file is recognised exactly as that vendor's export is.
 */
export function exportHeader(format: CrmFormat, fields: readonly CanonicalField[]): string[] {
  return fields.map((field) => {
    const label = vendorLabel(format, field);
    if (!label) throw new Error(`${format} exports have no ${field} column`);
    return label;
  });
}
