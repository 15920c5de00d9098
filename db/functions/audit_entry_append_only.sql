-- The audit log (migration 0020, ADR 036): audit entries are never changed or deleted, so that whoever runs
-- Candor cannot quietly rewrite who did what. A delete that a foreign key cascades runs inside the
-- referential trigger (depth > 1) and is let through: the organisation it belongs to is going away. The hash
-- chain (`candor audit verify`) is what shows a change made around this trigger.
-- Trigger: audit_entry_append_only, before update or delete on audit_entry (0020).
create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception 'audit entries are append-only' using errcode = 'insufficient_privilege';
end $$;
