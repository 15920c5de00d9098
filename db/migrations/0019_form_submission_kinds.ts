import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Three more creating forms carry a submission key (issue 22): a new play, a new team and a new training
// cohort. The same form sent twice creates one row, like the four kinds of 0018.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table form_submission drop constraint form_submission_kind_check`.execute(db);
  await sql`alter table form_submission add constraint form_submission_kind_check
    check (kind in ('program', 'action-plan', 'invitation', 'api-token', 'play', 'team', 'cohort'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from form_submission where kind in ('play', 'team', 'cohort')`.execute(db);
  await sql`alter table form_submission drop constraint form_submission_kind_check`.execute(db);
  await sql`alter table form_submission add constraint form_submission_kind_check
    check (kind in ('program', 'action-plan', 'invitation', 'api-token'))`.execute(db);
}
