import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// The coaching playbook: plays a manager can run with their team, each tied to the culture dimensions
// and the CRM or result signals it addresses. Candor's default plays are not inserted here: the
// application adds any default play an organisation lacks (by key), when the organisation is created and
// when its library is read, so existing organisations get the library too and later versions can add
// plays without a data migration. Plays are archived, never deleted, so a default play an organisation
// archived is not brought back.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("play")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("dimension_keys", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("signals", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("manager_does", "text", (c) => c.notNull())
    .addColumn("cadence", "text", (c) => c.notNull())
    .addColumn("good_result", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) =>
      c
        .notNull()
        .defaultTo("candor")
        .check(sql`source in ('candor', 'custom')`),
    )
    .addColumn("archived_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("play_organisation_key_unique", ["organisation_id", "key"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("play").execute();
}
