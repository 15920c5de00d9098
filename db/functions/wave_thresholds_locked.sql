-- A wave's anonymity thresholds (the minimum group for results and for comments) are fixed when it
-- opens: whoever changes them afterwards, through Candor or with SQL, is refused. Lowering them after
-- answers came in would show groups smaller than the rule the reps were promised when they answered.
-- Trigger: wave_thresholds_locked, before update on wave (migration 0003).
create or replace function wave_thresholds_locked() returns trigger language plpgsql as $$
begin
  if new.min_group_size <> old.min_group_size or new.min_comment_group_size <> old.min_comment_group_size then
    raise exception 'the anonymity thresholds of a wave are locked when it opens' using errcode = 'check_violation';
  end if;
  return new;
end $$;
