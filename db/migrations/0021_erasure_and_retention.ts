import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Erasure and retention (issue 23, part 2; ADR 037).
//
// - person.erased_at: an erased person's row stays as a tombstone ("Erased person", an address under
//   .invalid, no password, inactive) so that team history, action plans, self-assessments and CRM deals
//   keep pointing at a row; everything that named or reached the person is gone.
// - wave_erased_participation: who was asked in a wave and whether they took part is deleted with the
//   person; these counts (per wave, no person) keep the program page's "asked" and "took part" figures.
// - organisation.retention_months: delete the raw answers and comments of waves closed more than this many
//   months ago (null: never). At least 3 months, at most 120. Open waves are never touched.
// - wave.raw_deleted_at: when retention deleted the wave's responses and answers. Its aggregates and
//   published results stay; what needs raw answers (re-aggregating, drivers, comments) says so.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table person add column erased_at timestamptz`.execute(db);
  await sql`alter table person add constraint person_erased_inactive check (erased_at is null or (not active and password_hash is null))`.execute(db);

  await sql`alter table organisation add column retention_months integer
    constraint organisation_retention_months check (retention_months is null or retention_months between 3 and 120)`.execute(db);

  await sql`alter table wave add column raw_deleted_at timestamptz`.execute(db);
  await sql`alter table wave add constraint wave_raw_deleted_closed check (raw_deleted_at is null or status = 'closed')`.execute(db);
  // The retention run's search: closed waves whose raw answers are still there, by close.
  await sql`create index wave_retention_due_idx on wave (organisation_id, closed_at) where status = 'closed' and raw_deleted_at is null`.execute(db);

  await db.schema
    .createTable("wave_erased_participation")
    .addColumn("wave_id", "uuid", (c) => c.primaryKey().references("wave.id").onDelete("cascade"))
    .addColumn("invited", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`invited >= 0`),
    )
    .addColumn("answered", "integer", (c) => c.notNull().defaultTo(0))
    .addCheckConstraint("wave_erased_participation_answered", sql`answered between 0 and invited`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("wave_erased_participation").execute();
  await sql`drop index wave_retention_due_idx`.execute(db);
  await sql`alter table wave drop constraint wave_raw_deleted_closed`.execute(db);
  await sql`alter table wave drop column raw_deleted_at`.execute(db);
  await sql`alter table organisation drop column retention_months`.execute(db);
  await sql`alter table person drop constraint person_erased_inactive`.execute(db);
  await sql`alter table person drop column erased_at`.execute(db);
}
