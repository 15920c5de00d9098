import type { Kysely } from "kysely";
import type { DB } from "../schema";

/**
 * The organisation's last closed waves (newest first) with their per-language signature counts (ADR 058),
 * taken at close by sealWave. Only this organisation's waves: the counts are never asked for across them.
 */
export async function listClosedWaveLanguageCounts(db: Kysely<DB>, organisationId: string, waves: number) {
  const closed = await db
    .selectFrom("wave")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .select(["wave.id", "wave.closedAt", "wave.opensAt", "wave.minGroupSize", "p.name as programName"])
    .where("wave.organisationId", "=", organisationId)
    .where("wave.status", "=", "closed")
    .where("wave.sealed", "=", true)
    // Waves closed before languages were counted (or with no answers) have nothing to show.
    .where((eb) => eb.exists(eb.selectFrom("waveLanguageCount as c").select("c.waveId").whereRef("c.waveId", "=", "wave.id")))
    .orderBy("wave.closedAt", "desc")
    .orderBy("wave.id")
    .limit(waves)
    .execute();
  if (closed.length === 0) return [];
  const counts = await db
    .selectFrom("waveLanguageCount")
    .select(["waveId", "language", "responses"])
    .where(
      "waveId",
      "in",
      closed.map((w) => w.id),
    )
    .execute();
  return closed.map((w) => ({ ...w, counts: counts.filter((c) => c.waveId === w.id).map((c) => ({ language: c.language, responses: c.responses })) }));
}
