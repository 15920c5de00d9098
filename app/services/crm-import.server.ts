/**
 * The CRM import (README, "CRM data"; ADRs 017–020 and 029): a file's bytes become one snapshot of deals, in
 * named stages (app/services/crm-import/), each testable alone:
 *
 * 1. decode records — bytes → encoding sniffed → CSV records with their lines (RecordDecoder);
 * 2. recognise the format — header → format and column mapping, or "needs mapping" (recogniseFormat);
 * 3. decide the reading — date order and decimal separator from the first records (ReadingSample);
 * 4. normalise rows — records → validated opportunities, problems with line numbers (DataRecords);
 * 5. stage — the opportunities COPYed into the snapshot's own table as they come (withCrmStaging);
 * 6. finish the snapshot — key, repeated ids, same file already imported, snapshot row, attach (finishSnapshot).
 *
 * All of it runs in one transaction, streaming: memory stays bounded whatever the file size, and nothing is
 * kept unless the whole file is valid or the admin chose to import the valid rows. The snapshot is stored
 * as a preview (the CRM page's uploads: it feeds no metric until an admin confirms it) or counted at once
 * (pulls and the command line), and answered with its review against the snapshot that counted before
 * (crm-snapshots.server.ts, ADR 051).
 */
import crypto from "node:crypto";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import { isBlankRecord, normalizeHeaderLabel, stageMapFor, type ColumnMapping } from "~/domain/crm";
import type { LinedRecord } from "~/domain/csv-stream";
import { dateInZone } from "~/domain/organisation-settings";
import { cleanFileName } from "~/domain/file-name";
import { StreamingSha256 } from "~/utils/content-hash.server";
import { withCrmStaging, type StagingSession } from "#db/crm-staging";
import { findOrganisationById } from "#db/queries/organisations";
import { listStageEdits, loadColumnMapping } from "#db/queries/crm";
import { RecordDecoder } from "./crm-import/decode-records.server";
import { finishSnapshot, type LoadedFile } from "./crm-import/finish-snapshot.server";
import { DataRecords } from "./crm-import/normalise-rows.server";
import { ImportStop, invalidFile, type CrmImportOptions, type CrmImportResult } from "./crm-import/outcome.server";
import { headerKey, recogniseFormat } from "./crm-import/recognise-format.server";
import { readUsersFile } from "./crm-import/users-file.server";
import { recordAuditInOpenTransaction } from "./audit.server";
import { reviewSnapshot } from "./crm-snapshots.server";

export type { CrmImportOptions, CrmImportResult } from "./crm-import/outcome.server";
export { headerKey };

/** Progress is reported every this many records. */
const PROGRESS_RECORDS = 5000;

/**
 * Imports a CRM export as one snapshot (stages 1–6 above). Re-importing the same file changes nothing. A file
 * that cannot be read as it is gets a refusal ("invalid-file", "needs-mapping", "needs-date-order"), one with
 * bad rows "rejected" with every problem's line (unless `importValidRows`).
 */
export async function importCrmFile(app: AppContext, organisationId: string, source: AsyncIterable<Uint8Array>, options: CrmImportOptions): Promise<CrmImportResult> {
  const org = await findOrganisationById(app.db, organisationId);
  if (!org) throw new Error("organisation missing");
  const snapshot = {
    id: crypto.randomUUID(),
    organisationId,
    asOf: options.asOf ?? dateInZone(app.now(), org.timezone),
    fileName: options.fileName,
    importedBy: options.importedBy ?? null,
    importValidRows: options.importValidRows,
    status: options.status ?? ("counted" as const),
    at: app.now(),
  };
  const stageEdits = await listStageEdits(app.db, organisationId);
  let users: Map<string, string> | undefined;
  try {
    users = options.users ? readUsersFile(options.users.bytes, cleanFileName(options.users.fileName)) : undefined;
  } catch (error) {
    if (error instanceof ImportStop) return error.result;
    throw error;
  }
  // The file's SHA-256 (re-uploading the same file changes nothing), hashed beside the parsing.
  const hash = new StreamingSha256();
  try {
    const result = await withCrmStaging(app.database, { snapshotId: snapshot.id, organisationId }, async (staging) => {
      const loaded = await loadFile(staging, source, hash, { ...options, organisationId, stageEdits, userMap: users });
      const finished = await finishSnapshot(staging, loaded, snapshot);
      if (finished.commit && finished.value.status === "imported") {
        const by =
          options.audit ??
          (snapshot.importedBy
            ? { actor: { kind: "person" as const, personId: snapshot.importedBy }, source: "csv" as const }
            : { actor: { kind: "system" as const, name: "cli" }, source: "cli" as const });
        await recordAuditInOpenTransaction(staging.db, {
          organisationId,
          ...by,
          action: "crm.import",
          target: { type: "crm-snapshot", id: snapshot.id },
          after: {
            asOf: snapshot.asOf,
            format: finished.value.format,
            rows: finished.value.rows,
            skipped: finished.value.skippedCount,
            fileName: cleanFileName(options.fileName),
            status: snapshot.status,
          },
          at: app.now(),
        });
      }
      return finished;
    });
    // Once stored: each team's deals against the snapshot that counted before, and the warnings (ADR 051).
    if (result.status === "imported") return { ...result, review: await reviewSnapshot(app, organisationId, result.snapshotId) };
    return result;
  } catch (error) {
    if (error instanceof ImportStop) return error.result;
    throw error;
  } finally {
    await hash.close();
  }
}

/**
 * The header line of a CRM file (its first record that is not blank, labels trimmed), read from its first
 * bytes with the import's own decoding (encoding, separator), or null for a file without one: what the
 * command line saves a column mapping for before it imports the file.
 */
export async function readCrmFileHeader(source: AsyncIterable<Uint8Array>): Promise<string[] | null> {
  const decoder = new RecordDecoder("auto");
  const first = (batch: readonly LinedRecord[]) => batch.find((r) => !isBlankRecord(r.values))?.values.map((h) => h.trim());
  try {
    for await (const chunk of source) {
      for (const batch of decoder.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk))) {
        const header = first(batch);
        if (header) return header;
      }
    }
    for (const batch of decoder.end()) {
      const header = first(batch);
      if (header) return header;
    }
  } catch (error) {
    if (error instanceof ImportStop) return null;
    throw error;
  }
  return null;
}

/** What reading the file needs besides its bytes. */
interface LoadContext {
  staging: StagingSession;
  decoder: RecordDecoder;
  options: CrmImportOptions & { organisationId: string; stageEdits: Readonly<Record<string, "open" | "won" | "lost">>; userMap: Map<string, string> | undefined };
}

/**
 * Stages 1–5: reads the file chunk by chunk into the snapshot's table. Each decoded piece's records are
 * loaded, and the COPY flushed when due, before the next piece is read, so a slow database slows the
 * upload instead of filling memory.
 */
async function loadFile(staging: StagingSession, source: AsyncIterable<Uint8Array>, hash: StreamingSha256, options: LoadContext["options"]): Promise<LoadedFile> {
  const context: LoadContext = { staging, decoder: new RecordDecoder(options.encoding), options };
  let data: DataRecords | null = null;
  for await (const chunk of source) {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    hash.update(bytes);
    for (const batch of context.decoder.push(bytes)) data = await loadBatch(context, data, batch);
  }
  for (const batch of context.decoder.end()) data = await loadBatch(context, data, batch);
  if (data === null) throw invalidFile(said("crm.import.empty"));
  const rows = data.end();
  await staging.finishLoading();
  options.onProgress?.({ bytes: context.decoder.bytes, records: data.records });
  return { file: data.file, rows, encoding: context.decoder.encoding, contentSha256: await hash.digest() };
}

/**
 * Loads one batch of records: the first one that is not blank is the header (stage 2), the rest go through
 * stages 3–5 (`data`, returned once the header is read).
 */
async function loadBatch(context: LoadContext, data: DataRecords | null, batch: readonly LinedRecord[]): Promise<DataRecords | null> {
  const { options, decoder } = context;
  for (const record of batch) {
    if (data === null) {
      if (!isBlankRecord(record.values)) data = await readHeader(context, record);
      continue;
    }
    data.push(record);
    if (data.records % PROGRESS_RECORDS === 0) options.onProgress?.({ bytes: decoder.bytes, records: data.records });
  }
  const normalising = data?.normalising;
  if (normalising?.flushDue) {
    normalising.flushDue = false;
    await context.staging.flush();
  }
  return data;
}

/**
 * Stage 2 on the header record, with the mapping saved for such a header, read on the import's own
 * transaction (on PGlite the outer handle would wait for it forever).
 */
async function readHeader({ staging, decoder, options }: LoadContext, record: LinedRecord): Promise<DataRecords> {
  const header = record.values.map((h) => h.trim());
  const saved = await loadColumnMapping(staging.db, options.organisationId, headerKey(header));
  const recognition = recogniseFormat(header, options.format, saved);
  if (!recognition.ok) throw new ImportStop(recognition.refusal);
  const mapping = options.userMap ? ownerThroughUsers(header, recognition.mapping) : recognition.mapping;
  const file = { format: recognition.format, header, mapping, stageMap: stageMapFor(recognition.format, options.stageEdits), users: options.userMap };
  return new DataRecords(file, options.dates, staging, decoder);
}

/**
 * With a users file, the owner is read from the OwnerId column through it, unless the file has an owner
 * email column already: the users file's email matches a person more reliably than an owner's name.
 */
function ownerThroughUsers(header: readonly string[], mapping: ColumnMapping): ColumnMapping {
  const labels = header.map(normalizeHeaderLabel);
  const ownerId = labels.indexOf("ownerid");
  if (ownerId < 0 || (mapping.owner !== undefined && labels[mapping.owner]!.includes("email"))) return mapping;
  return { ...mapping, owner: ownerId };
}
