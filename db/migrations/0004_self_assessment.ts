import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// The manager's self-assessment is identified on purpose (it is their own view of their team) and kept
// apart from the reps' anonymous responses.

export async function up(db: Kysely<any>): Promise<void> {
  // Each item mirrored in the first person from the manager's side; null = not asked of managers.
  await db.schema.alterTable("item").addColumn("manager_text", "text").execute();

  // One per team and wave, created when the wave opens (the invitation); submitted_at when answered.
  await db.schema
    .createTable("self_assessment")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("manager_id", "uuid", (c) => c.notNull().references("person.id"))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("updated_at", "timestamptz")
    .addPrimaryKeyConstraint("self_assessment_pk", ["wave_id", "team_id"])
    .execute();
  await db.schema.createIndex("self_assessment_manager_idx").on("self_assessment").columns(["manager_id", "wave_id"]).execute();

  await db.schema
    .createTable("self_assessment_answer")
    .addColumn("wave_id", "uuid", (c) => c.notNull())
    .addColumn("team_id", "uuid", (c) => c.notNull())
    .addColumn("item_id", "uuid", (c) => c.notNull().references("item.id"))
    .addColumn("value", "smallint", (c) => c.notNull().check(sql`value between 1 and 7`))
    .addPrimaryKeyConstraint("self_assessment_answer_pk", ["wave_id", "team_id", "item_id"])
    .addForeignKeyConstraint("self_assessment_answer_assessment", ["wave_id", "team_id"], "self_assessment", ["wave_id", "team_id"], (c) => c.onDelete("cascade"))
    .execute();

  await db.schema
    .alterTable("wave_reminder")
    .addColumn("manager_sent_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("wave_reminder").dropColumn("manager_sent_count").execute();
  await db.schema.dropTable("self_assessment_answer").execute();
  await db.schema.dropTable("self_assessment").execute();
  await db.schema.alterTable("item").dropColumn("manager_text").execute();
}
