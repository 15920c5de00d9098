/** Recognising a CRM export from its header row, and mapping its columns to canonical fields. */
import { CANONICAL_FIELDS, FIELD_DESCRIPTIONS, type CanonicalField, type ColumnMapping, type CrmFormat } from "./opportunity";
import { said } from "~/i18n/said";

interface FieldLabels {
  /** The vendor's own label, named in messages. */
  label: string;
  /** Labels accepted for the field, most preferred first (the label itself included where it should match). */
  match: readonly string[];
}

type FormatLabels = Partial<Record<CanonicalField, FieldLabels>>;

/**
 * Salesforce's report labels, then the Opportunity object's API field names, which every Data Loader, Data
 * Export, Workbench and sfdx file uses as its header ("StageName", "IsWon"; Data Loader writes them in
 * capitals, which matching ignores).
 */
const SALESFORCE: FormatLabels = {
  crmId: { label: "Opportunity ID", match: ["Opportunity ID", "Id"] },
  name: { label: "Opportunity Name", match: ["Opportunity Name", "Name"] },
  accountName: { label: "Account Name", match: ["Account Name", "Account.Name"] },
  // An email matches a person more reliably than a display name, so an owner-email column wins when both
  // exist; a user id ("005…") comes last, matched through the users file given with the import.
  owner: {
    label: "Opportunity Owner",
    match: ["Opportunity Owner Email", "Owner Email", "Owner.Email", "Opportunity Owner", "Opportunity Owner Full Name", "Owner Name", "Owner.Name", "Owner", "OwnerId"],
  },
  stage: { label: "Stage", match: ["Stage", "StageName"] },
  amount: { label: "Amount", match: ["Amount", "Amount (converted)"] },
  currency: { label: "Amount Currency", match: ["Amount Currency", "Opportunity Currency", "Currency", "CurrencyIsoCode"] },
  closeDate: { label: "Close Date", match: ["Close Date", "CloseDate"] },
  createdDate: { label: "Created Date", match: ["Created Date", "Create Date", "CreatedDate"] },
  forecastCategory: { label: "Forecast Category", match: ["Forecast Category", "ForecastCategoryName", "ForecastCategory"] },
  probability: { label: "Probability (%)", match: ["Probability (%)", "Probability"] },
  nextStep: { label: "Next Step", match: ["Next Step", "NextStep"] },
  lastActivityDate: { label: "Last Activity", match: ["Last Activity", "Last Activity Date", "LastActivityDate"] },
  closed: { label: "Closed", match: ["Closed", "IsClosed"] },
  won: { label: "Won", match: ["Won", "IsWon"] },
};

/**
 * HubSpot's labels (app exports), then its internal property names (API and integration exports:
 * "dealname", "hs_object_id"). "Is Deal Closed?" and "Is Closed Won" come with the all-properties export;
 * with "Deal probability" they settle the deals of custom pipelines (see RowNormalizer).
 */
const HUBSPOT: FormatLabels = {
  crmId: { label: "Record ID", match: ["Record ID", "Deal ID", "hs_object_id"] },
  name: { label: "Deal Name", match: ["Deal Name", "dealname"] },
  accountName: { label: "Associated Company", match: ["Associated Company", "Associated Company (Primary)", "Company Name"] },
  owner: { label: "Deal owner", match: ["Deal owner", "hubspot_owner_id"] },
  stage: { label: "Deal Stage", match: ["Deal Stage", "dealstage"] },
  amount: { label: "Amount", match: ["Amount", "Amount in company currency", "amount_in_home_currency"] },
  currency: { label: "Currency", match: ["Currency", "Deal currency code"] },
  closeDate: { label: "Close Date", match: ["Close Date", "closedate"] },
  createdDate: { label: "Create Date", match: ["Create Date", "Created Date", "createdate"] },
  forecastCategory: { label: "Forecast category", match: ["Forecast category", "hs_manual_forecast_category", "hs_forecast_category"] },
  probability: { label: "Deal probability", match: ["Deal probability", "hs_deal_stage_probability"] },
  nextStep: { label: "Next step", match: ["Next step", "hs_next_step"] },
  lastActivityDate: { label: "Last Activity Date", match: ["Last Activity Date", "notes_last_updated"] },
  closed: { label: "Is Deal Closed?", match: ["Is Deal Closed?", "hs_is_closed"] },
  won: { label: "Is Closed Won", match: ["Is Closed Won", "hs_is_closed_won"] },
};

const PIPEDRIVE: FormatLabels = {
  crmId: { label: "Deal - ID", match: ["Deal - ID"] },
  name: { label: "Deal - Title", match: ["Deal - Title"] },
  accountName: { label: "Deal - Organization", match: ["Deal - Organization", "Organization - Name"] },
  owner: { label: "Deal - Owner", match: ["Deal - Owner"] },
  status: { label: "Deal - Status", match: ["Deal - Status"] },
  stage: { label: "Deal - Stage", match: ["Deal - Stage"] },
  amount: { label: "Deal - Value", match: ["Deal - Value"] },
  // Newer exports name the value's currency after it ("Deal - Currency of Value").
  currency: { label: "Deal - Currency", match: ["Deal - Currency", "Deal - Currency of Value", "Deal - Value currency"] },
  closeDate: { label: "Deal - Expected close date", match: ["Deal - Expected close date"] },
  createdDate: { label: "Deal - Deal created", match: ["Deal - Deal created", "Deal - Add time", "Deal - Created"] },
  // "Deal closed on" is the day a deal was won or lost: it stands in for whichever of the two is missing.
  wonTime: { label: "Deal - Won time", match: ["Deal - Won time", "Deal - Deal closed on"] },
  lostTime: { label: "Deal - Lost time", match: ["Deal - Lost time", "Deal - Deal closed on"] },
  // Pipedrive has no free-text next step: a scheduled next activity is its equivalent.
  nextStep: { label: "Deal - Next activity date", match: ["Deal - Next activity subject", "Deal - Next activity date"] },
  lastActivityDate: { label: "Deal - Last activity date", match: ["Deal - Last activity date"] },
  probability: { label: "Deal - Probability", match: ["Deal - Probability"] },
};

/** Candor's own template: the canonical names in snake_case (camelCase and spaces are accepted too). */
const GENERIC: FormatLabels = Object.fromEntries(
  CANONICAL_FIELDS.map((field) => {
    const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return [field, { label: snake, match: [snake] }];
  }),
);

const LABELS: Record<CrmFormat, FormatLabels> = { salesforce: SALESFORCE, hubspot: HUBSPOT, pipedrive: PIPEDRIVE, generic: GENERIC };

/** Labels only one vendor uses: seeing any of them is what identifies the export. */
const SIGNATURES: Record<Exclude<CrmFormat, "generic" | "pipedrive">, readonly string[]> = {
  salesforce: [
    "Opportunity ID",
    "Opportunity Name",
    "Opportunity Owner",
    "Opportunity Owner Email",
    "Opportunity Currency",
    "Fiscal Period",
    "Probability (%)",
    "StageName",
    "IsClosed",
    "IsWon",
    "ForecastCategoryName",
    "OwnerId",
    "CurrencyIsoCode",
  ],
  hubspot: [
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Deal owner",
    "Deal probability",
    "Amount in company currency",
    "Is Deal Closed?",
    "dealname",
    "dealstage",
    "hs_object_id",
    "hubspot_owner_id",
  ],
};

const BASE_REQUIRED: readonly CanonicalField[] = ["crmId", "owner", "amount", "closeDate", "createdDate"];

const VENDOR_NAMES: Record<Exclude<CrmFormat, "generic">, string> = { salesforce: "Salesforce", hubspot: "HubSpot", pipedrive: "Pipedrive" };

/**
 * Normalises a header label for matching: drops a byte-order mark, reads non-breaking spaces, colons and
 * underscores as spaces, collapses runs of whitespace, spaces hyphens as " - " and lower-cases, so that
 * `"  Opportunity   Owner: Email"` and `"opportunity owner email"` compare equal.
 *
 * @example normalizeHeaderLabel("Deal -Expected  close date") // "deal - expected close date"
 */
export function normalizeHeaderLabel(label: string): string {
  return label
    .replace(/\uFEFF/g, "")
    .replace(/[\u00A0\u202F:_]/g, " ")
    .replace(/\s+-\s*|\s*-\s+/g, " - ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * The fields a format cannot do without. Every format needs the deal ID, owner, amount, close date and
 * created date; Salesforce and HubSpot also need the stage, Pipedrive its status column (its stages are
 * all open ones), and a generic file either of the two (checked by `missingRequiredFields`).
 */
export function requiredFields(format: CrmFormat): CanonicalField[] {
  if (format === "pipedrive") return [...BASE_REQUIRED, "status"];
  return [...BASE_REQUIRED, "stage"];
}

/**
 * The required fields a mapping leaves out, in the order of `requiredFields`. For a generic file a status
 * column stands in for the stage; for a Pipedrive file the won and lost times (or "Deal closed on") stand in
 * for the expected close date, which only open deals need and may lack.
 */
export function missingRequiredFields(format: CrmFormat, mapping: ColumnMapping): CanonicalField[] {
  return requiredFields(format).filter((field) => {
    if (mapping[field] !== undefined) return false;
    if (format === "pipedrive" && field === "closeDate") return mapping.wonTime === undefined && mapping.lostTime === undefined;
    return !(format === "generic" && field === "stage" && mapping.status !== undefined);
  });
}

/** Header labels of yes/no columns that Salesforce's API always fills: an empty cell there is "no", not "unknown". */
const API_FLAG_LABELS = new Set(["isclosed", "iswon"]);

/**
 * True when the file's Closed/Won columns are Salesforce's API fields ("IsClosed"/"IsWon"), which are never
 * empty in the CRM: an export that writes them as "1" or nothing (Data Export, some Workbench and sfdx
 * files) means "no" by the empty cell. (A report's "Closed"/"Won" and HubSpot's "Is Deal Closed?" keep
 * an empty cell as unknown, so the stage decides.)
 */
export function emptyFlagMeansNo(header: readonly string[], mapping: ColumnMapping): boolean {
  const index = mapping.closed ?? mapping.won;
  return index !== undefined && API_FLAG_LABELS.has(normalizeHeaderLabel(header[index] ?? ""));
}

/**
 * The vendor's label for a canonical field ("Opportunity ID" for Salesforce's crmId), or null when that
 * vendor's export has no such column.
 */
export function vendorLabel(format: CrmFormat, field: CanonicalField): string | null {
  return LABELS[format][field]?.label ?? null;
}

/**
 * The one message shown when an export lacks required columns: it names every missing column by the
 * vendor's label, at once, and says how to get them into the export.
 *
 * @example missingColumnMessage("salesforce", "crmId")
 * // 'The Salesforce export has no "Opportunity ID" column. In the report, add the Opportunity ID column and export again.'
 */
export function missingColumnMessage(format: CrmFormat, missing: CanonicalField | readonly CanonicalField[]): string {
  const fields = typeof missing === "string" ? [missing] : missing;
  const labels = fields.map((field) => vendorLabel(format, field) ?? field);
  const count = labels.length;
  const quoted = listWords(
    labels.map((l) => `"${l}"`),
    "or",
  );
  switch (format) {
    case "salesforce":
      return said("crm.missing.salesforce", { quoted, count, labels: listWords(labels, "and") });
    case "hubspot":
      return said("crm.missing.hubspot", { quoted, count, labels: listWords(labels, "and") });
    case "pipedrive":
      return said("crm.missing.pipedrive", {
        quoted,
        count,
        labels: listWords(
          labels.map((l) => l.replace(/^Deal - /, "")),
          "and",
        ),
      });
    case "generic": {
      const what = listWords(
        fields.map((field) => (field === "stage" ? said("crm.describe.stageOrStatus") : FIELD_DESCRIPTIONS[field])),
        "and",
      );
      return said("crm.missing.generic", { quoted, count, what });
    }
  }
}

/** "a", "a or b", "a, b or c", said (each word may be said too), so that "or" and "and" are in the reader's language. */
function listWords(words: readonly string[], last: "and" | "or"): string {
  if (words.length <= 1) return words[0] ?? "";
  const init = words.slice(0, -1).reduce((a, b) => said("crm.list.comma", { a, b }));
  return said(last === "and" ? "crm.list.and" : "crm.list.or", { a: init, b: words.at(-1)! });
}

/** Several sentences said as one text (each said in the reader's language). */
export function sentences(texts: readonly string[]): string {
  return texts.length <= 1 ? (texts[0] ?? "") : texts.reduce((a, b) => said("crm.sentences", { a, b }));
}

function firstIndex(labels: readonly string[], candidates: readonly string[]): number | undefined {
  for (const candidate of candidates) {
    const index = labels.indexOf(normalizeHeaderLabel(candidate));
    if (index >= 0) return index;
  }
  return undefined;
}

/**
 * Maps the columns of a header (already normalised) for one format. A currency column that belongs to the
 * chosen amount column ("Amount Currency" next to "Amount" in Salesforce multi-currency exports) wins;
 * the other currency columns only describe the plain amount, never a converted one.
 */
function mapColumns(format: CrmFormat, labels: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const [field, spec] of Object.entries(LABELS[format]) as Array<[CanonicalField, FieldLabels]>) {
    if (field === "currency") continue;
    const index = format === "generic" ? labels.findIndex((l) => l.replace(/ /g, "") === field.toLowerCase()) : firstIndex(labels, spec.match);
    if (index !== undefined && index >= 0) mapping[field] = index;
  }
  const currencySpec = LABELS[format].currency;
  if (mapping.amount !== undefined && currencySpec) {
    const amountLabel = labels[mapping.amount]!;
    const own = labels.indexOf(`${amountLabel} currency`);
    const isPlainAmount = amountLabel === normalizeHeaderLabel(LABELS[format].amount!.match[0]!);
    const currency = own >= 0 ? own : isPlainAmount ? (format === "generic" ? labels.indexOf("currency") : firstIndex(labels, currencySpec.match)) : undefined;
    if (currency !== undefined && currency >= 0) mapping.currency = currency;
  }
  return mapping;
}

function signatureScore(format: CrmFormat, labels: readonly string[]): number {
  if (format === "generic") return 0;
  if (format === "pipedrive") return labels.filter((l) => l.startsWith("deal - ")).length;
  const signatures = SIGNATURES[format].map(normalizeHeaderLabel);
  return labels.filter((l) => signatures.includes(l)).length;
}

/**
 * Recognises a Salesforce, HubSpot or Pipedrive export (or Candor's generic template, whose columns are
 * the canonical names) from its header row. The vendor is the one with the most vendor-only labels
 * ("Opportunity Name", "Deal Stage", "Deal - …"); matching ignores case and extra whitespace. Returns the
 * column mapping and the required fields it lacks (turn each into `missingColumnMessage`), or null when
 * the header is none of these, so that the caller offers the manual mapping step.
 */
export function detectFormat(header: string[]): { format: CrmFormat; mapping: ColumnMapping; missing: CanonicalField[] } | null {
  const labels = header.map(normalizeHeaderLabel);
  let best: { format: CrmFormat; score: number } | null = null;
  for (const format of ["salesforce", "hubspot", "pipedrive"] as const) {
    const score = signatureScore(format, labels);
    if (score > 0 && (!best || score > best.score)) best = { format, score };
  }
  const format: CrmFormat | null = best?.format ?? (labels.some((l) => l.replace(/ /g, "") === "crmid") ? "generic" : null);
  if (!format) return null;
  const mapping = mapColumns(format, labels);
  return { format, mapping, missing: missingRequiredFields(format, mapping) };
}

/**
 * Builds a mapping from the admin's choices in the manual mapping step (canonical field → header label, as
 * shown in the file). Returns every problem at once: a chosen label the header does not have, one column
 * chosen for two fields, a required field left unchosen (the stage may be replaced by a status column).
 */
export function applyManualMapping(header: string[], choices: Partial<Record<CanonicalField, string>>): { ok: true; mapping: ColumnMapping } | { ok: false; problems: string[] } {
  const labels = header.map(normalizeHeaderLabel);
  const mapping: ColumnMapping = {};
  const problems: string[] = [];
  const chosenBy = new Map<number, CanonicalField>();
  const attempted = new Set<CanonicalField>();
  for (const field of CANONICAL_FIELDS) {
    const choice = choices[field];
    if (choice === undefined || choice.trim() === "") continue;
    attempted.add(field);
    const index = labels.indexOf(normalizeHeaderLabel(choice));
    if (index < 0) {
      problems.push(said("crm.mapping.noColumn", { column: choice.trim() }));
      continue;
    }
    const other = chosenBy.get(index);
    if (other) {
      problems.push(said("crm.mapping.chosenTwice", { column: header[index]!.trim(), first: FIELD_DESCRIPTIONS[other], second: FIELD_DESCRIPTIONS[field] }));
      continue;
    }
    chosenBy.set(index, field);
    mapping[field] = index;
  }
  // A field whose choice was wrong already has its problem; saying "choose it" as well would be noise.
  for (const field of missingRequiredFields("generic", mapping).filter((f) => !attempted.has(f))) {
    problems.push(said("crm.mapping.choose", { what: field === "stage" ? said("crm.describe.stageOrTheStatus") : FIELD_DESCRIPTIONS[field] }));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, mapping };
}

/** The vendor's name for messages ("Salesforce"), or "generic CSV" (said). */
export function formatName(format: CrmFormat): string {
  return format === "generic" ? said("crm.format.generic") : VENDOR_NAMES[format];
}
