import { parse } from "csv-parse/sync";

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
 */
export function parseCsvTable(text: string): CsvTable {
  if (text.includes("\u0000")) throw new CsvFormatError("This file is not a CSV text file (it contains binary data).", null);
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? null;
    const reason = (error as { code?: string }).code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted value is never closed" : "the CSV is malformed";
    throw new CsvFormatError(`Line ${lines ?? "?"}: ${reason}.`, lines);
  }
  const nonEmpty = (record: string[]) => record.some((v) => v.trim() !== "");
  let previousEnd = 0;
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  for (const { record, info } of rows) {
    const startLine = previousEnd + 1;
    previousEnd = info.lines;
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
    records.push({ line: startLine, values });
  }
  if (!header) throw new CsvFormatError("The file is empty: it needs a header line and at least one row.", null);
  return { header, records };
}
