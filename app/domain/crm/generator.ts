/**
 * Realistic Salesforce "Opportunities report (Details Only)" exports for benchmarks, the demo and tests.
 * Every deal has a life fixed by the seed and its index alone (created, pushed out, won or lost on fixed
 * days), and a snapshot shows each life as it stood on `asOf`. Two calls that differ only in `asOf` are
 * therefore two consistent uploads of the same CRM: deals close, close dates move out, forecast
 * categories change with the stage.
 */

// The mulberry32 pseudo-random generator has one home, the statistics' bootstrap; re-exported for callers.
import { mulberry32 } from "../statistics/bootstrap";
export { mulberry32 };

/** Mixes integers into one 32-bit seed (a murmur3-style finaliser per part), so that nearby inputs give unrelated streams. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export interface SalesforceExportOptions {
  /** Deals in the CRM; a snapshot holds those created on or before `asOf`. */
  rows: number;
  /** Owner names or emails, as the "Opportunity Owner" column shows them. */
  owners: readonly string[];
  /** The snapshot date ('YYYY-MM-DD'). */
  asOf: string;
  seed: number;
  /**
   * The day the deal lives are laid out around ('YYYY-MM-DD'): deals are created in the 270 days before it
   * and close up to about nine months after their creation. Defaults to `asOf`; keep it the same for every
   * snapshot of one CRM (with `asOf` on or after it, every snapshot holds all `rows` deals).
   */
  origin?: string;
  /** Amounts in USD, EUR, GBP and JPY with an "… Currency" column before each amount column. */
  multiCurrency?: boolean;
  /** End with Salesforce's footer (grand totals, confidentiality notice, copyright); default true. */
  includeFooter?: boolean;
}

/** One deal of a generated snapshot, as the export shows it (dates 'YYYY-MM-DD'). */
export interface GeneratedDeal {
  opportunityId: string;
  owner: string;
  accountName: string;
  name: string;
  type: string;
  leadSource: string;
  amount: number;
  currency: string;
  probability: number;
  closeDate: string;
  createdDate: string;
  stage: string;
  forecastCategory: string;
  nextStep: string;
  lastActivity: string | null;
  closed: boolean;
  won: boolean;
}

const OPEN_STAGES = [
  "Prospecting",
  "Qualification",
  "Needs Analysis",
  "Value Proposition",
  "Id. Decision Makers",
  "Perception Analysis",
  "Proposal/Price Quote",
  "Negotiation/Review",
];
const STAGE_PROBABILITY = [10, 10, 20, 50, 60, 70, 75, 90];
const ACCOUNT_STEMS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Soylent", "Vandelay", "Massive Dynamic", "Société Lumière", "Nordwind"];
const ACCOUNT_SUFFIXES = ["Inc.", ", Inc.", "GmbH", "Ltd", "LLC", "S.A.", "Group", 'Holdings ("North")'];
const PRODUCTS = ["Platform", "Renewal", "Expansion", "Pilot", "Services", "Add-on Seats"];
const TYPES = ["New Business", "Existing Business"];
const LEAD_SOURCES = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"];
const NEXT_STEPS = ["Send proposal", "Call with CFO", "Demo, then pricing", 'Legal review of "MSA"', "Follow up\nafter budget meeting", "Schedule onsite"];
const CURRENCIES: ReadonlyArray<[string, number]> = [
  ["USD", 0.7],
  ["EUR", 0.85],
  ["GBP", 0.95],
  ["JPY", 1],
];
const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DAY_MS = 86_400_000;

function toDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return Math.round(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS);
}

// Generated exports span a few hundred distinct days, so formatting each day once pays off at a million rows.
const isoDays = new Map<number, string>();

function fromDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDays.size < 100_000) isoDays.set(day, iso);
  }
  return iso;
}

function pick<T>(items: readonly T[], r: number): T {
  return items[Math.floor(r * items.length)]!;
}

/**
 * A Salesforce 18-character ID from a 15-character one: three more characters encode, five characters at
 * a time, which characters are upper-case, so that the ID survives case-insensitive tools.
 *
 * @example salesforceId18("0065g00000ABCDE") // "0065g00000ABCDEAA5"
 */
export function salesforceId18(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i] ?? "";
      if (c >= "A" && c <= "Z") bits |= 1 << i;
    }
    suffix += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[bits];
  }
  return id15 + suffix;
}

function opportunityId(index: number): string {
  let n = index;
  let tail = "";
  for (let i = 0; i < 5; i++) {
    tail = ID_ALPHABET[n % 62] + tail;
    n = Math.floor(n / 62);
  }
  return salesforceId18(`0065g00000${tail}`);
}

interface DealLife {
  index: number;
  owner: string;
  accountName: string;
  name: string;
  type: string;
  leadSource: string;
  amount: number;
  currency: string;
  created: number;
  /** The expected close date and the days it was pushed to: [day of the push, new close date]. */
  initialClose: number;
  pushes: Array<[number, number]>;
  resolved: number;
  won: boolean;
  sandbagger: boolean;
}

function dealLife(index: number, opts: SalesforceExportOptions, origin: number): DealLife {
  const r = mulberry32(mixSeed(opts.seed, index));
  const stem = pick(ACCOUNT_STEMS, r());
  const suffix = pick(ACCOUNT_SUFFIXES, r());
  const account = `${stem}${suffix.startsWith(",") ? "" : " "}${suffix}`;
  const created = origin - Math.floor(r() * 270);
  const plannedCycle = 15 + Math.floor(r() * 150);
  const initialClose = created + plannedCycle;
  const slip = r() < 0.55 ? 0 : 20 + Math.floor(r() * 100);
  const won = r() < 0.4;
  // Lost deals often die before their expected close date; won ones close on it (or on the pushed one).
  const resolved = won || slip > 0 ? initialClose + slip : created + Math.max(1, Math.round(plannedCycle * (0.4 + r() * 0.6)));
  const pushes: Array<[number, number]> = [];
  if (slip > 0) {
    const count = r() < 0.5 ? 1 : 2;
    for (let k = 1; k <= count; k++) {
      const previous = pushes[pushes.length - 1]?.[0] ?? created;
      const pushDay = Math.max(previous + 1, initialClose - 5 - Math.floor(r() * 20) + (k - 1) * Math.floor(slip / 2));
      pushes.push([pushDay, initialClose + Math.round((slip * k) / count)]);
    }
  }
  const currencyDraw = r();
  const currency = opts.multiCurrency ? CURRENCIES.find(([, upTo]) => currencyDraw < upTo)![0] : "USD";
  let amount = Math.round(Math.exp(Math.log(2000) + r() * Math.log(100)) / 500) * 500 + (r() < 0.2 ? 0.5 : 0);
  if (currency === "JPY") amount = Math.round(amount * 150);
  return {
    index,
    owner: pick(opts.owners, r()),
    accountName: account,
    name: `${account} - ${pick(PRODUCTS, r())}`,
    type: pick(TYPES, r()),
    leadSource: pick(LEAD_SOURCES, r()),
    amount,
    currency,
    created,
    initialClose,
    pushes,
    resolved,
    won,
    sandbagger: r() < 0.2,
  };
}

function stateAt(life: DealLife, asOf: number, seed: number): GeneratedDeal {
  const r = mulberry32(mixSeed(seed, life.index, asOf));
  const closed = life.resolved <= asOf;
  let expectedClose = life.initialClose;
  for (const [day, to] of life.pushes) if (day <= asOf) expectedClose = to;
  let stage: string;
  let probability: number;
  let forecastCategory: string;
  if (closed) {
    stage = life.won ? "Closed Won" : "Closed Lost";
    probability = life.won ? 100 : 0;
    forecastCategory = life.won ? "Closed" : "Omitted";
  } else {
    const progress = Math.min(0.999, Math.max(0, (asOf - life.created) / Math.max(1, expectedClose - life.created)));
    const stageIndex = Math.floor(progress * OPEN_STAGES.length);
    stage = OPEN_STAGES[stageIndex]!;
    probability = STAGE_PROBABILITY[stageIndex]!;
    forecastCategory = stageIndex >= 6 ? "Commit" : stageIndex >= 4 ? "Best Case" : "Pipeline";
    // Sandbaggers keep a deal out of Commit until it is nearly certain.
    if (life.sandbagger && forecastCategory === "Commit" && expectedClose - asOf > 10) forecastCategory = "Best Case";
  }
  const lastActivityDay = closed ? life.resolved - Math.floor(r() * 5) : asOf - Math.floor(r() * 40);
  const nextStep = !closed && r() < 0.7 ? pick(NEXT_STEPS, r()) : "";
  return {
    opportunityId: opportunityId(life.index),
    owner: life.owner,
    accountName: life.accountName,
    name: life.name,
    type: life.type,
    leadSource: life.leadSource,
    amount: life.amount,
    currency: life.currency,
    probability,
    closeDate: fromDay(closed ? life.resolved : expectedClose),
    createdDate: fromDay(life.created),
    stage,
    forecastCategory,
    nextStep,
    lastActivity: r() < 0.1 ? null : fromDay(Math.max(life.created, lastActivityDay)),
    closed,
    won: closed && life.won,
  };
}

/**
 * The deals of one generated snapshot, in index order: every deal created on or before `asOf`, as it stood
 * that day (see `SalesforceExportOptions`). Deterministic for the same options.
 */
export function* generateSalesforceDeals(opts: SalesforceExportOptions): Generator<GeneratedDeal> {
  if (opts.owners.length === 0) throw new RangeError("generateSalesforceDeals needs at least one owner");
  const asOf = toDay(opts.asOf);
  const origin = toDay(opts.origin ?? opts.asOf);
  for (let index = 0; index < opts.rows; index++) {
    const life = dealLife(index, opts, origin);
    if (life.created <= asOf) yield stateAt(life, asOf, opts.seed);
  }
}

/**
 * One CSV field: quoted (with inner quotes doubled) when it holds a comma, a quote, a line break or
 * leading or trailing spaces, as is otherwise.
 *
 * @example csvField('Legal review of "MSA"') // '"Legal review of ""MSA"""'
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with a CRLF line ending, as Salesforce and Excel write them. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** A 'YYYY-MM-DD' date the way a US-locale Salesforce export writes it: M/D/YYYY. */
export function formatUsDate(date: string): string {
  const [year, month, day] = date.split("-");
  return `${Number(month)}/${Number(day)}/${year}`;
}

/**
 * An amount the way a US-locale export writes it: thousands separated by commas and a fixed number of
 * decimals, with an optional symbol in front and a minus before it.
 *
 * @example formatUsAmount(12500, 2, "$") // "$12,500.00"
 */
export function formatUsAmount(amount: number, decimals: number, symbol = ""): string {
  const [whole, fraction] = Math.abs(amount).toFixed(decimals).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${amount < 0 ? "-" : ""}${symbol}${grouped}${fraction ? `.${fraction}` : ""}`;
}

function fiscalPeriod(date: string): string {
  const [year, month] = date.split("-");
  return `Q${Math.ceil(Number(month) / 3)}-${year}`;
}

/**
 * A Salesforce Opportunities report ("Details Only") export as CSV text, one record per yielded string
 * (header first, CRLF endings; a record whose Next Step holds a line break spans two file lines inside
 * its quotes). Single-currency exports write amounts as "$12,500.00"; multi-currency ones put an "Amount
 * Currency" and an "Expected Revenue Currency" column before the amounts and write "12,500.00". Dates
 * are M/D/YYYY, Closed and Won are 1/0, and the footer (grand totals, confidentiality notice, copyright)
 * ends the file unless `includeFooter` is false.
 */
export function* generateSalesforceCsv(opts: SalesforceExportOptions): Generator<string> {
  const multi = opts.multiCurrency ?? false;
  const header = [
    "Opportunity Owner",
    "Account Name",
    "Opportunity Name",
    "Type",
    "Lead Source",
    ...(multi ? ["Amount Currency", "Amount", "Expected Revenue Currency", "Expected Revenue"] : ["Amount", "Expected Revenue"]),
    "Probability (%)",
    "Close Date",
    "Created Date",
    "Stage",
    "Fiscal Period",
    "Forecast Category",
    "Next Step",
    "Last Activity",
    "Closed",
    "Won",
    "Opportunity ID",
  ];
  yield csvRecord(header);
  let count = 0;
  let total = 0;
  for (const deal of generateSalesforceDeals(opts)) {
    count++;
    total += deal.amount;
    const decimals = deal.currency === "JPY" ? 0 : 2;
    const expected = (deal.amount * deal.probability) / 100;
    const amounts = multi
      ? [deal.currency, formatUsAmount(deal.amount, decimals), deal.currency, formatUsAmount(expected, decimals)]
      : [formatUsAmount(deal.amount, 2, "$"), formatUsAmount(expected, 2, "$")];
    yield csvRecord([
      deal.owner,
      deal.accountName,
      deal.name,
      deal.type,
      deal.leadSource,
      ...amounts,
      String(deal.probability),
      formatUsDate(deal.closeDate),
      formatUsDate(deal.createdDate),
      deal.stage,
      fiscalPeriod(deal.closeDate),
      deal.forecastCategory,
      deal.nextStep,
      deal.lastActivity === null ? "" : formatUsDate(deal.lastActivity),
      deal.closed ? "1" : "0",
      deal.won ? "1" : "0",
      deal.opportunityId,
    ]);
  }
  if (opts.includeFooter ?? true) {
    const totals = header.map(() => "");
    totals[0] = `Grand Totals (${count} records)`;
    // A multi-currency total would mix currencies, so Salesforce's converted total is left out there.
    if (!multi) totals[header.indexOf("Amount")] = formatUsAmount(total, 2, "$");
    yield "\r\n";
    yield csvRecord(totals);
    yield "\r\n";
    yield csvRecord(["Confidential Information - Do Not Distribute"]);
    yield "\r\n";
    yield csvRecord([`Copyright (c) 2000-${opts.asOf.slice(0, 4)} salesforce.com, inc. All rights reserved.`]);
  }
}
