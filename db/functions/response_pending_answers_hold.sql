-- What the CHECK constraint response_pending_answers cannot say because it needs a query: a response's
-- pending answers name only items its wave asks, each item once, and every comment has 1 to 2,000
-- characters. The form and the ballot path check the same before storing (parseAnswers); this is the
-- database's own guard against any other writer. The errcodes are the ones a foreign key, a unique key and
-- a CHECK would raise, so callers handle them alike.
-- Trigger: response_pending_answers_hold, before insert or update of pending_item_ids, pending_comments,
-- wave_id on response, when pending_item_ids is not null (migration 0014).
create or replace function response_pending_answers_hold() returns trigger language plpgsql as $$
declare
  v_unknown_item boolean;
  v_item_twice boolean;
  v_bad_comment boolean;
begin
  -- The three checks in one statement: each statement of a trigger is an executor run per row (ADR 045).
  select not (new.pending_item_ids <@ coalesce((select array_agg(wi.item_id) from wave_item wi where wi.wave_id = new.wave_id), '{}')),
         cardinality(new.pending_item_ids) <> (select count(distinct i) from unnest(new.pending_item_ids) as i),
         exists (select 1 from unnest(new.pending_comments) as c where char_length(c) not between 1 and 2000)
    into v_unknown_item, v_item_twice, v_bad_comment;
  if v_unknown_item then
    raise exception 'an answer refers to an item its wave does not ask' using errcode = 'foreign_key_violation';
  end if;
  if v_item_twice then
    raise exception 'a response answers an item twice' using errcode = 'unique_violation';
  end if;
  if v_bad_comment then
    raise exception 'a comment must have 1 to 2,000 characters' using errcode = 'check_violation';
  end if;
  return new;
end $$;
