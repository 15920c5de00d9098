import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.

export async function up(db: Kysely<any>): Promise<void> {
  // One upload = one snapshot of the CRM as of a date. The content hash makes re-uploading a no-op.
  await db.schema
    .createTable("crm_snapshot")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('salesforce', 'hubspot', 'pipedrive', 'generic', 'hubspot-api')`))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_sha256", "text", (c) => c.notNull())
    .addColumn("as_of", "date", (c) => c.notNull())
    .addColumn("row_count", "integer", (c) => c.notNull())
    // When the admin chose to import the rest of a file with bad rows: those rows, with their reasons.
    .addColumn("skipped_rows", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("encoding", "text", (c) => c.notNull())
    .addColumn("date_order", "text")
    .addColumn("imported_by", "uuid")
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("crm_snapshot_content", ["organisation_id", "content_sha256"])
    .execute();
  await db.schema.createIndex("crm_snapshot_org_idx").on("crm_snapshot").columns(["organisation_id", "as_of"]).execute();

  await db.schema
    .createTable("crm_opportunity")
    .addColumn("snapshot_id", "uuid", (c) => c.notNull().references("crm_snapshot.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("crm_id", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("account_name", "text")
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'won', 'lost')`))
    .addColumn("amount", "numeric(18, 2)")
    .addColumn("currency", "text")
    .addColumn("close_date", "date")
    .addColumn("created_date", "date")
    .addColumn("forecast_category", "text")
    .addColumn("probability", "numeric(5, 2)")
    .addColumn("next_step", "text")
    .addColumn("last_activity_date", "date")
    .addPrimaryKeyConstraint("crm_opportunity_pk", ["snapshot_id", "crm_id"])
    .execute();
  await db.schema.createIndex("crm_opportunity_org_owner_idx").on("crm_opportunity").columns(["organisation_id", "owner"]).execute();

  // How CRM owners map to people: by email, else exact name, else the admin's choice (remembered here).
  await db.schema
    .createTable("crm_owner_mapping")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("owner_key", "text", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.references("person.id").onDelete("cascade"))
    .addColumn("ignored", "boolean", (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint("crm_owner_mapping_pk", ["organisation_id", "owner_key"])
    .execute();

  // The organisation's edits to the stage → open/won/lost defaults, per source.
  await db.schema
    .createTable("crm_stage_mapping")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("stage_key", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'won', 'lost')`))
    .addPrimaryKeyConstraint("crm_stage_mapping_pk", ["organisation_id", "stage_key"])
    .execute();

  // A generic CSV's column choices, remembered by the file's header for the next upload.
  await db.schema
    .createTable("crm_column_mapping")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("header_key", "text", (c) => c.notNull())
    .addColumn("mapping", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("crm_column_mapping_pk", ["organisation_id", "header_key"])
    .execute();

  // Exchange rates into the organisation's currency; without one, foreign amounts are left out of sums.
  await db.schema
    .createTable("crm_currency_rate")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("rate", "numeric(18, 8)", (c) => c.notNull().check(sql`rate > 0`))
    .addPrimaryKeyConstraint("crm_currency_rate_pk", ["organisation_id", "currency"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["crm_currency_rate", "crm_column_mapping", "crm_stage_mapping", "crm_owner_mapping", "crm_opportunity", "crm_snapshot"]) {
    await db.schema.dropTable(table).execute();
  }
}
