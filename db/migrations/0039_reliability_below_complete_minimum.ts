import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Cronbach's α and rwg(j) describe how the people who answered every item of a scale agree. Since issue
// 19 (part 4) a group's α and rwg(j) are shown only when at least the wave's minimum group (and at least
// two) answered every item of the scale; a wave closed before that rule kept, in its materialized results,
// the α and rwg(j) of groups with fewer complete answer sets (two people's disagreement). This clears them:
// for every dimension cell of a closed wave, the complete answer sets of the group — its team and every
// team below it in the tree as it was at close (wave_team), everyone for the organisation's row ('org') —
// are summed from the wave's aggregates, and α and rwg(j) become null where that sum is below the minimum.
// Means, intervals and n are untouched: they were gated on all answers, as they still are.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    with recursive below(wave_id, group_id, team_id) as (
      select wave_id, team_id::text, team_id from wave_team
      union all
      select b.wave_id, b.group_id, c.team_id from below b join wave_team c on c.wave_id = b.wave_id and c.parent_id = b.team_id
    ),
    complete as (
      select b.wave_id, b.group_id, s.dimension_key, sum(s.complete_n) as n
      from below b join wave_team_dimension_stats s on s.wave_id = b.wave_id and s.team_id = b.team_id
      group by b.wave_id, b.group_id, s.dimension_key
      union all
      select s.wave_id, 'org', s.dimension_key, sum(s.complete_n)
      from wave_team_dimension_stats s
      where exists (select 1 from wave_team t where t.wave_id = s.wave_id and t.team_id = s.team_id)
      group by s.wave_id, s.dimension_key
    )
    update wave_group_result r set alpha = null, rwg_j = null
    from wave w
    where w.id = r.wave_id and r.kind = 'dimension' and (r.alpha is not null or r.rwg_j is not null)
      and coalesce((select c.n from complete c where c.wave_id = r.wave_id and c.group_id = r.group_id and c.dimension_key = r.key), 0)
        < greatest(w.min_group_size, 2)`.execute(db);
}

// The cleared figures cannot be recomputed without the rule they broke; going down leaves them cleared.
export async function down(): Promise<void> {}
