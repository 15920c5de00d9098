import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Forms that create something (a pulse program, an action plan, an invitation, an API token) carry a
// random key, made when the page is shown. The use case records the key with what it created, in the same
// transaction; the same form sent again (a second click, the browser's back button and "send again") finds
// its key and gets the first answer instead of a duplicate (issue 22). The key is unique per organisation
// and kind; rows are small and may be deleted after a day (nothing reads older ones).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("form_submission")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('program', 'action-plan', 'invitation', 'api-token')`))
    .addColumn("key", "uuid", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("result_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("form_submission_pkey", ["organisation_id", "kind", "key"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("form_submission").execute();
}
