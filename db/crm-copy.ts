/**
 * A CRM snapshot's rows as binary COPY data (ADR 018): what an import writes into the snapshot's table. It
 * imports no database client: encoding rows needs none.
 */
import type { Opportunity } from "../app/domain/crm/opportunity";
import { CopyBinaryWriter, numericBytes, pgDays } from "./copy-binary";

/** One row of a CRM file, validated: the canonical opportunity (app/domain/crm/opportunity.ts; README, "CRM data"). */
export type StagedOpportunity = Opportunity;

/** The columns a load writes; snapshot_id and organisation_id come from the table's defaults. */
export const COLUMNS = [
  "crm_id",
  "name",
  "account_name",
  "owner",
  "stage",
  "status",
  "amount",
  "currency",
  "close_date",
  "created_date",
  "forecast_category",
  "probability",
  "next_step",
  "last_activity_date",
  "line",
] as const;

/**
 * Encodes validated rows as binary COPY data in COLUMNS order. Dates and amounts repeat across a file's rows,
 * so their encodings are remembered (bounded).
 */
export class OpportunityCopyEncoder {
  readonly writer = new CopyBinaryWriter();
  private readonly days = new Map<string, number>();
  private readonly numerics = new Map<number, Buffer>();

  add(line: number, r: StagedOpportunity): void {
    const w = this.writer;
    let texts = r.crmId.length + r.owner.length + r.stage.length;
    if (r.name !== null) texts += r.name.length;
    if (r.accountName !== null) texts += r.accountName.length;
    if (r.currency !== null) texts += r.currency.length;
    if (r.forecastCategory !== null) texts += r.forecastCategory.length;
    if (r.nextStep !== null) texts += r.nextStep.length;
    // 15 length words, 3 bytes a UTF-16 unit at most, a status, two numerics of at most 8 + 2 × 5 bytes, 4 ints.
    w.row(COLUMNS.length, COLUMNS.length * 4 + texts * 3 + 4 + 2 * 18 + 4 * 4);
    w.text(r.crmId);
    w.text(r.name);
    w.text(r.accountName);
    w.text(r.owner);
    w.text(r.stage);
    w.bytes(STATUS_BYTES[r.status]);
    w.bytes(r.amount === null ? null : this.numeric(r.amount));
    w.text(r.currency);
    w.date(r.closeDate === null ? null : this.day(r.closeDate));
    w.date(r.createdDate === null ? null : this.day(r.createdDate));
    w.text(r.forecastCategory);
    w.bytes(r.probability === null ? null : this.numeric(r.probability));
    w.text(r.nextStep);
    w.date(r.lastActivityDate === null ? null : this.day(r.lastActivityDate));
    w.int4(line);
  }

  private day(iso: string): number {
    return remembered(this.days, iso, pgDays);
  }

  private numeric(value: number): Buffer {
    return remembered(this.numerics, value, numericBytes);
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
const STATUS_BYTES: Record<StagedOpportunity["status"], Buffer> = { open: Buffer.from("open"), won: Buffer.from("won"), lost: Buffer.from("lost") };
