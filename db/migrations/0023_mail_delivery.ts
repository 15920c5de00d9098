import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// What happened to each email a wave sends (issue 22: admins see delivery failures). A pulse invitation, a
// self-assessment invitation or reminder is queued here in the transaction that makes it due (the wave
// opens, a reminder day comes), then sent; one that fails is retried by the scheduler a few times and then
// shown to admins, who can send it again. A row is claimed ('sending') before its mail goes, so two workers
// never send one mail twice, and a send that stops part-way resumes with the rows still 'pending'.
//
// A pulse reminder goes to the reps who have not answered yet: a row per reminded rep would be a list of
// who had not answered by that day (ADR 021 keeps that from the database). So a failed pulse reminder is
// recorded without a person (person_id null), and only its count and its error say it failed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_delivery")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('pulse-invitation', 'pulse-reminder', 'self-assessment-invitation', 'self-assessment-reminder')`))
    .addColumn("person_id", "uuid", (c) => c.references("person.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.references("team.id").onDelete("cascade"))
    // 0 for an invitation; a reminder's day after the wave opened.
    .addColumn("day", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("mail_delivery_person_check", sql`(purpose = 'pulse-reminder') = (person_id is null)`)
    .execute();
  await sql`create unique index mail_delivery_once on mail_delivery (wave_id, purpose, day, person_id, team_id) where person_id is not null`.execute(db);
  await db.schema.createIndex("mail_delivery_status_idx").on("mail_delivery").columns(["status", "updated_at"]).execute();
  await db.schema.createIndex("mail_delivery_organisation_idx").on("mail_delivery").columns(["organisation_id", "updated_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_delivery").execute();
}
