import type { AppContext } from "~/context.server";
import { ConflictError, InputError } from "~/domain/errors";
import { plural } from "~/domain/plural";
import type { Database } from "#db/client";
import { moveDatabase, SchemaMismatchError, TargetNotEmptyError, type MoveProgress, type MoveReport } from "#db/move";
import { listOrganisations } from "#db/queries/organisations";
import { checkBallotKeysOpen } from "./ballots.server";

export interface DatabaseMove {
  report: MoveReport;
  organisations: Array<{ slug: string; name: string }>;
  /** Open waves whose ballot keys are sealed under the secret key (it must go with the data). */
  openWavesWithSealedKeys: number;
}

/**
 * Moves an installation's embedded database (`source`, PGlite, opened in `app`) into PostgreSQL (`target`),
 * whole and in one transaction (ADR 038). Both must be migrated. Refused, with nothing changed, when the
 * target holds data (unless `replace`), when the schemas differ, or when this process's secret key does not
 * open the open waves' ballot keys: the servers on PostgreSQL will need the key that sealed them, and a move
 * run with another one is a sign that the operator has not got it.
 */
export async function moveToPostgres(app: AppContext, target: Database, options: { replace: boolean; onProgress?: (progress: MoveProgress) => void }): Promise<DatabaseMove> {
  const keys = await checkBallotKeysOpen(app);
  if (keys.opened < keys.sealed) {
    throw new InputError(
      `The secret key of this environment does not open the ballot keys of ${plural(keys.sealed - keys.opened, "open wave")}: they were sealed under another ` +
        "CANDOR_SECRET_KEY (or CANDOR_SECRET_KEY_FILE). Run the move with the key the embedded installation used, and give that key to every server on PostgreSQL. Nothing was moved.",
    );
  }
  const organisations = await listOrganisations(app.db, 1000);
  try {
    const report = await moveDatabase(app.database, target, options);
    return { report, organisations, openWavesWithSealedKeys: keys.sealed };
  } catch (error) {
    if (error instanceof TargetNotEmptyError) {
      throw new ConflictError(
        `The target database already holds Candor data (${error.tables.map((t) => `${t.table}: ${t.rows}`).join(", ")}). Nothing was moved. ` +
          "Give --replace to delete it and move this installation's data in its place, in one transaction.",
      );
    }
    if (error instanceof SchemaMismatchError) throw new ConflictError(`The two databases' schemas differ (${error.message}). Nothing was moved.`);
    throw error;
  }
}
