/**
 * A CRM snapshot's rows as binary COPY data (ADR 018): what an import writes into the snapshot's table, in
 * the columns and order of OPPORTUNITY_COLUMNS (db/crm-columns.ts). It imports no database client:
 * encoding rows needs none.
 */
import { CopyBinaryWriter, numericBytes, pgDays } from "./copy-binary";
import { OPPORTUNITY_COLUMNS, type StagedOpportunity } from "./crm-columns";

export type { StagedOpportunity };

/**
 * Encodes validated rows as binary COPY data, column by column as OPPORTUNITY_COLUMNS says. Dates and
 * amounts repeat across a file's rows, so their encodings are remembered (bounded).
 */
export class OpportunityCopyEncoder {
  readonly writer = new CopyBinaryWriter();
  private readonly days = new Map<string, number>();
  private readonly numerics = new Map<number, Buffer>();

  add(line: number, row: StagedOpportunity): void {
    const w = this.writer;
    w.row(OPPORTUNITY_COLUMNS.length);
    for (const column of OPPORTUNITY_COLUMNS) {
      switch (column.encoding) {
        case "text":
          w.text(column.value(row, line));
          break;
        case "numeric": {
          const value = column.value(row, line);
          w.bytes(value === null ? null : remembered(this.numerics, value, numericBytes));
          break;
        }
        case "date": {
          const value = column.value(row, line);
          w.date(value === null ? null : remembered(this.days, value, pgDays));
          break;
        }
        case "int4":
          w.int4(column.value(row, line));
          break;
      }
    }
  }
}

/** `make(key)`, remembered in `memo` while it holds fewer than MEMO_LIMIT keys. */
function remembered<K, V>(memo: Map<K, V>, key: K, make: (key: K) => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = make(key);
    if (memo.size < MEMO_LIMIT) memo.set(key, value);
  }
  return value;
}

const MEMO_LIMIT = 20_000;
