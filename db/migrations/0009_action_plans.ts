import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// A manager's action plan after a team conversation: what the team will do about one dimension, who
// owns it and when to look at it again. It names the wave whose results prompted it, so that the next
// closed wave can bring it back for review. Identified on purpose (the manager's own plan); it holds no
// survey answer.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("action_plan")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id").onDelete("cascade"))
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("dimension_key", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("review_on", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'done', 'dropped')`),
    )
    .addColumn("outcome_note", "text")
    .addColumn("created_by", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("action_plan_team_idx").on("action_plan").columns(["organisation_id", "team_id", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("action_plan").execute();
}
