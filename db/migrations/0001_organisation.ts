import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisation")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("min_group_size", "integer", (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`min_group_size >= 3`),
    )
    .addColumn("min_comment_group_size", "integer", (c) => c.notNull().defaultTo(5))
    .addColumn("fiscal_year_start_month", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`fiscal_year_start_month between 1 and 12`),
    )
    .addColumn("timezone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("currency", "text", (c) => c.notNull().defaultTo("USD"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("organisation_comment_minimum", sql`min_comment_group_size >= min_group_size`)
    .addCheckConstraint("organisation_slug_format", sql`slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("organisation").execute();
}
