/**
 * Stage 6 of a CRM import: the loaded rows → the snapshot. The snapshot's table is keyed on the CRM ids
 * (rows whose id an earlier line has are problems), the file is refused if it has problems and only a
 * whole file may be imported, a file already imported (same SHA-256) changes nothing, and otherwise the
 * snapshot row is written and its table attached as its partition (ADR 017).
 */
import type { StagingSession } from "#db/crm-staging";
import { said } from "~/i18n/said";
import { findSnapshotByHash, insertSnapshot, ownersOfSnapshot, unmatchedOwners } from "#db/queries/crm";
import { cleanFileName } from "~/domain/file-name";
import type { NormalisedRows, RecognisedFile } from "./normalise-rows.server";
import { PROBLEMS_LISTED, type CrmImportResult, type CrmProblem } from "./outcome.server";

/** What the stages before found in the file, and its hash. */
export interface LoadedFile {
  file: RecognisedFile;
  rows: NormalisedRows;
  encoding: string;
  contentSha256: string;
}

/** The snapshot being made. */
export interface SnapshotToFinish {
  id: string;
  organisationId: string;
  asOf: string;
  fileName: string;
  importedBy: string | null;
  importValidRows: boolean;
  /** A preview waits for the admin's confirmation; a counted snapshot (the default) feeds the metrics at once (ADR 051). */
  status?: "preview" | "counted";
  /** When it counts from (default: now). */
  at?: Date;
}

/** The import's answer, and whether its transaction is to be committed (else it rolls back: nothing stays). */
export interface Finished {
  commit: boolean;
  value: CrmImportResult;
}

/** The problems and valid rows of a file once its repeated ids are counted. */
interface Tally {
  problems: CrmProblem[];
  problemCount: number;
  validRows: number;
}

const byLine = (a: CrmProblem, b: CrmProblem) => (a.line ?? 0) - (b.line ?? 0);

/** Finishes the snapshot of a loaded file on the import's transaction (`staging`); see the module's comment. */
export async function finishSnapshot(staging: StagingSession, loaded: LoadedFile, snapshot: SnapshotToFinish): Promise<Finished> {
  const { rows } = loaded;
  if (rows.validRows === 0) {
    const { listed, count } = rows.problems;
    const message = said(count ? "crm.import.everyRowWrong" : "crm.import.noDeals");
    return { commit: false, value: { status: "rejected", message, problems: listed, problemCount: count, validRows: 0 } };
  }
  const { problems, problemCount, validRows } = await keyRows(staging, loaded, snapshot.importValidRows);
  if (problemCount > 0 && !snapshot.importValidRows) {
    const message = said("crm.import.rejected", { count: problemCount, valid: validRows });
    return { commit: false, value: { status: "rejected", message, problems: [...problems].sort(byLine), problemCount, validRows } };
  }
  await staging.takeTurn();
  const existing = await findSnapshotByHash(staging.db, snapshot.organisationId, loaded.contentSha256);
  if (existing) {
    const message = existing.status === "preview" ? said("crm.import.alreadyWaiting", { asOf: existing.asOf }) : said("crm.import.alreadyImported", { asOf: existing.asOf });
    return { commit: false, value: { status: "unchanged", snapshotId: existing.id, asOf: existing.asOf, snapshotStatus: existing.status, message } };
  }
  await insertSnapshot(staging.db, {
    id: snapshot.id,
    organisationId: snapshot.organisationId,
    source: loaded.file.format,
    fileName: cleanFileName(snapshot.fileName),
    contentSha256: loaded.contentSha256,
    asOf: snapshot.asOf,
    encoding: loaded.encoding,
    dateOrder: rows.reading.dateOrder,
    importedBy: snapshot.importedBy,
    skippedRows: problems,
    rowCount: validRows,
    status: snapshot.status,
    at: snapshot.at,
  });
  await staging.attach();
  const owners = rows.owners.list() ?? (await ownersOfSnapshot(staging.db, snapshot.id));
  return {
    commit: true,
    value: {
      status: "imported",
      snapshotId: snapshot.id,
      asOf: snapshot.asOf,
      snapshotStatus: snapshot.status ?? "counted",
      review: null,
      format: loaded.file.format,
      encoding: loaded.encoding,
      rows: validRows,
      skipped: problems,
      skippedCount: problemCount,
      unmatchedOwners: await unmatchedOwners(staging.db, snapshot.organisationId, owners),
      warnings: rows.warnings(),
    },
  };
}

/**
 * Builds the snapshot table's primary key. When a CRM id is on two rows, the later rows are problems
 * ("… is already on line N", in the ID column), their owners' deals are not counted, and with
 * `importValidRows` they are deleted and the key built again.
 */
async function keyRows(staging: StagingSession, loaded: LoadedFile, importValidRows: boolean): Promise<Tally> {
  const { problems, owners, validRows } = loaded.rows;
  if (await staging.key()) return { problems: problems.listed, problemCount: problems.count, validRows };
  const duplicates = await staging.findDuplicates(PROBLEMS_LISTED);
  const { header, mapping } = loaded.file;
  const column = (mapping.crmId === undefined ? undefined : header[mapping.crmId]) ?? "ID";
  const repeated = duplicates.listed.map((d): CrmProblem => ({ line: d.line, column, reason: said("crm.problem.duplicate", { id: d.crmId, line: String(d.firstLine) }) }));
  for (const o of duplicates.byOwner) owners.remove(o.owner, o.rows);
  if (importValidRows) {
    await staging.dropDuplicates();
    if (!(await staging.key())) throw new Error("a CRM id is still on two rows after the later ones were dropped");
  }
  return {
    problems: [...problems.listed, ...repeated].sort(byLine).slice(0, PROBLEMS_LISTED),
    problemCount: problems.count + duplicates.count,
    validRows: validRows - duplicates.count,
  };
}
