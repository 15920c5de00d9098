import type { CrmFormat } from "./opportunity";
import type { SnapshotReview } from "./snapshot-review";

// What a CRM import answers, as the import (app/services/crm-import/) builds it and the CRM page shows it.

export interface CrmProblem {
  line: number | null;
  column: string | null;
  reason: string;
}

/**
 * Something an imported file holds that the admin should check, though it stopped nothing: stages whose
 * status the Closed/Won flags decided although the stage map lacks them, deals closed before they were
 * created (left out of the sales cycle), owner ids a users file did not name, or owner ids without one.
 */
export interface CrmWarning {
  kind: "stages-decided-by-flags" | "closed-before-created" | "owner-ids-not-in-users-file" | "owner-ids-without-users-file";
  message: string;
  /** The stages or owner ids concerned (the first 50). */
  items: string[];
  /** The lines concerned (the first 50), for row warnings. */
  lines: number[];
  /** How many there are in all: stages, owner ids or rows. */
  count: number;
}

/** The answers that stop an import before its rows are all read: the file cannot be read as it is. */
export type CrmImportRefusal =
  | { status: "needs-mapping"; message: string; header: string[]; samples: string[][] }
  | { status: "needs-date-order"; message: string; samples: string[] }
  | { status: "invalid-file"; message: string };

export type CrmImportResult =
  | {
      status: "imported";
      snapshotId: string;
      asOf: string;
      /** "preview": stored, feeding no metric until the admin confirms it; "counted": metrics read it now (ADR 051). */
      snapshotStatus: "preview" | "counted";
      /** Each team's deals and amounts against the snapshot that counted before, and the warnings (null if not read). */
      review: SnapshotReview | null;
      format: CrmFormat;
      encoding: string;
      rows: number;
      skipped: CrmProblem[];
      skippedCount: number;
      unmatchedOwners: Array<{ owner: string; deals: number }>;
      warnings: CrmWarning[];
    }
  | { status: "unchanged"; snapshotId: string; asOf: string; snapshotStatus: "preview" | "counted"; message: string }
  | { status: "rejected"; message: string; problems: CrmProblem[]; problemCount: number; validRows: number }
  | CrmImportRefusal;
