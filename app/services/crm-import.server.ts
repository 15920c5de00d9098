import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import type { DB } from "#db/schema";
import {
  applyManualMapping,
  copyOf,
  createChunkDecoder,
  detectDateOrder,
  detectDecimalSeparator,
  detectFormat,
  formatName,
  isBlankRecord,
  missingColumnMessage,
  normalizeHeaderLabel,
  RowNormalizer,
  sniffEncoding,
  stageMapFor,
  TrailingFooterBuffer,
  type CanonicalField,
  type ColumnMapping,
  type CrmFormat,
  type DateOrder,
  type DecimalSeparator,
  type NormalizeContext,
} from "~/domain/crm";
import { CsvStreamError, CsvStreamReader, type LinedRecord } from "~/domain/csv-stream";
import { cleanFileName } from "~/domain/file-name";
import { StreamingSha256 } from "~/utils/content-hash.server";
import { dateInZone } from "~/domain/organisation-settings";
import { withCrmStaging } from "#db/crm-staging";
import { findOrganisationById } from "#db/queries/organisations";
import { findSnapshotByHash, insertSnapshot, listStageEdits, ownersOfSnapshot, loadColumnMapping, unmatchedOwners } from "#db/queries/crm";

export interface CrmImportOptions {
  format: "auto" | CrmFormat;
  /** The snapshot's date; defaults to the upload day in the organisation's time zone. */
  asOf?: string | null;
  encoding: "auto" | "utf-8" | "windows-1252";
  dates: "auto" | "us" | "eu";
  /** Import the valid rows of a file with bad ones (the bad ones are listed and recorded). */
  importValidRows: boolean;
  fileName: string;
  importedBy?: string | null;
  /** Called as the file streams in: bytes read and records processed so far. */
  onProgress?: (progress: { bytes: number; records: number }) => void;
}

export interface CrmProblem {
  line: number | null;
  column: string | null;
  reason: string;
}

export type CrmImportResult =
  | {
      status: "imported";
      snapshotId: string;
      asOf: string;
      format: CrmFormat;
      encoding: string;
      rows: number;
      skipped: CrmProblem[];
      skippedCount: number;
      unmatchedOwners: Array<{ owner: string; deals: number }>;
    }
  | { status: "unchanged"; snapshotId: string; asOf: string; message: string }
  | { status: "needs-mapping"; message: string; header: string[]; samples: string[][] }
  | { status: "needs-date-order"; message: string; samples: string[] }
  | { status: "rejected"; message: string; problems: CrmProblem[]; problemCount: number; validRows: number }
  | { status: "invalid-file"; message: string };

/** How many bad rows are listed; the rest are counted. */
const PROBLEMS_LISTED = 1000;
/**
 * The most bytes decoded into one string. V8 keeps a string of more than 128 KiB (64 Ki two-byte
 * characters) in its large-object space, which is slow to allocate and free; 32 KiB of UTF-8 stays
 * under that whatever the characters.
 */
const DECODE_BYTES = 32 * 1024;
/** Records held back while the date order and decimal separator are decided from the values. */
const SAMPLE_RECORDS = 5000;

class ImportStop extends Error {
  constructor(readonly result: CrmImportResult) {
    super(result.status);
  }
}

/** A stable key for a header, to remember a generic file's column mapping for the next upload. */
export function headerKey(header: readonly string[]): string {
  return crypto.createHash("sha256").update(header.map(normalizeHeaderLabel).join("\u0001")).digest("hex").slice(0, 32);
}

/**
 * Imports a CRM export as one snapshot, streaming: memory stays bounded whatever the file size. The
 * bytes are decoded (UTF-8 with or without BOM, or Windows-1252), parsed as CSV (quoted newlines, CRLF,
 * a Salesforce footer dropped), recognised (Salesforce, HubSpot, Pipedrive, or a saved mapping), and
 * every row validated into a staging table inside one transaction. Nothing is kept unless the whole file
 * is valid, or the admin chose to import the valid rows. Re-importing the same file changes nothing.
 */
export async function importCrmFile(app: AppContext, organisationId: string, source: AsyncIterable<Uint8Array>, options: CrmImportOptions): Promise<CrmImportResult> {
  const org = await findOrganisationById(app.db, organisationId);
  if (!org) throw new Error("organisation missing");
  const asOf = options.asOf ?? dateInZone(app.now(), org.timezone);
  const stageEdits = await listStageEdits(app.db, organisationId);
  const snapshotId = crypto.randomUUID();
  // The file's SHA-256 (re-uploading the same file changes nothing), hashed beside the parsing.
  const hash = new StreamingSha256();
  try {
    return await withCrmStaging(app.database, { snapshotId, organisationId }, async (staging) => {
      let bytes = 0;
      let encodingUsed = options.encoding === "auto" ? null : options.encoding;
      let header: string[] | null = null;
      let ctx: NormalizeContext | null = null;
      let normalizer: RowNormalizer | null = null;
      let format: CrmFormat = "generic";
      const held: LinedRecord[] = [];
      const footer = new TrailingFooterBuffer<LinedRecord>((r) => r.values);
      const owners = new OwnerCounts();
      const problems: CrmProblem[] = [];
      let problemCount = 0;
      let validRows = 0;
      let records = 0;
      let flushNeeded = false;
      // Whether any bytes read so far hold a NUL: until then no record can, and none is searched for one.
      let nulSeen = false;

      const report = (problem: CrmProblem) => {
        problemCount++;
        if (problems.length < PROBLEMS_LISTED) problems.push(problem);
      };
      // Synchronous, so that a million rows cost no million promises; the caller awaits `flush` when due.
      const stage = (record: LinedRecord) => {
        if (nulSeen && record.values.some((v) => v.includes("\u0000"))) {
          report({ line: record.line, column: null, reason: "contains binary data (a NUL character)" });
          return;
        }
        const result = normalizer!.normalize(record.values);
        if (!result.ok) {
          for (const p of result.problems) report({ line: record.line, column: p.column, reason: p.reason });
          return;
        }
        validRows++;
        owners.add(result.opportunity.owner);
        if (staging.add(record.line, result.opportunity)) flushNeeded = true;
      };
      const decide = (final: boolean) => {
        // Date order and decimal separator, from the values held so far.
        const dateFields: CanonicalField[] = ["closeDate", "createdDate", "lastActivityDate", "wonTime", "lostTime"];
        const dateSamples = held.flatMap((r) => dateFields.map((f) => (ctx!.mapping[f] === undefined ? "" : (r.values[ctx!.mapping[f]!] ?? ""))).filter(Boolean));
        let order: DateOrder | null = options.dates === "us" ? "mdy" : options.dates === "eu" ? "dmy" : null;
        if (!order) {
          const detected = detectDateOrder(dateSamples);
          if (detected === "mdy" || detected === "dmy") order = detected;
          else if (detected === "iso") order = "mdy";
          else if (detected === "conflicting") {
            throw new ImportStop({
              status: "invalid-file",
              message: "The dates in this file are written both month-first and day-first. Choose US or European dates and upload it again.",
            });
          } else if (!final && held.length < SAMPLE_RECORDS) return false;
          else {
            throw new ImportStop({
              status: "needs-date-order",
              message: "Every date in this file could be read month-first or day-first (such as 3/4/2026). Say which it is and upload it again.",
              samples: [...new Set(dateSamples)].slice(0, 8),
            });
          }
        }
        const amountSamples = held.map((r) => (ctx!.mapping.amount === undefined ? "" : (r.values[ctx!.mapping.amount] ?? ""))).filter(Boolean);
        const decimal = detectDecimalSeparator(amountSamples);
        ctx = { ...ctx!, dateOrder: order, decimal: decimal === "." || decimal === "," ? (decimal as DecimalSeparator) : undefined };
        normalizer = new RowNormalizer(ctx);
        for (const record of held.splice(0)) stage(record);
        return true;
      };
      let decided = false;

      const onHeader = async (record: LinedRecord) => {
        header = record.values.map((h) => h.trim());
        const setup = await setUpFormat(staging.db, organisationId, header, options.format);
        if ("stop" in setup) throw new ImportStop(setup.stop);
        format = setup.format;
        ctx = { format, header, mapping: setup.mapping, dateOrder: "mdy", stageMap: stageMapFor(format, stageEdits) };
      };
      const onRecord = (record: LinedRecord) => {
        records++;
        if (decided && footer.passes(record)) stage(record);
        else
          for (const released of footer.push(record)) {
            if (decided) stage(released);
            else {
              held.push(released);
              decided = decide(false);
            }
          }
        if (records % 5000 === 0) options.onProgress?.({ bytes, records });
      };

      // Bytes → text → records, one chunk at a time: the loop awaits the loading of each chunk's records
      // before reading on, so a slow database slows the upload instead of filling memory. The first 64 KiB
      // are held back to decide the encoding (a Windows-1252 file often starts with plain ASCII).
      const reader = new CsvStreamReader();
      const SNIFF_BYTES = 65536;
      let decode: ((chunk: Uint8Array, last?: boolean) => string) | null = null;
      let head: Uint8Array[] = [];
      let headBytes = 0;
      const take = async (completed: LinedRecord[]) => {
        for (const record of completed) {
          if (header) onRecord(record);
          else if (!isBlankRecord(record.values)) await onHeader(record);
        }
        if (flushNeeded) {
          flushNeeded = false;
          await staging.flush();
        }
      };
      const feed = async (chunk: Uint8Array, last = false) => {
        // Decoded in pieces of at most DECODE_BYTES: a longer text is a "large object" to V8, and making
        // one per chunk cost 7 times as much as the decoding itself (1 s of a million-row import).
        for (let start = 0; start < chunk.length || (start === 0 && last); start += DECODE_BYTES) {
          const end = Math.min(chunk.length, start + DECODE_BYTES);
          let text: string;
          try {
            text = decode!(chunk.subarray(start, end), last && end === chunk.length);
          } catch {
            throw new ImportStop({
              status: "invalid-file",
              message: "The file is not valid UTF-8 past its beginning. Upload it again choosing the Windows-1252 encoding.",
            });
          }
          await take(reader.push(text));
        }
      };
      const release = async (wholeFile: boolean) => {
        const joined = Buffer.concat(head, headBytes);
        head = [];
        encodingUsed ??= sniffEncoding(joined.subarray(0, SNIFF_BYTES), wholeFile);
        decode = createChunkDecoder(encodingUsed);
        await feed(joined);
      };
      try {
        for await (const chunk of source) {
          const bytesChunk = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
          if (bytes === 0 && bytesChunk.subarray(0, 4096).includes(0)) {
            throw new ImportStop({ status: "invalid-file", message: "This file is not a CSV text file (it contains binary data). Export the report as CSV and upload that." });
          }
          hash.update(bytesChunk);
          // A NUL byte is a NUL character in both encodings read; searched in bytes (memchr), not in text.
          if (!nulSeen && Buffer.from(bytesChunk.buffer, bytesChunk.byteOffset, bytesChunk.byteLength).includes(0)) nulSeen = true;
          bytes += bytesChunk.length;
          if (decode) {
            await feed(bytesChunk);
            continue;
          }
          head.push(bytesChunk);
          headBytes += bytesChunk.length;
          if (headBytes >= SNIFF_BYTES) await release(false);
        }
        if (!decode) await release(true);
        await feed(new Uint8Array(0), true);
        await take(reader.end());
      } catch (error) {
        if (error instanceof CsvStreamError) {
          throw new ImportStop({ status: "invalid-file", message: `Line ${error.line}: a quoted value is never closed. Is this a CSV export?` });
        }
        throw error;
      }
      if (!header || !ctx) throw new ImportStop({ status: "invalid-file", message: "The file is empty: it needs a header line and at least one deal." });
      for (const released of footer.end().data) held.push(released);
      if (!decided) decide(true);
      else for (const record of held.splice(0)) stage(record);
      await staging.finishLoading();
      options.onProgress?.({ bytes, records });

      const contentSha256 = await hash.digest();
      if (validRows === 0) {
        return {
          commit: false,
          value: {
            status: "rejected",
            message: problemCount ? "Nothing can be imported: every row has a problem." : "The file has a header but no deals.",
            problems,
            problemCount,
            validRows,
          } as CrmImportResult,
        };
      }
      // The same id twice: the primary key finds it; the later rows are the bad ones.
      let keyed = await staging.key();
      if (!keyed) {
        const duplicates = await staging.findDuplicates(PROBLEMS_LISTED);
        const { header: labels, mapping } = ctx as NormalizeContext;
        const column = labels[mapping.crmId!] ?? "ID";
        for (const d of duplicates.listed) problems.push({ line: d.line, column, reason: `${d.crmId} is already on line ${d.firstLine}` });
        problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        problems.splice(PROBLEMS_LISTED);
        problemCount += duplicates.count;
        validRows -= duplicates.count;
        for (const o of duplicates.byOwner) owners.remove(o.owner, o.rows);
        if (options.importValidRows) {
          await staging.dropDuplicates();
          keyed = await staging.key();
          if (!keyed) throw new Error("a CRM id is still on two rows after the later ones were dropped");
        }
      }
      if (problemCount > 0 && !options.importValidRows) {
        return {
          commit: false,
          value: {
            status: "rejected",
            message: `Nothing was imported: ${problemCount} problem${problemCount === 1 ? "" : "s"} in the file. Fix them and upload again, or choose to import the ${validRows} valid rows.`,
            problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
            problemCount,
            validRows,
          } as CrmImportResult,
        };
      }
      await staging.takeTurn();
      const existing = await findSnapshotByHash(staging.db, organisationId, contentSha256);
      if (existing) {
        return {
          commit: false,
          value: {
            status: "unchanged",
            snapshotId: existing.id,
            asOf: existing.asOf,
            message: `This file was already imported as the snapshot of ${existing.asOf}; nothing changed.`,
          } as CrmImportResult,
        };
      }
      await insertSnapshot(staging.db, {
        id: snapshotId,
        organisationId,
        source: format,
        fileName: cleanFileName(options.fileName),
        contentSha256,
        asOf,
        encoding: encodingUsed ?? "utf-8",
        dateOrder: ctx.dateOrder,
        importedBy: options.importedBy ?? null,
        skippedRows: problems,
        rowCount: validRows,
      });
      await staging.attach();
      const unmatched = await unmatchedOwners(staging.db, organisationId, owners.list() ?? (await ownersOfSnapshot(staging.db, snapshotId)));
      return {
        commit: true,
        value: {
          status: "imported",
          snapshotId,
          asOf,
          format,
          encoding: encodingUsed ?? "utf-8",
          rows: validRows,
          skipped: problems,
          skippedCount: problemCount,
          unmatchedOwners: unmatched,
        } as CrmImportResult,
      };
    });
  } catch (error) {
    if (error instanceof ImportStop) return error.result;
    throw error;
  } finally {
    await hash.close();
  }
}

/** Past this many distinct owners in one file, they are counted by the database instead. */
const MAX_OWNERS = 20_000;

/**
 * Deals per owner text, counted as rows are read: a file has a few hundred owners. `list` is null when a
 * file has more than MAX_OWNERS (memory stays bounded; the database counts them then).
 */
class OwnerCounts {
  private readonly counts = new Map<string, { deals: number }>();
  private overflow = false;

  add(owner: string): void {
    const count = this.counts.get(owner);
    if (count !== undefined) count.deals++;
    else if (this.overflow) return;
    else if (this.counts.size >= MAX_OWNERS) {
      this.overflow = true;
      this.counts.clear();
    } else {
      this.counts.set(copyOf(owner), { deals: 1 });
    }
  }

  remove(owner: string, rows: number): void {
    const count = this.counts.get(owner);
    if (count === undefined) return;
    count.deals -= rows;
    if (count.deals <= 0) this.counts.delete(owner);
  }

  list(): Array<{ owner: string; deals: number }> | null {
    if (this.overflow) return null;
    return [...this.counts].map(([owner, { deals }]) => ({ owner, deals }));
  }
}

/**
 * The format and column mapping of a file, from its header: recognised, forced, or remembered. Runs on the
 * import's own transaction (`db`): on PGlite the outer handle would wait for it forever.
 */
async function setUpFormat(
  db: Kysely<DB>,
  organisationId: string,
  header: string[],
  requested: CrmImportOptions["format"],
): Promise<{ format: CrmFormat; mapping: ColumnMapping } | { stop: CrmImportResult }> {
  const detected = detectFormat(header);
  const saved = await loadColumnMapping(db, organisationId, headerKey(header));
  if (requested === "generic" || (!detected && requested === "auto") || (detected?.format === "generic" && saved)) {
    if (!saved) {
      return {
        stop: {
          status: "needs-mapping",
          message: "Candor does not recognise this file's columns. Choose which column holds each field; the choice is remembered for the next upload of a file like it.",
          header,
          samples: [],
        },
      };
    }
    const mapped = applyManualMapping(header, saved);
    if (!mapped.ok) return { stop: { status: "invalid-file", message: mapped.problems.join(" ") } };
    return { format: "generic", mapping: mapped.mapping };
  }
  if (!detected) {
    return {
      stop: { status: "invalid-file", message: `The header does not look like a ${formatName(requested as CrmFormat)} export. Choose the format "Automatic" or "Other CSV".` },
    };
  }
  if (requested !== "auto" && detected.format !== requested) {
    return { stop: { status: "invalid-file", message: `This looks like a ${formatName(detected.format)} export, not ${formatName(requested as CrmFormat)}. Choose "Automatic".` } };
  }
  if (detected.missing.length > 0) return { stop: { status: "invalid-file", message: missingColumnMessage(detected.format, detected.missing[0]!) } };
  return { format: detected.format, mapping: detected.mapping };
}
