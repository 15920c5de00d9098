-- The audit log (migration 0020, ADR 036): a person's details in an audit entry (names, emails) are kept
-- outside the hash chain so that erasure can delete them; they may be deleted (forgotten) but never changed.
-- Trigger: audit_personal_detail_unchanged, before update on audit_personal_detail (0020).
create or replace function audit_personal_detail_unchanged() returns trigger language plpgsql as $$
begin
  raise exception 'personal details of audit entries are never changed, only forgotten' using errcode = 'insufficient_privilege';
end $$;
