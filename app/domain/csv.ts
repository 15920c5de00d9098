import { CsvStreamError, CsvStreamReader, type LinedRecord } from "./csv-stream";

export interface CsvRecord {
  /** The file line the record starts on (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

/**
 * Parses a small CSV file held in memory (rosters, history): BOM, CRLF, quoted fields with commas,
 * quotes and newlines. Blank lines are skipped but counted, so every record knows its starting line.
 * Header names are trimmed and lower-cased. Throws CsvFormatError with a line number for broken quoting.
 * Reads with the same reader as CRM imports, which counts a CRLF inside a quoted value as one line
 * (csv-parse counted it as two, and put an unclosed quote at the end of the file).
 */
export function parseCsvTable(text: string): CsvTable {
  if (text.includes("\u0000")) throw new CsvFormatError("This file is not a CSV text file (it contains binary data).", null);
  const reader = new CsvStreamReader();
  let rows: LinedRecord[];
  try {
    rows = [...reader.push(text), ...reader.end()];
  } catch (error) {
    if (error instanceof CsvStreamError) throw new CsvFormatError(`Line ${error.line}: a quoted value is never closed.`, error.line);
    throw error;
  }
  const nonEmpty = (record: string[]) => record.some((v) => v.trim() !== "");
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  for (const { line, values: record } of rows) {
    if (!nonEmpty(record)) continue;
    if (!header) {
      header = record.map((h) => h.trim().toLowerCase());
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      values[name] = (record[i] ?? "").trim();
    });
    if (record.length > header.length && record.slice(header.length).some((v) => v.trim() !== "")) {
      values.__extra = record.slice(header.length).join(",");
    }
    records.push({ line, values });
  }
  if (!header) throw new CsvFormatError("The file is empty: it needs a header line and at least one row.", null);
  return { header, records };
}
