import type { CrmFormat } from "./opportunity";

// What a CRM import answers, as the import (app/services/crm-import/) builds it and the CRM page shows it.

export interface CrmProblem {
  line: number | null;
  column: string | null;
  reason: string;
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
      format: CrmFormat;
      encoding: string;
      rows: number;
      skipped: CrmProblem[];
      skippedCount: number;
      unmatchedOwners: Array<{ owner: string; deals: number }>;
    }
  | { status: "unchanged"; snapshotId: string; asOf: string; message: string }
  | { status: "rejected"; message: string; problems: CrmProblem[]; problemCount: number; validRows: number }
  | CrmImportRefusal;
