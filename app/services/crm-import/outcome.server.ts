/**
 * What a CRM import is asked and what it answers: the options, the problems of rows, and the result. Every
 * stage of the import (app/services/crm-import/) speaks these types; crm-import.server.ts re-exports them.
 */
import type { AuditActor, AuditSource } from "~/domain/audit";
import type { CrmFormat } from "~/domain/crm";
import type { CrmImportRefusal, CrmProblem } from "~/domain/crm/import-result";

export type { CrmImportRefusal, CrmImportResult, CrmProblem } from "~/domain/crm/import-result";

export interface CrmImportOptions {
  format: "auto" | CrmFormat;
  /** The snapshot's date; defaults to the upload day in the organisation's time zone. */
  asOf?: string | null;
  encoding: "auto" | "utf-8" | "windows-1252";
  /**
   * Salesforce's users export (Id, Email, Name), for a file whose owners are user ids (OwnerId): each id
   * is read as that user's email. Small, so given whole.
   */
  users?: { bytes: Uint8Array; fileName: string };
  dates: "auto" | "us" | "eu";
  /** Import the valid rows of a file with bad ones (the bad ones are listed and recorded). */
  importValidRows: boolean;
  fileName: string;
  importedBy?: string | null;
  /** Who and through what, for the audit log (default: the person importing on a page, else the CLI). */
  audit?: { actor: AuditActor; source: AuditSource };
  /**
   * Whether the snapshot counts at once or waits as a preview for the admin to confirm it (ADR 051). The
   * CRM page's uploads are previews; scheduled and API pulls and the command line (unless --preview) count
   * at once. Default: counted.
   */
  status?: "preview" | "counted";
  /** Called as the file streams in: bytes read and records processed so far. */
  onProgress?: (progress: { bytes: number; records: number }) => void;
}

/**
 * Thrown by a stage that finds the file cannot be read as it is; the import rolls back and answers with the
 * refusal.
 */
export class ImportStop extends Error {
  constructor(readonly result: CrmImportRefusal) {
    super(result.status);
  }
}

/** An ImportStop answering "invalid-file" with `message`. */
export function invalidFile(message: string): ImportStop {
  return new ImportStop({ status: "invalid-file", message });
}

/** How many bad rows are listed; the rest are counted. */
export const PROBLEMS_LISTED = 1000;

/**
 * The problems of a file's rows as they are found: the first PROBLEMS_LISTED listed (in file order), all of
 * them counted.
 */
export class RowProblems {
  readonly listed: CrmProblem[] = [];
  count = 0;

  report(problem: CrmProblem): void {
    this.count++;
    if (this.listed.length < PROBLEMS_LISTED) this.listed.push(problem);
  }
}
