/**
 * Stage 4 of a CRM import: the records after the header → validated opportunities for the snapshot's
 * table, and the problems of the others with their lines. The footer of a Salesforce report is dropped, and
 * the first records are held until the date order and decimal separator are decided (stage 3).
 */
import { copyOf, LISTED_LIMIT, normalizeHeaderLabel, RowNormalizer, TrailingFooterBuffer, type ColumnMapping, type CrmFormat, type Opportunity, type StageMap } from "~/domain/crm";
import { said } from "~/i18n/said";
import type { CrmWarning } from "~/domain/crm/import-result";
import type { LinedRecord } from "~/domain/csv-stream";
import { ReadingSample, type Reading } from "./decide-reading.server";
import { RowProblems, type CrmImportOptions } from "./outcome.server";

/** Where valid rows go (the snapshot's table: StagingSession); `add` is true when a flush is due. */
export interface RowSink {
  add(line: number, row: Opportunity): boolean;
}

/** The file as recognised from its header (stage 2). */
export interface RecognisedFile {
  format: CrmFormat;
  /** The header's labels, trimmed: problems name them. */
  header: string[];
  mapping: ColumnMapping;
  stageMap: StageMap;
  /** Salesforce user ids → email or name, from the users file given with the import (see readUsersFile). */
  users?: ReadonlyMap<string, string>;
}

/** What reading a file's rows found: how they were read, how many were valid, their problems and owners. */
export interface NormalisedRows {
  reading: Reading;
  validRows: number;
  problems: RowProblems;
  owners: OwnerCounts;
  /** What the admin should check, though it stopped nothing. */
  warnings(): CrmWarning[];
}

/** Past this many distinct owners in one file, they are counted by the database instead. */
const MAX_OWNERS = 20_000;

/**
 * Deals per owner text, counted as rows are read: a file has a few hundred owners. `list` is null when a
 * file has more than MAX_OWNERS (memory stays bounded; the database counts them then).
 */
export class OwnerCounts {
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
 * Normalises data records one by one (RowNormalizer) into the sink, reporting each problem with its line:
 * a NUL character in a cell Candor reads, or what the normaliser finds. Synchronous, so that a million
 * rows cost no million promises: the caller flushes the sink when `flushDue` says so. Notes what the admin
 * should check (`warnings`): stages the Closed/Won flags decided, deals closed before they were created,
 * owner ids.
 */
export class RowNormalising {
  validRows = 0;
  readonly problems = new RowProblems();
  readonly owners = new OwnerCounts();
  /** True once the sink asked to be flushed; the caller resets it. */
  flushDue = false;
  private readonly normalizer: RowNormalizer;
  /** The columns Candor reads: a NUL elsewhere (a description, a custom field) is no concern of the import. */
  private readonly usedColumns: number[];
  private readonly closedBeforeCreated = { count: 0, lines: [] as number[] };

  constructor(
    private readonly file: RecognisedFile,
    readonly reading: Reading,
    private readonly sink: RowSink,
    /** Whether any record may hold a NUL character (see RecordDecoder.nulSeen): until then none is searched. */
    private readonly nulPossible: { readonly nulSeen: boolean },
  ) {
    this.normalizer = new RowNormalizer({ ...file, dateOrder: reading.dateOrder, decimal: reading.decimal });
    this.usedColumns = [...new Set(Object.values(file.mapping))];
  }

  take(record: LinedRecord): void {
    if (this.nulPossible.nulSeen && this.usedColumns.some((i) => record.values[i]?.includes("\u0000"))) {
      this.problems.report({ line: record.line, column: null, reason: said("crm.problem.binary") });
      return;
    }
    const result = this.normalizer.normalize(record.values);
    if (!result.ok) {
      for (const p of result.problems) this.problems.report({ line: record.line, column: p.column, reason: p.reason });
      return;
    }
    this.validRows++;
    const deal = result.opportunity;
    this.owners.add(deal.owner);
    if (deal.closeDate !== null && deal.createdDate !== null && deal.closeDate < deal.createdDate) {
      if (this.closedBeforeCreated.count++ < LISTED_LIMIT) this.closedBeforeCreated.lines.push(record.line);
    }
    if (this.sink.add(record.line, deal)) this.flushDue = true;
  }

  warnings(): CrmWarning[] {
    const warnings: CrmWarning[] = [];
    const stages = [...this.normalizer.stagesDecidedByFlags.values()];
    if (stages.length > 0) {
      warnings.push({
        kind: "stages-decided-by-flags",
        message: said("crm.warning.stagesByFlags", { count: stages.length, stages: stages.join(", ") }),
        items: stages,
        lines: [],
        count: stages.length,
      });
    }
    const early = this.closedBeforeCreated;
    if (early.count > 0) {
      warnings.push({
        kind: "closed-before-created",
        message: said("crm.warning.closedBeforeCreated", { count: early.count, lines: `${early.lines.join(", ")}${early.count > early.lines.length ? ", …" : ""}` }),
        items: [],
        lines: [...early.lines],
        count: early.count,
      });
    }
    const unknown = [...this.normalizer.unknownUserIds];
    if (unknown.length > 0) {
      warnings.push({
        kind: "owner-ids-not-in-users-file",
        message: said("crm.warning.idsNotInUsers", { count: unknown.length, ids: unknown.join(", ") }),
        items: unknown,
        lines: [],
        count: unknown.length,
      });
    }
    const ownerColumn = this.file.mapping.owner;
    if (this.file.users === undefined && ownerColumn !== undefined && normalizeHeaderLabel(this.file.header[ownerColumn] ?? "") === "ownerid") {
      const ids = (this.owners.list() ?? []).map((o) => o.owner);
      warnings.push({
        kind: "owner-ids-without-users-file",
        message: said("crm.warning.idsWithoutUsers"),
        items: ids.slice(0, LISTED_LIMIT),
        lines: [],
        count: ids.length,
      });
    }
    return warnings;
  }
}

/**
 * The records after the header, in file order: a trailing footer held back and dropped
 * (TrailingFooterBuffer), the first ones held until the reading is decided (ReadingSample), then each
 * normalised (RowNormalising). `normalising` is null until the reading is decided.
 */
export class DataRecords {
  /** Records taken (blank ones and the footer included): the progress count. */
  records = 0;
  normalising: RowNormalising | null = null;
  private readonly footer = new TrailingFooterBuffer<LinedRecord>((r) => r.values);
  private readonly sample: ReadingSample;

  constructor(
    readonly file: RecognisedFile,
    dates: CrmImportOptions["dates"],
    private readonly sink: RowSink,
    private readonly nulPossible: { readonly nulSeen: boolean },
  ) {
    this.sample = new ReadingSample(file.mapping, dates);
  }

  push(record: LinedRecord): void {
    this.records++;
    const normalising = this.normalising;
    // The common case, checked first: the reading is decided, nothing is held, and the record is data.
    if (normalising !== null && this.footer.passes(record)) return normalising.take(record);
    for (const released of this.footer.push(record)) {
      if (this.normalising !== null) this.normalising.take(released);
      else {
        const reading = this.sample.add(released);
        if (reading) this.start(reading);
      }
    }
  }

  /** Ends the file: the footer dropped, the held records read, and what was found. */
  end(): NormalisedRows {
    const normalising = this.normalising;
    if (normalising !== null) {
      for (const record of this.footer.end().data) normalising.take(record);
      return normalising;
    }
    for (const record of this.footer.end().data) this.sample.hold(record);
    return this.start(this.sample.finish());
  }

  private start(reading: Reading): RowNormalising {
    const normalising = new RowNormalising(this.file, reading, this.sink, this.nulPossible);
    this.normalising = normalising;
    for (const record of this.sample.takeHeld()) normalising.take(record);
    return normalising;
  }
}
