import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// submit_first_response (0003) stored a person's first answer in one statement, but a resent form (a
// double click, a retry, a reloaded POST) fell through to the service's slower path: eight more round trips
// to find that the form had been stored already. The function now answers that case too: the person has
// answered and a response of this wave carries this form's edit key → the wave's closing time, nothing
// stored. Anything else it cannot decide (an answer from another browser, a change with the edit cookie)
// still returns null for the service to handle.
//
// It also takes its lock on `response` first, as the comment on sealWave says submits do: closing a wave
// locks `response` and then rewrites the wave's participation rows, so a submit that had locked its
// participation row before inserting its response could deadlock with a close (PostgreSQL would abort one).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function submit_first_response(
      p_wave uuid, p_person uuid, p_now timestamptz, p_edit_key bytea,
      p_items uuid[], p_values smallint[], p_comments text[]
    ) returns timestamptz language plpgsql as $$
    declare
      v_team uuid;
      v_closes timestamptz;
      v_today date;
      v_answered date;
      v_response uuid;
    begin
      -- Before the snapshot of the next statement: a close in progress is waited for, then seen.
      lock table response in row exclusive mode;
      select a.team_id, w.closes_at, (p_now at time zone o.timezone)::date, p.answered_on
        into v_team, v_closes, v_today, v_answered
      from participation p
      join wave_audience a on a.wave_id = p.wave_id and a.person_id = p.person_id
      join wave w on w.id = p.wave_id
      join organisation o on o.id = w.organisation_id
      where p.wave_id = p_wave and p.person_id = p_person
        and w.status = 'open' and w.closes_at > p_now
      for update of p;
      if not found then
        return null;
      end if;
      if v_answered is not null then
        -- The same form again: it was stored the first time, so answer as then and store nothing.
        if exists (select 1 from response where wave_id = p_wave and edit_key_hash = p_edit_key) then
          return v_closes;
        end if;
        return null;
      end if;
      insert into response (wave_id, team_id, submitted_week, edit_key_hash)
      values (p_wave, v_team, date_trunc('week', v_today)::date, p_edit_key)
      returning id into v_response;
      insert into answer (response_id, item_id, value, comment)
      select v_response, x.item_id, x.value, x.comment
      from unnest(p_items, p_values, p_comments) as x(item_id, value, comment);
      update participation set answered_on = v_today where wave_id = p_wave and person_id = p_person;
      return v_closes;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function submit_first_response(
      p_wave uuid, p_person uuid, p_now timestamptz, p_edit_key bytea,
      p_items uuid[], p_values smallint[], p_comments text[]
    ) returns timestamptz language plpgsql as $$
    declare
      v_team uuid;
      v_closes timestamptz;
      v_today date;
      v_response uuid;
    begin
      select a.team_id, w.closes_at, (p_now at time zone o.timezone)::date
        into v_team, v_closes, v_today
      from participation p
      join wave_audience a on a.wave_id = p.wave_id and a.person_id = p.person_id
      join wave w on w.id = p.wave_id
      join organisation o on o.id = w.organisation_id
      where p.wave_id = p_wave and p.person_id = p_person and p.answered_on is null
        and w.status = 'open' and w.closes_at > p_now
      for update of p;
      if not found then
        return null;
      end if;
      insert into response (wave_id, team_id, submitted_week, edit_key_hash)
      values (p_wave, v_team, date_trunc('week', v_today)::date, p_edit_key)
      returning id into v_response;
      insert into answer (response_id, item_id, value, comment)
      select v_response, x.item_id, x.value, x.comment
      from unnest(p_items, p_values, p_comments) as x(item_id, value, comment);
      update participation set answered_on = v_today where wave_id = p_wave and person_id = p_person;
      return v_closes;
    end $$`.execute(db);
}
