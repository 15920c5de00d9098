/**
 * Stage 3 of a CRM import: how to read the file's dates and amounts, decided from its first records.
 */
import { detectDateOrder, detectDecimalSeparator, type CanonicalField, type ColumnMapping, type DateOrder, type DecimalSeparator } from "~/domain/crm";
import { said } from "~/i18n/said";
import type { LinedRecord } from "~/domain/csv-stream";
import { ImportStop, type CrmImportOptions } from "./outcome.server";

/** Records held back at most while the date order is undecided. */
export const SAMPLE_RECORDS = 5000;

/** The date order and decimal separator a file's rows are read with. */
export interface Reading {
  dateOrder: DateOrder;
  /** Undefined reads each amount on its own. */
  decimal: DecimalSeparator | undefined;
}

const DATE_FIELDS: readonly CanonicalField[] = ["closeDate", "createdDate", "lastActivityDate", "wonTime", "lostTime"];

/** What the dates seen so far say about their order (see detectDateOrder): the evidence of each, or-ed. */
interface DateOrderEvidence {
  dayFirst: boolean;
  monthFirst: boolean;
  numeric: boolean;
}

const NO_EVIDENCE: DateOrderEvidence = { dayFirst: false, monthFirst: false, numeric: false };

function evidenceOf(samples: readonly string[]): DateOrderEvidence {
  const found = detectDateOrder(samples);
  return { dayFirst: found === "dmy" || found === "conflicting", monthFirst: found === "mdy" || found === "conflicting", numeric: found !== "iso" };
}

/**
 * The file's first data records, held until their dates tell day-first from month-first (or the user said
 * which: `dates`), then the decimal separator decided from their amounts. `add` holds a record and returns
 * the reading as soon as it is decided; the caller then takes the held records with `takeHeld` and reads
 * the rest of the file without holding them. Throws ImportStop when the dates are written both ways
 * ("invalid-file"), or stay ambiguous over SAMPLE_RECORDS records or the whole file ("needs-date-order").
 */
export class ReadingSample {
  private held: LinedRecord[] = [];
  private readonly dateSamples: string[] = [];
  private evidence = NO_EVIDENCE;
  private readonly forcedOrder: DateOrder | null;

  constructor(
    private readonly mapping: ColumnMapping,
    dates: CrmImportOptions["dates"],
  ) {
    this.forcedOrder = dates === "us" ? "mdy" : dates === "eu" ? "dmy" : null;
  }

  /** Holds a record, and decides if it can: the reading, or null while it cannot yet. */
  add(record: LinedRecord): Reading | null {
    this.hold(record);
    return this.decide(false);
  }

  /** Holds a record without deciding (the records released at the end of the file). */
  hold(record: LinedRecord): void {
    this.held.push(record);
    if (this.forcedOrder) return;
    const samples: string[] = [];
    for (const field of DATE_FIELDS) {
      const index = this.mapping[field];
      const value = index === undefined ? "" : (record.values[index] ?? "");
      if (value) samples.push(value);
    }
    if (samples.length === 0) return;
    this.dateSamples.push(...samples);
    const found = evidenceOf(samples);
    const seen = this.evidence;
    this.evidence = { dayFirst: seen.dayFirst || found.dayFirst, monthFirst: seen.monthFirst || found.monthFirst, numeric: seen.numeric || found.numeric };
  }

  /** At the end of the file: the reading, from whatever was held. */
  finish(): Reading {
    const reading = this.decide(true);
    if (!reading) throw new Error("a final decision is always made");
    return reading;
  }

  /** The records held so far, in file order; holding starts again empty. */
  takeHeld(): LinedRecord[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  private decide(final: boolean): Reading | null {
    const dateOrder = this.forcedOrder ?? this.detectedOrder(final);
    if (dateOrder === null) return null;
    const index = this.mapping.amount;
    const amounts = index === undefined ? [] : this.held.map((r) => r.values[index] ?? "").filter(Boolean);
    const decimal = detectDecimalSeparator(amounts);
    return { dateOrder, decimal: decimal === "." || decimal === "," ? decimal : undefined };
  }

  private detectedOrder(final: boolean): DateOrder | null {
    const { dayFirst, monthFirst, numeric } = this.evidence;
    if (dayFirst && monthFirst) {
      throw new ImportStop({
        status: "invalid-file",
        message: said("crm.import.mixedDates"),
      });
    }
    if (dayFirst) return "dmy";
    // Month-first, or only ISO dates (or none), which read the same either way.
    if (monthFirst || !numeric) return "mdy";
    if (!final && this.held.length < SAMPLE_RECORDS) return null;
    throw new ImportStop({
      status: "needs-date-order",
      message: said("crm.import.ambiguousDates"),
      samples: [...new Set(this.dateSamples)].slice(0, 8),
    });
  }
}
