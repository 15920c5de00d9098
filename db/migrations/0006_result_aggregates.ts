import type { Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Aggregates written when a wave closes (in the sealing transaction), per wave and team (the team the
// responses count for, before any roll-up): counts, sums and sums of squares, from which every shown
// statistic is derived exactly — means, intervals, team roll-ups, rwg(j), ICC, Cronbach's alpha — without
// reading individual responses again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("wave_team_stats")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id"))
    .addColumn("responses", "integer", (c) => c.notNull())
    .addColumn("enps_n", "integer", (c) => c.notNull())
    .addColumn("promoters", "integer", (c) => c.notNull())
    .addColumn("detractors", "integer", (c) => c.notNull())
    .addColumn("comments", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("wave_team_stats_pk", ["wave_id", "team_id"])
    .execute();

  // Scale scores of the responses that answered at least half of the dimension's items.
  // complete_*: responses that answered every item of the dimension (for Cronbach's alpha).
  await db.schema
    .createTable("wave_team_dimension_stats")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id"))
    .addColumn("dimension_key", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sum", "double precision", (c) => c.notNull())
    .addColumn("sumsq", "double precision", (c) => c.notNull())
    .addColumn("complete_n", "integer", (c) => c.notNull())
    .addColumn("complete_total_sum", "double precision", (c) => c.notNull())
    .addColumn("complete_total_sumsq", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("wave_team_dimension_stats_pk", ["wave_id", "team_id", "dimension_key"])
    .execute();

  // Per item, scored (reverse-keyed items turned around): over every answer, and over the responses
  // complete on the item's dimension (for alpha).
  await db.schema
    .createTable("wave_team_item_stats")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id"))
    .addColumn("item_id", "uuid", (c) => c.notNull().references("item.id"))
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sum", "double precision", (c) => c.notNull())
    .addColumn("sumsq", "double precision", (c) => c.notNull())
    .addColumn("complete_n", "integer", (c) => c.notNull())
    .addColumn("complete_sum", "double precision", (c) => c.notNull())
    .addColumn("complete_sumsq", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("wave_team_item_stats_pk", ["wave_id", "team_id", "item_id"])
    .execute();

  // Every group's result for the wave, rolled up the team tree as it was at close and with the
  // anonymity rules applied (shown or not, and why). Views read these; hidden rows never leave the
  // results engine. kind: 'responses' | 'dimension' (key = dimension) | 'item' (key = item id) | 'enps' | 'comments'.
  await db.schema
    .createTable("wave_group_result")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("group_id", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("shown", "boolean", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("mean", "double precision")
    .addColumn("sd", "double precision")
    .addColumn("ci_low", "double precision")
    .addColumn("ci_high", "double precision")
    .addColumn("alpha", "double precision")
    .addColumn("rwg_j", "double precision")
    .addColumn("sum", "double precision")
    .addColumn("sumsq", "double precision")
    .addPrimaryKeyConstraint("wave_group_result_pk", ["wave_id", "kind", "key", "group_id"])
    .execute();
  await db.schema.createIndex("wave_group_result_group_idx").on("wave_group_result").columns(["group_id", "kind", "key"]).execute();

  await db.schema
    .alterTable("wave")
    .addColumn("aggregated", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("wave").dropColumn("aggregated").execute();
  for (const table of ["wave_group_result", "wave_team_item_stats", "wave_team_dimension_stats", "wave_team_stats"]) await db.schema.dropTable(table).execute();
}
