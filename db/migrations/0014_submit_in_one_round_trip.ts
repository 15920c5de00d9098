import { sql, type Kysely } from "kysely";
import { up as up0013 } from "./0013_submit_resend_in_one_statement";

// Frozen in time: migrations use Kysely<any> and import no application code. See ADR 016.
//
// 1. While a wave is open, a response keeps its answers on its own row, as three arrays (item, value,
//    comment; same position, same answer), instead of one `answer` row each. A submit wrote 25 rows, 27
//    index entries and 26 foreign-key checks, 24 of which locked the same item rows for every submit
//    (lock records and shared-lock multixacts in the WAL); measured with pgbench, a submit cost PostgreSQL
//    about 1.8 ms of CPU with answer rows and 0.8 ms with the arrays. When the wave closes, sealing moves
//    the answers into `answer` rows under the responses' new ids (as it already rewrote every response),
//    so closed waves, results and history keep one row per answer and their foreign keys. The view
//    response_answer reads both, for the few readers that may meet an open wave.
//    The arrays hold what the rows held, checked as the rows were: same lengths, a value (0–10) or a
//    comment at each position (a CHECK), comments of 1–2,000 characters, no item twice, and only items
//    the response's wave asks (a trigger: stricter than the key to any item).
// 2. A signed-in rep's submit took two round trips: the session, then submit_first_response. It now takes
//    one: submit_pulse_in_session checks the session (id, SHA-256 of its secret, expiry, an active
//    person), slides its expiry as the application does, and stores the first answer for the session's
//    person. It returns the person (null: no valid session, nothing done), the wave's closing time (null:
//    not the common case, the application takes its longer path) and the session's new expiry when it
//    was renewed.
// 3. submit_first_response claims the participation row with the update that marks it (no separate
//    SELECT … FOR UPDATE and its lock record). Lock order as before: response, then participation (sealWave).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table response add column pending_item_ids uuid[], add column pending_values smallint[], add column pending_comments text[]`.execute(db);
  // What each answer row's checks said, as expressions on the arrays (a CHECK whose SQL function ran a query
  // per row cost 0.45 ms a submit: such functions are planned on every call).
  await sql`
    alter table response add constraint response_pending_answers check (
      num_nulls(pending_item_ids, pending_values, pending_comments) = 3
      -- A NULL would pass a CHECK: every shape the arrays must not have (one array missing, empty, two
      -- dimensions, an index not starting at 1) makes this branch false, never NULL.
      or coalesce(
        num_nulls(pending_item_ids, pending_values, pending_comments) = 0
        and array_ndims(pending_item_ids) = 1 and array_ndims(pending_values) = 1 and array_ndims(pending_comments) = 1
        and array_lower(pending_item_ids, 1) = 1 and array_lower(pending_values, 1) = 1 and array_lower(pending_comments, 1) = 1
        and cardinality(pending_item_ids) = cardinality(pending_values) and cardinality(pending_item_ids) = cardinality(pending_comments)
        and array_position(pending_item_ids, null) is null
        and 0 <= all (array_remove(pending_values, null)) and 10 >= all (array_remove(pending_values, null))
        and not (array_positions(pending_values, null) && array_positions(pending_comments, null))
        and cardinality(array_positions(pending_values, null)) + cardinality(array_positions(pending_comments, null)) = cardinality(pending_item_ids),
        false)
    )`.execute(db);
  // And what needs a query: only items the wave asks, each once, comments of 1–2,000 characters.
  await sql`
    create function response_pending_answers_hold() returns trigger language plpgsql as $$
    begin
      if not (new.pending_item_ids <@ coalesce((select array_agg(wi.item_id) from wave_item wi where wi.wave_id = new.wave_id), '{}')) then
        raise exception 'an answer refers to an item its wave does not ask' using errcode = 'foreign_key_violation';
      end if;
      if cardinality(new.pending_item_ids) <> (select count(distinct i) from unnest(new.pending_item_ids) as i) then
        raise exception 'a response answers an item twice' using errcode = 'unique_violation';
      end if;
      if exists (select 1 from unnest(new.pending_comments) as c where char_length(c) not between 1 and 2000) then
        raise exception 'a comment must have 1 to 2,000 characters' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger response_pending_answers_hold before insert or update of pending_item_ids, pending_comments, wave_id on response
    for each row when (new.pending_item_ids is not null) execute function response_pending_answers_hold()`.execute(db);
  await sql`
    create view response_answer as
      select a.response_id, a.item_id, a.value, a.comment from answer a
      union all
      select r.id, x.item_id, x.value, x.comment
      from response r cross join lateral unnest(r.pending_item_ids, r.pending_values, r.pending_comments) as x(item_id, value, comment)
      where r.pending_item_ids is not null`.execute(db);

  await sql`
    create or replace function submit_first_response(
      p_wave uuid, p_person uuid, p_now timestamptz, p_edit_key bytea,
      p_items uuid[], p_values smallint[], p_comments text[]
    ) returns timestamptz language plpgsql as $$
    declare
      v_team uuid;
      v_closes timestamptz;
      v_today date;
    begin
      -- Before the snapshot of the next statement: a close in progress is waited for, then seen.
      lock table response in row exclusive mode;
      -- A second submit of the same person waits here for the first, then finds them answered.
      update participation p set answered_on = (p_now at time zone o.timezone)::date
      from wave_audience a, wave w, organisation o
      where p.wave_id = p_wave and p.person_id = p_person and p.answered_on is null
        and a.wave_id = p.wave_id and a.person_id = p.person_id
        and w.id = p.wave_id and w.status = 'open' and w.closes_at > p_now
        and o.id = w.organisation_id
      returning a.team_id, w.closes_at, p.answered_on into v_team, v_closes, v_today;
      if not found then
        -- Answered already: the same form again was stored the first time, so answer as then and store
        -- nothing. Null for anything else (another form, not asked, closed) for the application to say why.
        select w.closes_at into v_closes
        from participation p join wave w on w.id = p.wave_id
        where p.wave_id = p_wave and p.person_id = p_person and p.answered_on is not null
          and w.status = 'open' and w.closes_at > p_now
          and exists (select 1 from response r where r.wave_id = p_wave and r.edit_key_hash = p_edit_key);
        return v_closes;
      end if;
      insert into response (wave_id, team_id, submitted_week, edit_key_hash, pending_item_ids, pending_values, pending_comments)
      values (p_wave, v_team, date_trunc('week', v_today)::date, p_edit_key, p_items, p_values, p_comments);
      return v_closes;
    end $$`.execute(db);

  await sql`
    create function submit_pulse_in_session(
      p_session text, p_secret_hash bytea, p_renew_within interval, p_lifetime interval,
      p_wave uuid, p_now timestamptz, p_form_key text,
      p_items uuid[], p_values smallint[], p_comments text[],
      out person_id uuid, out closes_at timestamptz, out session_expires_at timestamptz
    ) language plpgsql as $$
    #variable_conflict use_column
    declare
      v_expires timestamptz;
    begin
      select s.person_id, s.expires_at into person_id, v_expires
      from session s join person p on p.id = s.person_id
      where s.id = p_session and s.secret_hash = p_secret_hash and s.expires_at > p_now and p.active;
      if not found then
        return;
      end if;
      -- The edit key as the application computes it: SHA-256 of '<form key>:<person id>'.
      closes_at := submit_first_response(p_wave, person_id, p_now,
        sha256(convert_to(p_form_key || ':' || person_id::text, 'UTF8')), p_items, p_values, p_comments);
      -- Renewed after the submit, so the session row is not held locked while a submit waits for a close.
      if v_expires - p_now < p_renew_within then
        session_expires_at := p_now + p_lifetime;
        update session set expires_at = session_expires_at where id = p_session;
      end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function submit_pulse_in_session`.execute(db);
  await up0013(db);
  // Answers still on open responses become rows again before the arrays go.
  await sql`insert into answer (response_id, item_id, value, comment)
    select response_id, item_id, value, comment from response_answer a
    where not exists (select 1 from answer b where b.response_id = a.response_id and b.item_id = a.item_id)`.execute(db);
  await sql`drop view response_answer`.execute(db);
  await sql`drop trigger response_pending_answers_hold on response`.execute(db);
  await sql`drop function response_pending_answers_hold`.execute(db);
  await sql`alter table response drop constraint response_pending_answers`.execute(db);
  await sql`alter table response drop column pending_item_ids, drop column pending_values, drop column pending_comments`.execute(db);
}
