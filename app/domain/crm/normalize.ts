/** One export row → one canonical opportunity, or every problem of the row. */
import { parseAmount } from "./amount";
import { said } from "~/i18n/said";
import { parseDate } from "./dates";
import { emptyFlagMeansNo, vendorLabel } from "./formats";
import type { CanonicalField, ColumnMapping, CrmFormat, DateOrder, DecimalSeparator, Opportunity, ParseResult, RowProblem } from "./opportunity";
import { normalizeStageLabel, resolveStatus, type StageMap, type StatusResult } from "./stages";
import { parseBoolean, parseProbability, probabilityScale, textOrNull, type ProbabilityScale } from "./values";

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
  /**
   * Salesforce user ids (their first 15 characters) → the user's email, or name when there is none: an
   * owner cell holding such an id ("005…", from OwnerId) is read as that email (see readUsersFile).
   */
  users?: ReadonlyMap<string, string>;
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
 * For the rows of a whole file, use one `RowNormalizer` (it remembers what repeated cells parse to).
 */
export function normalizeRecord(values: readonly string[], ctx: NormalizeContext): NormalizeResult {
  return new RowNormalizer(ctx).normalize(values);
}

/** How many distinct cell texts a RowNormalizer remembers per kind of value. */
const MEMO_LIMIT = 20_000;

/**
 * A parser's results by cell text. The columns of a CRM export repeat their values (a few hundred dates,
 * a dozen stages, round amounts), and parsing them again for each of a million rows is most of the work.
 * Bounded: past MEMO_LIMIT texts the rest are parsed each time.
 */
class Memo<T> {
  private readonly results = new Map<string, T>();

  constructor(private readonly parse: (text: string) => T) {}

  get(text: string): T {
    let result = this.results.get(text);
    if (result === undefined) {
      result = this.parse(text);
      if (this.results.size < MEMO_LIMIT) this.results.set(copyOf(text)!, result);
    }
    return result;
  }
}

/**
 * A copy of a string, for keeping it: a string cut from a file's text keeps the whole chunk it was cut from
 * alive, and a million kept cuts would keep the whole file in memory.
 */
export function copyOf<T extends string | undefined>(text: T): T {
  return (text === undefined ? text : (" " + text).slice(1)) as T;
}

/** How many stages or owner ids a warning lists at most. */
export const LISTED_LIMIT = 50;

/** A Salesforce user id: "005" and 12 or 15 more letters and digits. */
const SALESFORCE_USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const EMAIL_WITH_NOTE = /^(\S+@[^\s()]+)\s*\([^()]*\)$/;
const NAME_WITH_EMAIL = /^[^<>]*<(\S+@[^\s<>]+)>$/;

/**
 * The email in an owner cell that adds a note to it, as CRMs write deactivated users: "x@y.com
 * (Deactivated User)" and "Pat Lee <pat@y.com>" give the email; any other text stays as it is.
 *
 * @example ownerEmail("pat@x.example (Deactivated User)") // "pat@x.example"
 */
export function ownerEmail(text: string): string {
  return EMAIL_WITH_NOTE.exec(text)?.[1] ?? NAME_WITH_EMAIL.exec(text)?.[1] ?? text;
}

const cellAt = (values: readonly string[], index: number | undefined): string | undefined => (index === undefined ? undefined : (values[index] ?? ""));

/** `normalizeRecord` for every row of one file: the same rules, with parsed cells remembered. */
export class RowNormalizer {
  private readonly dates: Memo<ParseResult<string | null>>;
  private readonly amounts: Memo<ParseResult<{ amount: number | null; currency: string | null }>>;
  private readonly probabilities: Memo<ParseResult<number | null>>;
  private readonly statuses = new Map<string | undefined, Map<string | undefined, Map<string | undefined, Map<string | undefined, StatusResult>>>>();
  private statusCount = 0;
  /** An empty Closed/Won cell means "no" (API fields: see emptyFlagMeansNo). */
  private readonly emptyFlagIsNo: boolean;
  /** A HubSpot file with "Is Deal Closed?" but no "Is Closed Won": a closed deal's probability (1 or 0) says won or lost. */
  private readonly wonFromProbability: boolean;
  /**
   * Stages the stage map lacks on rows whose Closed/Won flags decided the status (normalised label → the
   * first spelling seen), for the admin to check: at most LISTED_LIMIT.
   */
  readonly stagesDecidedByFlags = new Map<string, string>();
  /** Owner cells that look like Salesforce user ids but are not in `users` (at most LISTED_LIMIT). */
  readonly unknownUserIds = new Set<string>();

  constructor(private readonly ctx: NormalizeContext) {
    const { dateOrder, decimal, currencyForSymbol } = ctx;
    const scale = ctx.probabilityScale ?? probabilityScale(ctx.format);
    this.dates = new Memo((text) => parseDate(text, dateOrder));
    this.amounts = new Memo((text) => parseAmount(text, { decimal, currencyForSymbol }));
    this.probabilities = new Memo((text) => parseProbability(text, scale));
    this.emptyFlagIsNo = emptyFlagMeansNo(ctx.header, ctx.mapping);
    this.wonFromProbability = ctx.format === "hubspot" && ctx.mapping.closed !== undefined && ctx.mapping.won === undefined && ctx.mapping.probability !== undefined;
  }

  normalize(values: readonly string[]): NormalizeResult {
    const ctx = this.ctx;
    const m = ctx.mapping;
    const problems: RowProblem[] = [];

    const crmId = textOrNull(cellAt(values, m.crmId));
    if (crmId === null) this.report(problems, "crmId", said("crm.problem.empty"));
    const owner = this.owner(cellAt(values, m.owner));
    if (owner === null) this.report(problems, "owner", said("crm.problem.empty"));

    const stageCell = cellAt(values, m.stage);
    const status = this.status(stageCell, cellAt(values, m.status), this.flag(cellAt(values, m.closed)), this.wonCell(values));
    if (!status.ok) this.report(problems, status.field, status.reason);

    const amountResult = this.amounts.get(cellAt(values, m.amount) ?? "");
    let amount: number | null = null;
    let currency: string | null = null;
    if (amountResult.ok) ({ amount, currency } = amountResult.value);
    else this.report(problems, "amount", amountResult.reason);
    const currencyCell = textOrNull(cellAt(values, m.currency));
    if (currencyCell !== null) {
      if (!CURRENCY_CODE.test(currencyCell)) this.report(problems, "currency", said("crm.problem.notCurrencyCode"));
      else if (currency !== null && currency !== currencyCell.toUpperCase()) {
        this.report(problems, "amount", said("crm.problem.currencyDiffers", { currency, column: columnLabel(ctx, "currency"), cell: currencyCell.toUpperCase() }));
      } else currency = currencyCell.toUpperCase();
    }

    let closeDate = this.date(values, "closeDate", problems);
    const createdDate = this.date(values, "createdDate", problems);
    const lastActivityDate = this.date(values, "lastActivityDate", problems);
    const wonTime = this.date(values, "wonTime", problems);
    const lostTime = this.date(values, "lostTime", problems);
    if (status.ok && status.value === "won" && wonTime !== null) closeDate = wonTime;
    if (status.ok && status.value === "lost" && lostTime !== null) closeDate = lostTime;
    if (status.ok && status.value !== "open" && closeDate === null) {
      // Without a close date column (a Pipedrive file with won and lost times only) the time column is named.
      const field =
        m.closeDate === undefined && status.value === "won" && m.wonTime !== undefined
          ? "wonTime"
          : m.closeDate === undefined && m.lostTime !== undefined
            ? "lostTime"
            : "closeDate";
      if (problems.every((p) => p.column !== columnLabel(ctx, field))) this.report(problems, field, said("crm.problem.emptyButClosed", { status: status.value }));
    }

    const probabilityResult = this.probabilities.get(cellAt(values, m.probability) ?? "");
    if (!probabilityResult.ok) this.report(problems, "probability", probabilityResult.reason);

    if (problems.length > 0 || !status.ok) return { ok: false, problems };
    return {
      ok: true,
      opportunity: {
        crmId: crmId!,
        name: textOrNull(cellAt(values, m.name)),
        accountName: textOrNull(cellAt(values, m.accountName)),
        owner: owner!,
        // Pipedrive files may lack a stage column; its status ("Won") is then the best stage label there is.
        stage: textOrNull(stageCell) ?? textOrNull(cellAt(values, m.status)) ?? "",
        status: status.value,
        amount,
        currency,
        closeDate,
        createdDate,
        forecastCategory: textOrNull(cellAt(values, m.forecastCategory)),
        probability: probabilityResult.ok ? probabilityResult.value : null,
        nextStep: textOrNull(cellAt(values, m.nextStep)),
        lastActivityDate,
      },
    };
  }

  private report(problems: RowProblem[], field: CanonicalField, reason: string): void {
    problems.push({ column: columnLabel(this.ctx, field), reason });
  }

  private date(values: readonly string[], field: CanonicalField, problems: RowProblem[]): string | null {
    const index = this.ctx.mapping[field];
    // An unmapped column or an empty cell is no date, and no problem: nothing to look up.
    if (index === undefined) return null;
    const text = values[index] ?? "";
    if (text === "") return null;
    const result = this.dates.get(text);
    if (result.ok) return result.value;
    this.report(problems, field, result.reason);
    return null;
  }

  /** The owner cell as the owner to store: trimmed, a Salesforce user id read through `users`, an email taken out of "x@y.com (Deactivated User)". */
  private owner(cell: string | undefined): string | null {
    const text = textOrNull(cell);
    if (text === null) return null;
    const users = this.ctx.users;
    if (users !== undefined && (text.length === 15 || text.length === 18)) {
      const user = users.get(text.slice(0, 15));
      if (user !== undefined) return user;
      if (SALESFORCE_USER_ID.test(text)) {
        if (this.unknownUserIds.size < LISTED_LIMIT) this.unknownUserIds.add(copyOf(text));
        return text;
      }
    }
    const last = text.charCodeAt(text.length - 1);
    return last === 0x29 || last === 0x3e ? ownerEmail(text) : text;
  }

  /** A Closed or Won cell, empty read as "no" where the column is an API field. */
  private flag(cell: string | undefined): string | undefined {
    return cell === "" && this.emptyFlagIsNo ? "0" : cell;
  }

  /** The Won cell, or for a closed HubSpot deal without one, what its probability says (1 won, 0 lost). */
  private wonCell(values: readonly string[]): string | undefined {
    const m = this.ctx.mapping;
    if (!this.wonFromProbability) return this.flag(cellAt(values, m.won));
    const closed = parseBoolean(this.flag(cellAt(values, m.closed)) ?? "");
    if (!closed.ok || closed.value !== true) return undefined;
    const probability = this.probabilities.get(cellAt(values, m.probability) ?? "");
    return probability.ok && probability.value === 100 ? "1" : probability.ok && probability.value === 0 ? "0" : undefined;
  }

  private status(stage: string | undefined, status: string | undefined, closed: string | undefined, won: string | undefined) {
    // Four cells decide it; looked up cell by cell (joining them into one key costs more than the lookups).
    let byStatus = this.statuses.get(stage);
    if (byStatus === undefined) this.statuses.set(copyOf(stage), (byStatus = new Map()));
    let byClosed = byStatus.get(status);
    if (byClosed === undefined) byStatus.set(copyOf(status), (byClosed = new Map()));
    let byWon = byClosed.get(closed);
    if (byWon === undefined) byClosed.set(copyOf(closed), (byWon = new Map()));
    let result = byWon.get(won);
    if (result === undefined) {
      result = resolveStatus({ stage, status, closed, won }, this.ctx.stageMap);
      if (this.statusCount++ < MEMO_LIMIT) byWon.set(copyOf(won), result);
      // Without a status column, a status for a stage the map lacks can only have come from the flags.
      const key = normalizeStageLabel(stage ?? "");
      if (result.ok && status === undefined && key !== "" && !Object.hasOwn(this.ctx.stageMap, key) && this.stagesDecidedByFlags.size < LISTED_LIMIT) {
        if (!this.stagesDecidedByFlags.has(key)) this.stagesDecidedByFlags.set(key, copyOf(stage!.trim()));
      }
    }
    return result;
  }
}
