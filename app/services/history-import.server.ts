import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import { addDays, startOfDayInZone } from "~/domain/calendar";
import { readHistory, type HistoryProblem } from "~/domain/history";
import { cleanFileName } from "~/domain/file-name";
import { dateInZone } from "~/domain/organisation-settings";
import { findOrganisationById } from "#db/queries/organisations";
import { listItems } from "#db/queries/instrument";
import { insertProgram } from "#db/queries/programs";
import { listTeamNodes } from "#db/queries/teams";
import { insertWaveIfAbsent } from "#db/queries/waves";
import { aggregateWave } from "#db/queries/aggregates";
import { materializeWaveResults } from "./results-materialize.server";
import { ensureItemBank } from "./instrument.server";
import { recordAudit, type AuditActor, type AuditSource } from "./audit.server";

export type HistoryImportResult = { ok: false; problems: HistoryProblem[] } | { ok: true; programId: string; programName: string; waves: number; responses: number };

/** How long an imported wave is taken to have been open: its close date dates its comments. */
const IMPORTED_WAVE_DAYS = 14;

/**
 * Imports past results: each row one anonymous response. All rows are checked first; any problem and
 * nothing is written. The import becomes a pulse program named after the file whose waves are closed
 * and sealed, with the organisation's current thresholds locked on them, so they behave like any
 * closed wave. The same file name twice is refused (it would count the responses twice). `by`: who, for the
 * audit log (default: the CLI); the entry counts waves and responses and holds no answer.
 */
export async function importHistory(
  app: AppContext,
  organisationId: string,
  fileName: string,
  text: string,
  by: { actor: AuditActor; source: AuditSource } = { actor: { kind: "system", name: "cli" }, source: "cli" },
): Promise<HistoryImportResult> {
  await ensureItemBank(app.db, organisationId);
  const org = await findOrganisationById(app.db, organisationId);
  if (!org) throw new Error("organisation missing");
  const [items, teams] = await Promise.all([listItems(app.db, organisationId), listTeamNodes(app.db, organisationId)]);
  const today = dateInZone(app.now(), org.timezone);
  const { rows, problems, itemCodes } = readHistory(text, { items, teamNames: teams.map((t) => t.name), today });
  if (problems.length > 0) return { ok: false, problems };

  const programName =
    cleanFileName(fileName)
      .replace(/\.csv$/i, "")
      .trim() || "Imported history";
  const teamIdByName = new Map(teams.map((t) => [t.name.toLowerCase(), t.id]));
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  return app.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("pulseProgram")
      .select("id")
      .where("organisationId", "=", organisationId)
      .where("source", "=", "history")
      .where("name", "=", programName)
      .executeTakeFirst();
    if (existing) {
      return {
        ok: false as const,
        problems: [{ line: null, message: said("adminHistory.alreadyImported", { name: programName }) }],
      };
    }
    const program = await insertProgram(
      trx,
      { organisationId, name: programName, cadence: "once", startsOn: periods[0]!, openDays: IMPORTED_WAVE_DAYS, reminderDays: [], source: "history", active: false },
      itemCodes.map((code) => items.find((i) => i.code === code)!.id),
      [...new Set(rows.map((r) => teamIdByName.get(r.teamName.toLowerCase())!))].map((teamId) => ({ teamId, includeSubteams: false })),
    );
    let responses = 0;
    for (const period of periods) {
      const opensAt = startOfDayInZone(period, org.timezone);
      const closesAt = new Date(Math.min(startOfDayInZone(addDays(period, IMPORTED_WAVE_DAYS), org.timezone).getTime(), app.now().getTime() + 1000));
      const waveId = (await insertWaveIfAbsent(trx, {
        organisationId,
        programId: program.id,
        periodStart: period,
        opensAt,
        closesAt,
        status: "closed",
        closedAt: closesAt,
        minGroupSize: org.minGroupSize,
        minCommentGroupSize: org.minCommentGroupSize,
      }))!;
      await trx
        .insertInto("waveItem")
        .values(itemCodes.map((code, position) => ({ waveId, itemId: items.find((i) => i.code === code)!.id, position })))
        .execute();
      // Rows are written in random order, so the file's order is not kept in the database either.
      const inWave = rows.filter((r) => r.period === period).sort(() => Math.random() - 0.5);
      for (const row of inWave) {
        const response = await trx
          .insertInto("response")
          .values({ waveId, teamId: teamIdByName.get(row.teamName.toLowerCase())! })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("answer")
          .values(row.answers.map((a) => ({ responseId: response.id, ...a })))
          .execute();
        responses++;
      }
      await trx.updateTable("wave").set({ sealed: true }).where("id", "=", waveId).execute();
      await aggregateWave(trx, waveId);
      await materializeWaveResults(trx, waveId);
    }
    await recordAudit(trx, {
      organisationId,
      ...by,
      action: "history.import",
      target: { type: "program", id: program.id },
      after: { program: programName, waves: periods.length, responses, items: itemCodes, teams: new Set(rows.map((r) => r.teamName.toLowerCase())).size },
      at: app.now(),
    });
    return { ok: true as const, programId: program.id, programName, waves: periods.length, responses };
  });
}
