import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

/**
 * Writes a closed wave's aggregates per team (the team the responses count for): response, eNPS and
 * comment counts; per dimension the scale scores' n, sum and sum of squares (responses with at least half
 * of the dimension's items answered) and the same for responses complete on the dimension; per item the
 * scored values' n, sum and sum of squares. Idempotent: it replaces what was there. Refuses a wave whose raw
 * answers retention deleted (ADR 037): recomputing it would replace its aggregates with nothing.
 */
export async function aggregateWave(db: Kysely<DB>, waveId: string): Promise<void> {
  const wave = await db.selectFrom("wave").select("rawDeletedAt").where("id", "=", waveId).executeTakeFirst();
  if (wave?.rawDeletedAt) {
    throw new Error(
      `wave ${waveId}: its raw answers were deleted on ${wave.rawDeletedAt.toISOString()} (retention), so its aggregates cannot be computed again; they are kept as they were`,
    );
  }
  await db.deleteFrom("waveTeamStats").where("waveId", "=", waveId).execute();
  await db.deleteFrom("waveTeamDimensionStats").where("waveId", "=", waveId).execute();
  await db.deleteFrom("waveTeamItemStats").where("waveId", "=", waveId).execute();
  await sql`
    insert into wave_team_stats (wave_id, team_id, responses, enps_n, promoters, detractors, comments)
    select ${waveId}, team_id, count(*), count(enps), count(*) filter (where enps >= 9), count(*) filter (where enps <= 6), count(*) filter (where has_comment)
    from (
      select r.team_id,
        (select a.value from answer a join item i on i.id = a.item_id where a.response_id = r.id and i.scale = 'nps11' limit 1) as enps,
        exists (select 1 from answer a where a.response_id = r.id and a.comment is not null) as has_comment
      from response r where r.wave_id = ${waveId}
    ) per_response
    group by team_id`.execute(db);
  await sql`
    with scored as (
      select r.id as response_id, r.team_id, i.dimension_key, a.item_id,
        (case when i.reverse_keyed then 8 - a.value else a.value end)::float8 as s
      from response r join answer a on a.response_id = r.id join item i on i.id = a.item_id
      where r.wave_id = ${waveId} and i.scale = 'agree7' and i.dimension_key is not null and a.value is not null
    ),
    dimension_items as (
      select i.dimension_key, count(*) as k from wave_item wi join item i on i.id = wi.item_id
      where wi.wave_id = ${waveId} and i.scale = 'agree7' and i.dimension_key is not null group by i.dimension_key
    ),
    per_response as (
      -- A response's score is a fraction (its items' mean); it is summed as numeric, exactly, so that the
      -- team's sums do not depend on the order rows are read in (two imports of one file give one result).
      select s.response_id, s.team_id, s.dimension_key, sum(s.s)::numeric / count(*) as score, sum(s.s) as total, count(*) as answered
      from scored s group by s.response_id, s.team_id, s.dimension_key
    ),
    dims as (
      insert into wave_team_dimension_stats (wave_id, team_id, dimension_key, n, sum, sumsq, complete_n, complete_total_sum, complete_total_sumsq)
      select ${waveId}, p.team_id, p.dimension_key, count(*), sum(p.score)::float8, sum(p.score * p.score)::float8,
        count(*) filter (where p.answered = d.k),
        coalesce(sum(p.total) filter (where p.answered = d.k), 0),
        coalesce(sum(p.total * p.total) filter (where p.answered = d.k), 0)
      from per_response p join dimension_items d on d.dimension_key = p.dimension_key
      where p.answered * 2 >= d.k
      group by p.team_id, p.dimension_key
      returning 1
    )
    insert into wave_team_item_stats (wave_id, team_id, item_id, n, sum, sumsq, complete_n, complete_sum, complete_sumsq)
    select ${waveId}, s.team_id, s.item_id, count(*), sum(s.s), sum(s.s * s.s),
      count(*) filter (where p.answered = d.k),
      coalesce(sum(s.s) filter (where p.answered = d.k), 0),
      coalesce(sum(s.s * s.s) filter (where p.answered = d.k), 0)
    from scored s
    join per_response p on p.response_id = s.response_id and p.dimension_key = s.dimension_key
    join dimension_items d on d.dimension_key = s.dimension_key
    group by s.team_id, s.item_id`.execute(db);
  await db.updateTable("wave").set({ aggregated: true }).where("id", "=", waveId).execute();
}
