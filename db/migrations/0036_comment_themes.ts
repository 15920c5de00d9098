import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Comment themes (issue 28, ADR 053). Each comment of a closed wave gets one comment_theme row: the
// themes and the sentiment the tagger (app/domain/themes) gave it, and enablement's correction if any,
// with who corrected it and when. The row hangs off its answer row (deleted with it, so retention and
// erasure take the tags with the comments) and carries nothing the comment does not: no time of
// writing, no language, no person but the corrector. Its id is random, made when the wave is tagged
// (after sealing), so it says nothing about which response a comment came from: pages name comments by
// it, never by response id (two comments of one response must not be seen to belong together).

const THEMES = ["forecasting", "pipeline-reviews", "credit-territory", "manager-behaviour", "tools-crm", "workload-quota", "recognition", "collaboration"];
const SENTIMENTS = ["positive", "negative", "mixed", "neutral"];

export async function up(db: Kysely<any>): Promise<void> {
  const themes = sql.join(THEMES.map((t) => sql.lit(t)));
  const sentiments = sql.join(SENTIMENTS.map((s) => sql.lit(s)));
  await db.schema
    .createTable("comment_theme")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("response_id", "uuid", (c) => c.notNull())
    .addColumn("item_id", "uuid", (c) => c.notNull())
    .addColumn("machine_themes", sql`text[]`, (c) => c.notNull())
    .addColumn("machine_sentiment", "text", (c) => c.notNull())
    .addColumn("corrected_themes", sql`text[]`)
    .addColumn("corrected_sentiment", "text")
    .addColumn("corrected_by", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("corrected_at", "timestamptz")
    .addForeignKeyConstraint("comment_theme_answer_fk", ["response_id", "item_id"], "answer", ["response_id", "item_id"], (c) => c.onDelete("cascade"))
    .addUniqueConstraint("comment_theme_answer_key", ["response_id", "item_id"])
    .addCheckConstraint("comment_theme_machine_themes_check", sql`machine_themes <@ array[${themes}]::text[]`)
    .addCheckConstraint("comment_theme_corrected_themes_check", sql`corrected_themes <@ array[${themes}]::text[]`)
    .addCheckConstraint("comment_theme_machine_sentiment_check", sql`machine_sentiment in (${sentiments})`)
    .addCheckConstraint("comment_theme_corrected_sentiment_check", sql`corrected_sentiment in (${sentiments})`)
    .addCheckConstraint("comment_theme_correction_check", sql`(corrected_themes is null) = (corrected_sentiment is null) and (corrected_themes is null) = (corrected_at is null)`)
    .execute();
  await db.schema.createIndex("comment_theme_wave_idx").on("comment_theme").column("wave_id").execute();
  await db.schema.createIndex("comment_theme_corrected_by_idx").on("comment_theme").column("corrected_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("comment_theme").execute();
}
