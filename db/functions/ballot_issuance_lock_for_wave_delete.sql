-- An issuance follows its wave without a foreign key (migration 0042, ADR 059): before any wave is deleted,
-- ballot_issuance is locked against new issuances (issue_ballot takes ROW EXCLUSIVE first), so that every
-- issuance in flight has committed and is seen by the row trigger below, and none starts until the delete
-- has committed (it then reads the wave gone and refuses).
-- Trigger: wave_delete_locks_ballot_issuance, before delete on wave, for each statement (0042).
create or replace function ballot_issuance_lock_for_wave_delete() returns trigger language plpgsql as $$
begin
  lock table ballot_issuance in share row exclusive mode;
  return null;
end $$;
