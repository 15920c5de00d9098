import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Item rotation (issue 28, ADR 052): a pulse program may ask each wave a subset of its items. The plan is a
// pure function of the program's items, cadence and a seed (app/domain/rotation.ts), so the program keeps the
// switch and the seed; each wave keeps, as before, the items it asked (wave_item), and now which slot of the
// rotation it was (null: it asked every item). Existing programs keep asking every item.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pulse_program
    add column rotation boolean not null default false,
    add column rotation_seed integer not null default 0 check (rotation_seed >= 0)`.execute(db);
  await sql`alter table wave add column rotation_slot integer check (rotation_slot >= 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table wave drop column rotation_slot`.execute(db);
  await sql`alter table pulse_program drop column rotation, drop column rotation_seed`.execute(db);
}
