-- Audience changes made visible (migration 0017): a wave's recent-join window is locked like its
-- thresholds, so that shortening the organisation's window afterwards cannot hide a team padded with
-- accounts just before the pulse.
-- Trigger: wave_recent_join_days_locked, before update on wave (migration 0017).
create or replace function wave_recent_join_days_locked() returns trigger language plpgsql as $$
begin
  if new.recent_join_days <> old.recent_join_days then
    raise exception 'the recent join window of a wave is locked when it opens' using errcode = 'check_violation';
  end if;
  return new;
end $$;
