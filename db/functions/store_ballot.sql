-- Ballots (ADR 021): stores a ballot's answers under the hash of its token, in one statement and one
-- transaction with nothing else in it (no participation row is written with it, so they share no xmin).
-- A new token inserts a response; the same token again (a change, or a double send at the same moment)
-- replaces that response's answers. p_existing_only: only a replacement (a change sent without JavaScript,
-- whose token came back in a cookie). Returns the wave's close and whether an earlier response was replaced;
-- no row when the wave is not open (or nothing matched p_existing_only, or the token's response belongs to
-- another team, which only a forged signature could cause).
-- p_thread_key: the key of the comment's conversation (ADR 054), from the same token; null without JavaScript.
-- Called by db/queries/ballots.ts storeBallot.
create or replace function store_ballot(p_wave uuid, p_team uuid, p_hash bytea, p_thread_key bytea, p_now timestamptz, p_existing_only boolean,
  p_items uuid[], p_values smallint[], p_comments text[],
  out closes_at timestamptz, out replaced boolean)
language plpgsql as $$
#variable_conflict use_column
declare
  v_id uuid;
  v_team uuid;
begin
  -- Before the snapshot of the next statement: a close in progress is waited for, then seen (sealWave).
  lock table response in row exclusive mode;
  select w.closes_at into closes_at from wave w where w.id = p_wave and w.status = 'open' and w.closes_at > p_now;
  if not found then
    return;
  end if;
  -- Every lookup goes by the unique (wave, ballot hash) key alone, whatever the table's statistics.
  if p_existing_only then
    select r.id, r.team_id into v_id, v_team from response r where r.wave_id = p_wave and r.ballot_hash = p_hash for update;
    if not found or v_team <> p_team then
      closes_at := null;
      return;
    end if;
    update response set pending_item_ids = p_items, pending_values = p_values, pending_comments = p_comments where id = v_id;
    replaced := true;
  else
    -- A new token inserts; the same token again (a change, or a double send at the same moment) updates.
    insert into response as r (wave_id, team_id, ballot_hash, thread_key, pending_item_ids, pending_values, pending_comments)
      values (p_wave, p_team, p_hash, p_thread_key, p_items, p_values, p_comments)
      on conflict (wave_id, ballot_hash) do update
        set pending_item_ids = excluded.pending_item_ids, pending_values = excluded.pending_values, pending_comments = excluded.pending_comments
        where r.team_id = excluded.team_id
      returning r.id, r.xmax <> 0 into v_id, replaced;
    if not found then
      -- The token's response counts for another team: only a forged signature could get here.
      closes_at := null;
      return;
    end if;
  end if;
  if replaced then
    -- Answer rows exist only for responses stored before migration 0014.
    delete from answer where response_id = v_id;
  end if;
end $$;
