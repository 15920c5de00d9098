/** The canonical opportunity every CRM export is normalised into (README, "CRM data"). */
import { said } from "~/i18n/said";

export type DealStatus = "open" | "won" | "lost";

export type CrmFormat = "salesforce" | "hubspot" | "pipedrive" | "generic";

export type CanonicalField =
  | "crmId"
  | "name"
  | "accountName"
  | "owner"
  | "stage"
  | "amount"
  | "currency"
  | "closeDate"
  | "createdDate"
  | "forecastCategory"
  | "probability"
  | "nextStep"
  | "lastActivityDate"
  | "closed"
  | "won"
  | "status"
  | "wonTime"
  | "lostTime";

/** Every canonical field, in the order a mapping screen shows them. */
export const CANONICAL_FIELDS: readonly CanonicalField[] = [
  "crmId",
  "name",
  "accountName",
  "owner",
  "stage",
  "status",
  "closed",
  "won",
  "amount",
  "currency",
  "closeDate",
  "createdDate",
  "wonTime",
  "lostTime",
  "forecastCategory",
  "probability",
  "nextStep",
  "lastActivityDate",
];

/** What each canonical field holds, in words for the manual mapping step and its messages (said: translated where read). */
export const FIELD_DESCRIPTIONS: Readonly<Record<CanonicalField, string>> = {
  crmId: said("crm.describe.crmId"),
  name: said("crm.describe.name"),
  accountName: said("crm.describe.accountName"),
  owner: said("crm.describe.owner"),
  stage: said("crm.describe.stage"),
  status: said("crm.describe.status"),
  closed: said("crm.describe.closed"),
  won: said("crm.describe.won"),
  amount: said("crm.describe.amount"),
  currency: said("crm.describe.currency"),
  closeDate: said("crm.describe.closeDate"),
  createdDate: said("crm.describe.createdDate"),
  wonTime: said("crm.describe.wonTime"),
  lostTime: said("crm.describe.lostTime"),
  forecastCategory: said("crm.describe.forecastCategory"),
  probability: said("crm.describe.probability"),
  nextStep: said("crm.describe.nextStep"),
  lastActivityDate: said("crm.describe.lastActivityDate"),
};

/**
 * One deal as Candor stores it. Dates are 'YYYY-MM-DD' strings; `owner` is the raw owner text (an email or
 * a name) that is matched to a person later; `probability` is a percentage from 0 to 100; `currency` is an
 * upper-case ISO code, or null when the export does not say (read as the organisation's currency).
 */
export interface Opportunity {
  crmId: string;
  name: string | null;
  accountName: string | null;
  owner: string;
  stage: string;
  status: DealStatus;
  amount: number | null;
  currency: string | null;
  closeDate: string | null;
  createdDate: string | null;
  forecastCategory: string | null;
  probability: number | null;
  nextStep: string | null;
  lastActivityDate: string | null;
}

/** Which column (0-based index into the header row) holds each canonical field; unmapped fields are absent. */
export type ColumnMapping = Partial<Record<CanonicalField, number>>;

/** A parsed value, or the reason it could not be parsed, worded to follow "line N, column X: ". */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The order of day and month in numeric dates such as 3/1/2026. */
export type DateOrder = "mdy" | "dmy";

/** The character that separates the integer part of an amount from its decimals. */
export type DecimalSeparator = "." | ",";

/** One problem of one row: the column is the header label as it appears in the file. */
export interface RowProblem {
  column: string;
  reason: string;
}
