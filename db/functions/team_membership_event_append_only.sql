-- Audience changes made visible (migration 0017): team_membership_event is append-only, so that an admin
-- cannot erase who joined a team just before a pulse. A delete that a foreign key cascades runs inside the
-- referential trigger (depth > 1) and is let through: the organisation, person or team it belongs to is
-- going away.
-- Trigger: team_membership_event_append_only, before update or delete on team_membership_event (0017).
create or replace function team_membership_event_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception 'team membership events are append-only' using errcode = 'insufficient_privilege';
end $$;
