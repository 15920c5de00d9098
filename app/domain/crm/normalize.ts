/** One export row → one canonical opportunity, or every problem of the row. */
import { parseAmount } from "./amount";
import { parseDate } from "./dates";
import { vendorLabel } from "./formats";
import type {
  CanonicalField,
  ColumnMapping,
  CrmFormat,
  DateOrder,
  DecimalSeparator,
  Opportunity,
  ParseResult,
  RowProblem,
} from "./opportunity";
import { resolveStatus, type StageMap } from "./stages";
import { parseProbability, probabilityScale, textOrNull, type ProbabilityScale } from "./values";

/** Everything decided for the whole file before its rows are read. */
export interface NormalizeContext {
  format: CrmFormat;
  /** The header row as in the file: problems name its labels. */
  header: readonly string[];
  mapping: ColumnMapping;
  /** From `detectDateOrder`, or the user's answer when it was ambiguous. */
  dateOrder: DateOrder;
  /** From `detectDecimalSeparator`; undefined reads each amount on its own. */
  decimal?: DecimalSeparator;
  /** From `stageMapFor`. */
  stageMap: StageMap;
  /** Defaults to the format's scale (`probabilityScale`). */
  probabilityScale?: ProbabilityScale;
  /** Currency symbol overrides for `parseAmount` ("$" → "CAD"). */
  currencyForSymbol?: Record<string, string>;
}

export type NormalizeResult = { ok: true; opportunity: Opportunity } | { ok: false; problems: RowProblem[] };

const CURRENCY_CODE = /^[A-Za-z]{3}$/;

/**
 * The label of the column a field is mapped to, as the file spells it (trimmed, without a byte-order
 * mark), falling back to the vendor's label for an unmapped field.
 */
export function columnLabel(ctx: Pick<NormalizeContext, "format" | "header" | "mapping">, field: CanonicalField): string {
  const index = ctx.mapping[field];
  const label = index === undefined ? undefined : ctx.header[index];
  return label?.replace(/\uFEFF/g, "").trim() || vendorLabel(ctx.format, field) || field;
}

/**
 * Turns one data record into an Opportunity, or collects every problem of the record (each with the
 * column's header label and a reason that reads after "line N, column X: "): an empty ID or owner, an
 * amount, date or probability that does not parse, a currency column that is no ISO code or contradicts
 * the amount's own currency, a stage or status that maps to nothing, a closed deal without a close date.
 * Won and lost deals take their close date from Pipedrive's "Won time" / "Lost time" when present, since
 * the expected close date is only a forecast. A missing cell at the end of a short record reads as empty.
 */
export function normalizeRecord(values: readonly string[], ctx: NormalizeContext): NormalizeResult {
  const problems: RowProblem[] = [];
  const cell = (field: CanonicalField): string | undefined => {
    const index = ctx.mapping[field];
    return index === undefined ? undefined : (values[index] ?? "");
  };
  const report = (field: CanonicalField, reason: string) => problems.push({ column: columnLabel(ctx, field), reason });
  const required = (field: "crmId" | "owner"): string => {
    const text = textOrNull(cell(field));
    if (text === null) report(field, "is empty");
    return text ?? "";
  };
  const valueOf = <T>(field: CanonicalField, result: ParseResult<T>, fallback: T): T => {
    if (result.ok) return result.value;
    report(field, result.reason);
    return fallback;
  };
  const date = (field: CanonicalField) => valueOf(field, parseDate(cell(field) ?? "", ctx.dateOrder), null);

  const crmId = required("crmId");
  const owner = required("owner");

  const status = resolveStatus({ stage: cell("stage"), status: cell("status"), closed: cell("closed"), won: cell("won") }, ctx.stageMap);
  if (!status.ok) report(status.field, status.reason);

  const amount = valueOf("amount", parseAmount(cell("amount") ?? "", { decimal: ctx.decimal, currencyForSymbol: ctx.currencyForSymbol }), {
    amount: null,
    currency: null,
  });
  let currency = amount.currency;
  const currencyCell = textOrNull(cell("currency"));
  if (currencyCell !== null) {
    if (!CURRENCY_CODE.test(currencyCell)) report("currency", "is not a currency code (such as USD or EUR)");
    else if (amount.currency !== null && amount.currency !== currencyCell.toUpperCase()) {
      report("amount", `is in ${amount.currency}, but the ${columnLabel(ctx, "currency")} column says ${currencyCell.toUpperCase()}`);
    } else currency = currencyCell.toUpperCase();
  }

  let closeDate = date("closeDate");
  const createdDate = date("createdDate");
  const lastActivityDate = date("lastActivityDate");
  const wonTime = date("wonTime");
  const lostTime = date("lostTime");
  if (status.ok && status.value === "won" && wonTime !== null) closeDate = wonTime;
  if (status.ok && status.value === "lost" && lostTime !== null) closeDate = lostTime;
  if (status.ok && status.value !== "open" && closeDate === null && problems.every((p) => p.column !== columnLabel(ctx, "closeDate"))) {
    report("closeDate", `is empty, but the deal is ${status.value}`);
  }

  const probability = valueOf("probability", parseProbability(cell("probability") ?? "", ctx.probabilityScale ?? probabilityScale(ctx.format)), null);

  if (problems.length > 0 || !status.ok) return { ok: false, problems };
  return {
    ok: true,
    opportunity: {
      crmId,
      name: textOrNull(cell("name")),
      accountName: textOrNull(cell("accountName")),
      owner,
      // Pipedrive files may lack a stage column; its status ("Won") is then the best stage label there is.
      stage: textOrNull(cell("stage")) ?? textOrNull(cell("status")) ?? "",
      status: status.value,
      amount: amount.amount,
      currency,
      closeDate,
      createdDate,
      forecastCategory: textOrNull(cell("forecastCategory")),
      probability,
      nextStep: textOrNull(cell("nextStep")),
      lastActivityDate,
    },
  };
}
