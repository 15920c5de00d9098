-- An issuance follows its wave without a foreign key (migration 0042, ADR 059): a deleted wave's issuances go
-- with it, as the foreign key's ON DELETE CASCADE did.
-- Trigger: wave_delete_takes_ballot_issuance, after delete on wave, for each row (0042).
create or replace function ballot_issuance_follow_wave_delete() returns trigger language plpgsql as $$
begin
  delete from ballot_issuance where wave_id = old.id;
  return null;
end $$;
