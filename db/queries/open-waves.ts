import type { Kysely } from "kysely";
import type { DB } from "../schema";

/** The open waves of an organisation that asked anyone of these teams, newest first. */
export async function listOpenWavesAskingTeams(db: Kysely<DB>, organisationId: string, teamIds: readonly string[]): Promise<string[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom("wave")
    .select("wave.id")
    .where("wave.organisationId", "=", organisationId)
    .where("wave.status", "=", "open")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("waveAudience as a")
          .select("a.waveId")
          .whereRef("a.waveId", "=", "wave.id")
          .where("a.teamId", "in", [...teamIds]),
      ),
    )
    .orderBy("wave.periodStart", "desc")
    .orderBy("wave.id")
    .execute();
  return rows.map((r) => r.id);
}
