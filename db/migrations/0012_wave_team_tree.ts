import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// The team tree as it was when each wave closed. A wave's results describe its groups as they were then
// (ADR 008); everything read from raw answers afterwards (comments, the manager's gap, response rates,
// pooled reliability) must cover the same teams, or moving a team after close would let two numbers
// about "the same" group differ by a group under the threshold. Closed waves get today's tree: the best
// there is for them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("wave_team")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id").onDelete("cascade"))
    .addColumn("parent_id", "uuid")
    .addPrimaryKeyConstraint("wave_team_pk", ["wave_id", "team_id"])
    .execute();
  await sql`
    insert into wave_team (wave_id, team_id, parent_id)
    select w.id, t.id, t.parent_id from wave w join team t on t.organisation_id = w.organisation_id
    where w.aggregated`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("wave_team").execute();
}
