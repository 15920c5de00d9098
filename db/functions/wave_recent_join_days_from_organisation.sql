-- Audience changes made visible (migration 0017): a new wave takes the organisation's recent-join window
-- (how many days before it opens a join counts as recent) unless one is given, so that the code which
-- opens waves need not know about it.
-- Trigger: wave_recent_join_days_from_organisation, before insert on wave (migration 0017).
create or replace function wave_recent_join_days_from_organisation() returns trigger language plpgsql as $$
begin
  if new.recent_join_days is null then
    select o.recent_join_days into new.recent_join_days from organisation o where o.id = new.organisation_id;
  end if;
  return new;
end $$;
