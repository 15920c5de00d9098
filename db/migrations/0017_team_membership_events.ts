import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Audience changes made visible (issue 19, part 5). An admin could pad a team with accounts whose
// mailboxes they control just before a pulse, answer as them and subtract their own answers; nothing
// showed the team that this happened.
//
// - team_membership_event: every time a person becomes an active member of a team ('joined': added,
//   moved in, reactivated) or stops being one ('left': moved out, taken out of every team, deactivated),
//   with who did it (actor_id; null for the CLI and the demo seed) and through what (source). Append-only:
//   a trigger refuses updates and deletes, except the deletes that cascade from removing the
//   organisation, the person or the team. team_membership keeps dates only; this keeps instants and actors.
// - organisation.recent_join_days: how many days before a wave opens a join counts as recent (default 14).
// - wave.recent_join_days: the organisation's window when the wave opened, locked like its thresholds,
//   so that shortening the window afterwards cannot hide a padded audience. Waves opened before this
//   migration get 14.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organisation add column recent_join_days integer not null default 14
    constraint organisation_recent_join_days check (recent_join_days between 0 and 90)`.execute(db);

  await sql`alter table wave add column recent_join_days integer`.execute(db);
  await sql`update wave set recent_join_days = 14`.execute(db);
  await sql`alter table wave alter column recent_join_days set not null`.execute(db);
  await sql`alter table wave add constraint wave_recent_join_days check (recent_join_days between 0 and 90)`.execute(db);
  // Filled from the organisation when the wave is created (the code that opens waves need not know).
  await sql`
    create function wave_recent_join_days_from_organisation() returns trigger language plpgsql as $$
    begin
      if new.recent_join_days is null then
        select o.recent_join_days into new.recent_join_days from organisation o where o.id = new.organisation_id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger wave_recent_join_days_from_organisation before insert on wave
    for each row execute function wave_recent_join_days_from_organisation()`.execute(db);
  await sql`
    create function wave_recent_join_days_locked() returns trigger language plpgsql as $$
    begin
      if new.recent_join_days <> old.recent_join_days then
        raise exception 'the recent join window of a wave is locked when it opens' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger wave_recent_join_days_locked before update on wave
    for each row execute function wave_recent_join_days_locked()`.execute(db);

  await db.schema
    .createTable("team_membership_event")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('joined', 'left')`))
    .addColumn("actor_id", "uuid")
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('admin', 'roster-import', 'cli', 'demo')`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    // Composite keys keep the team, the person and the actor inside the event's organisation.
    .addForeignKeyConstraint("team_membership_event_team", ["team_id", "organisation_id"], "team", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .addForeignKeyConstraint("team_membership_event_person", ["person_id", "organisation_id"], "person", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .addForeignKeyConstraint("team_membership_event_actor", ["actor_id", "organisation_id"], "person", ["id", "organisation_id"])
    .execute();
  await db.schema.createIndex("team_membership_event_person_idx").on("team_membership_event").columns(["person_id", "occurred_at"]).execute();
  await db.schema.createIndex("team_membership_event_team_idx").on("team_membership_event").columns(["organisation_id", "team_id", "occurred_at"]).execute();
  // Append-only. A delete that a foreign key cascades runs inside the referential trigger (depth > 1)
  // and is let through: the organisation, person or team it belongs to is going away.
  await sql`
    create function team_membership_event_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
        return old;
      end if;
      raise exception 'team membership events are append-only' using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger team_membership_event_append_only before update or delete on team_membership_event
    for each row execute function team_membership_event_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("team_membership_event").execute();
  await sql`drop function team_membership_event_append_only`.execute(db);
  await sql`drop trigger wave_recent_join_days_locked on wave`.execute(db);
  await sql`drop function wave_recent_join_days_locked`.execute(db);
  await sql`drop trigger wave_recent_join_days_from_organisation on wave`.execute(db);
  await sql`drop function wave_recent_join_days_from_organisation`.execute(db);
  await sql`alter table wave drop column recent_join_days`.execute(db);
  await sql`alter table organisation drop column recent_join_days`.execute(db);
}
