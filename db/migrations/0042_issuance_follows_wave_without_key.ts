import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// ADR 059: ballot_issuance's foreign key to wave made every signature request take a FOR KEY SHARE lock on
// the wave's row, which all of a wave's concurrent requests share (a MultiXact each time two overlap): about
// 0.03–0.04 ms of PostgreSQL CPU per signature on the hottest path. What the key promised is kept another way:
// - no issuance without its wave: issue_ballot, the only statement that inserts here, reads the wave in the
//   same function after taking ballot_issuance's ROW EXCLUSIVE lock, and inserts only for an open wave;
// - no issuance after its wave: deleting a wave first takes SHARE ROW EXCLUSIVE on ballot_issuance (waiting
//   for issuances in flight, which then are seen) and deletes the wave's issuances with it, as the key's
//   ON DELETE CASCADE did. An issuance that starts after the lock reads the wave's row gone and refuses.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ballot_issuance drop constraint ballot_issuance_wave_id_fkey`.execute(db);
  await sql`
    create function ballot_issuance_lock_for_wave_delete() returns trigger language plpgsql as $$
    begin
      lock table ballot_issuance in share row exclusive mode;
      return null;
    end $$`.execute(db);
  await sql`
    create function ballot_issuance_follow_wave_delete() returns trigger language plpgsql as $$
    begin
      delete from ballot_issuance where wave_id = old.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger wave_delete_locks_ballot_issuance before delete on wave for each statement execute function ballot_issuance_lock_for_wave_delete()`.execute(db);
  await sql`create trigger wave_delete_takes_ballot_issuance after delete on wave for each row execute function ballot_issuance_follow_wave_delete()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger wave_delete_takes_ballot_issuance on wave`.execute(db);
  await sql`drop trigger wave_delete_locks_ballot_issuance on wave`.execute(db);
  await sql`drop function ballot_issuance_follow_wave_delete()`.execute(db);
  await sql`drop function ballot_issuance_lock_for_wave_delete()`.execute(db);
  await sql`delete from ballot_issuance i where not exists (select 1 from wave w where w.id = i.wave_id)`.execute(db);
  await sql`alter table ballot_issuance add constraint ballot_issuance_wave_id_fkey foreign key (wave_id) references wave (id) on delete cascade`.execute(db);
}
