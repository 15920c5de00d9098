import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// CRM connections and scheduled pulls (issue 25 parts 1 and 2, ADR 049). An organisation connects each of
// Salesforce, HubSpot and Pipedrive at most once. Its credentials (OAuth access and refresh tokens, a
// private-app or API token, a connected app's JWT key) are one JSON document sealed under the server's
// secret key with the connection's id as context: never stored plain, never shown again. A connection turns
// 'broken' with the provider's own words when the provider refuses it.
//
// crm_pull is one pull of a connection into one snapshot: claimed once per (connection, due key) so two
// workers never pull the same period twice; 'running' with a heartbeat, so that a pull whose process died is
// taken up again; 'waiting' until not_before after an outage or a rate limit; 'done' or 'failed' with the
// import's answer. provider_job keeps Salesforce's Bulk API query job, so a resumed pull reads the results
// of the job it started instead of asking for a new one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("crm_connection")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull().check(sql`provider in ('salesforce', 'hubspot', 'pipedrive')`))
    .addColumn("auth_kind", "text", (c) => c.notNull().check(sql`auth_kind in ('oauth', 'token', 'jwt')`))
    // What the admin sees of the account: Salesforce's instance host, HubSpot's portal, Pipedrive's company.
    .addColumn("account_label", "text", (c) => c.notNull().check(sql`length(account_label) between 1 and 300`))
    .addColumn("credentials_sealed", "bytea", (c) => c.notNull())
    .addColumn("scopes", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('connected', 'broken')`))
    .addColumn("problem", "text")
    // Scheduled pulls: weekly (on Mondays), and at each period's start ('quarter' = fiscal quarter of the
    // organisation's fiscal year, 'month' = calendar month, 'none').
    .addColumn("weekly", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("period", "text", (c) =>
      c
        .notNull()
        .defaultTo("quarter")
        .check(sql`period in ('quarter', 'month', 'none')`),
    )
    .addColumn("connected_by", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("connected_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("crm_connection_provider_key", ["organisation_id", "provider"])
    .execute();

  await db.schema
    .createTable("crm_pull")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("connection_id", "uuid", (c) => c.notNull().references("crm_connection.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    // 'week:2026-11-30', 'quarter:2026-10-01', 'month:2026-12-01', or 'now:<uuid>' for one an admin asked for.
    .addColumn("due_key", "text", (c) => c.notNull().check(sql`length(due_key) between 1 and 80`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('queued', 'running', 'waiting', 'done', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("not_before", "timestamptz", (c) => c.notNull())
    .addColumn("heartbeat_at", "timestamptz")
    .addColumn("records", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("provider_job", "text")
    // The import's answer ({status, snapshotId, rows, message}) or the last error, in plain words.
    .addColumn("result", "jsonb")
    .addColumn("problem", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addUniqueConstraint("crm_pull_due_key", ["connection_id", "due_key"])
    .execute();
  await db.schema.createIndex("crm_pull_pending_idx").on("crm_pull").columns(["status", "not_before"]).where(sql.ref("status"), "in", ["queued", "running", "waiting"]).execute();
  await db.schema.createIndex("crm_pull_organisation_idx").on("crm_pull").column("organisation_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("crm_pull").execute();
  await db.schema.dropTable("crm_connection").execute();
}
