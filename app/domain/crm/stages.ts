/** From a CRM's stage (or status, or Closed/Won flags) to open, won or lost. */
import type { CrmFormat, DealStatus, ParseResult } from "./opportunity";
import { said } from "~/i18n/said";
import { parseBoolean } from "./values";

/** Stage label (normalised with `normalizeStageLabel`) → status. */
export type StageMap = Readonly<Record<string, DealStatus>>;

const OPEN: DealStatus = "open";

const SALESFORCE_STAGES: StageMap = {
  prospecting: OPEN,
  qualification: OPEN,
  "needs analysis": OPEN,
  "value proposition": OPEN,
  "id. decision makers": OPEN,
  "perception analysis": OPEN,
  "proposal/price quote": OPEN,
  "negotiation/review": OPEN,
  "closed won": "won",
  "closed lost": "lost",
};

/** HubSpot's default sales pipeline, by internal name (API exports) and by label (app exports). */
const HUBSPOT_STAGES: StageMap = {
  appointmentscheduled: OPEN,
  "appointment scheduled": OPEN,
  qualifiedtobuy: OPEN,
  "qualified to buy": OPEN,
  presentationscheduled: OPEN,
  "presentation scheduled": OPEN,
  decisionmakerboughtin: OPEN,
  "decision maker bought-in": OPEN,
  contractsent: OPEN,
  "contract sent": OPEN,
  closedwon: "won",
  "closed won": "won",
  closedlost: "lost",
  "closed lost": "lost",
};

/** Pipedrive's Status column; its stages are all open ones. */
const PIPEDRIVE_STATUSES: StageMap = { open: OPEN, won: "won", lost: "lost" };

/** Every vendor's default stages → status, before the organisation's edits. */
export const DEFAULT_STAGE_MAPS: Readonly<Record<CrmFormat, StageMap>> = {
  salesforce: SALESFORCE_STAGES,
  hubspot: HUBSPOT_STAGES,
  pipedrive: PIPEDRIVE_STATUSES,
  generic: { ...SALESFORCE_STAGES, ...HUBSPOT_STAGES, ...PIPEDRIVE_STATUSES },
};

/**
 * The key of a stage label in a stage map: trimmed, inner whitespace collapsed, lower-cased, so that
 * "Closed  Won" and "closed won" are one stage.
 */
export function normalizeStageLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * The stage map used for an upload: the format's defaults with the organisation's edits on top (an edit
 * may remap a default stage, e.g. a custom "Closed Won - Pending Signature" to won). Edit keys are
 * normalised, so the admin's spelling does not matter.
 */
export function stageMapFor(format: CrmFormat, edits: Readonly<Record<string, DealStatus>> = {}): StageMap {
  const merged: Record<string, DealStatus> = { ...DEFAULT_STAGE_MAPS[format] };
  for (const [label, status] of Object.entries(edits)) merged[normalizeStageLabel(label)] = status;
  return merged;
}

/**
 * The distinct stage labels (first spelling seen, in order of appearance) that a stage map does not map,
 * so that the admin can map them all in one step before the upload is normalised.
 */
export function unmappedStages(labels: Iterable<string>, stageMap: StageMap): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const label of labels) {
    const key = normalizeStageLabel(label);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    if (!Object.hasOwn(stageMap, key)) result.push(label.trim());
  }
  return result;
}

/**
 * The raw cells that decide a deal's status. A property is undefined when the export has no such column,
 * and an empty string when the column is there but the cell is empty.
 */
export interface StatusCells {
  stage?: string;
  status?: string;
  closed?: string;
  won?: string;
}

/** A status, or the reason there is none and the field whose column it belongs to. */
export type StatusResult = { ok: true; value: DealStatus } | { ok: false; field: "stage" | "status" | "closed" | "won"; reason: string };

function mapLabel(kind: "stage" | "status", label: string, stageMap: StageMap): StatusResult {
  const key = normalizeStageLabel(label);
  if (key === "") return { ok: false, field: kind, reason: said("crm.problem.empty") };
  if (kind === "status" && key === "deleted") {
    return { ok: false, field: kind, reason: said("crm.problem.deletedStatus", { label: label.trim() }) };
  }
  if (Object.hasOwn(stageMap, key)) return { ok: true, value: stageMap[key]! };
  return { ok: false, field: kind, reason: said("crm.problem.mapsToNothing", { kind, label: label.trim() }) };
}

function flag(field: "closed" | "won", text: string | undefined): ParseResult<boolean | null> {
  return text === undefined ? { ok: true, value: null } : parseBoolean(text);
}

/**
 * A deal's status from its row. A Status column (Pipedrive: Open/Won/Lost) decides first, looked up in the
 * stage map so that translated statuses can be mapped; "Deleted" is a problem. Otherwise Salesforce's
 * Closed and Won flags decide when they are filled in (they win over the stage name: a renamed "Closed
 * Won" stage cannot mislead them): closed and won → won, closed and not won → lost, not closed → open.
 * Otherwise the stage label is looked up in `stageMap` (see `stageMapFor`), and a stage it lacks gives
 * the reason `stage "Foo" maps to nothing: map it to open, won or lost`.
 */
export function resolveStatus(cells: StatusCells, stageMap: StageMap): StatusResult {
  if (cells.status !== undefined) return mapLabel("status", cells.status, stageMap);
  const closed = flag("closed", cells.closed);
  if (!closed.ok) return { ok: false, field: "closed", reason: closed.reason };
  const won = flag("won", cells.won);
  if (!won.ok) return { ok: false, field: "won", reason: won.reason };
  if (closed.value === false && won.value === true) return { ok: false, field: "won", reason: said("crm.problem.wonNotClosed") };
  if (closed.value === false) return { ok: true, value: "open" };
  if (won.value === true) return { ok: true, value: "won" };
  if (closed.value === true && won.value === false) return { ok: true, value: "lost" };
  return mapLabel("stage", cells.stage ?? "", stageMap);
}
