import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Manager trainings that sales enablement records (which managers took it, which dimensions it targets),
// so that Candor can compare the trained managers' teams before and after with similar untrained teams.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("training_cohort")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("held_on", "date", (c) => c.notNull())
    .addColumn("dimension_keys", sql`text[]`, (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("training_cohort_organisation_idx").on("training_cohort").columns(["organisation_id", "held_on"]).execute();
  await db.schema
    .createTable("training_participant")
    .addColumn("cohort_id", "uuid", (c) => c.notNull().references("training_cohort.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("person.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("training_participant_pk", ["cohort_id", "person_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("training_participant").execute();
  await db.schema.dropTable("training_cohort").execute();
}
