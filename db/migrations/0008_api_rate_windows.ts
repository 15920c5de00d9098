import type { Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// The API's per-token request counter, in PostgreSQL like the sign-in throttle, so that every app
// instance behind a load balancer counts against the same limit.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_rate_window")
    .addColumn("token_id", "text", (c) => c.primaryKey().references("api_token.id").onDelete("cascade"))
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("requests", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_rate_window").execute();
}
