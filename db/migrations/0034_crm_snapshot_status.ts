import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// A CRM snapshot is previewed before it counts (ADR 051): `status` is 'preview' for an upload waiting for
// the admin's confirmation and 'counted' for one the metrics read. Snapshots stored before this migration
// were counted the moment they were imported, so they stay counted. `counted_at` and `counted_by` say when
// and by whom a snapshot began to count (an import that counts at once: its import time and importer).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("crm_snapshot")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("counted")
        .check(sql`status in ('preview', 'counted')`),
    )
    .addColumn("counted_at", "timestamptz")
    .addColumn("counted_by", "uuid")
    .execute();
  await sql`update crm_snapshot set counted_at = imported_at, counted_by = imported_by`.execute(db);
  // The metrics list an organisation's counted snapshots in date order.
  await db.schema.createIndex("crm_snapshot_org_status_idx").on("crm_snapshot").columns(["organisation_id", "status", "as_of"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("crm_snapshot_org_status_idx").execute();
  // Previews never counted: they go with their deals (the foreign key cascades to their partitions' rows).
  await sql`delete from crm_snapshot where status = 'preview'`.execute(db);
  await db.schema.alterTable("crm_snapshot").dropColumn("status").dropColumn("counted_at").dropColumn("counted_by").execute();
}
