import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Anonymity in storage: response and answer rows carry no person, session, address, user agent or
// precise time. Participation (who answered, for reminders and response rates) is a separate table
// with no key shared with responses. See docs/decisions/006-anonymous-responses.md.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("organisation")
    .addColumn("edmondson_enabled", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable("dimension")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    // forecast_pressure: a higher score is worse. Charts and coaching rules read this.
    .addColumn("higher_is_better", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('default', 'edmondson', 'custom')`))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("dimension_organisation_key", ["organisation_id", "key"])
    .execute();

  await db.schema
    .createTable("item")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("dimension_key", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("reverse_keyed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("scale", "text", (c) => c.notNull().check(sql`scale in ('agree7', 'nps11', 'text')`))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('default', 'edmondson', 'custom')`))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("retired_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("item_organisation_code", ["organisation_id", "code"])
    .addUniqueConstraint("item_id_organisation", ["id", "organisation_id"])
    .addForeignKeyConstraint("item_dimension", ["organisation_id", "dimension_key"], "dimension", ["organisation_id", "key"])
    .addCheckConstraint("item_scale_dimension", sql`(scale = 'agree7') = (dimension_key is not null)`)
    .execute();

  await db.schema
    .createTable("pulse_program")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("cadence", "text", (c) => c.notNull().check(sql`cadence in ('weekly', 'biweekly', 'monthly', 'quarterly', 'once')`))
    .addColumn("starts_on", "date", (c) => c.notNull())
    .addColumn("open_days", "integer", (c) => c.notNull().check(sql`open_days between 1 and 90`))
    .addColumn("reminder_days", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'::integer[]`))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("source", "text", (c) =>
      c
        .notNull()
        .defaultTo("scheduled")
        .check(sql`source in ('scheduled', 'history')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pulse_program_id_organisation", ["id", "organisation_id"])
    .execute();

  await db.schema
    .createTable("pulse_program_item")
    .addColumn("program_id", "uuid", (c) => c.notNull().references("pulse_program.id").onDelete("cascade"))
    .addColumn("item_id", "uuid", (c) => c.notNull().references("item.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("pulse_program_item_pk", ["program_id", "item_id"])
    .execute();

  await db.schema
    .createTable("pulse_program_team")
    .addColumn("program_id", "uuid", (c) => c.notNull().references("pulse_program.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id").onDelete("cascade"))
    .addColumn("include_subteams", "boolean", (c) => c.notNull().defaultTo(true))
    .addPrimaryKeyConstraint("pulse_program_team_pk", ["program_id", "team_id"])
    .execute();

  await db.schema
    .createTable("wave")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("program_id", "uuid", (c) => c.notNull().references("pulse_program.id").onDelete("cascade"))
    .addColumn("period_start", "date", (c) => c.notNull())
    .addColumn("opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    // Locked from the organisation's settings when the wave opens; never changed afterwards.
    .addColumn("min_group_size", "integer", (c) => c.notNull().check(sql`min_group_size >= 3`))
    .addColumn("min_comment_group_size", "integer", (c) => c.notNull())
    .addColumn("closed_at", "timestamptz")
    .addColumn("sealed", "boolean", (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint("wave_program_period", ["program_id", "period_start"])
    .addUniqueConstraint("wave_id_organisation", ["id", "organisation_id"])
    .addCheckConstraint("wave_comment_minimum", sql`min_comment_group_size >= min_group_size`)
    .addCheckConstraint("wave_window", sql`closes_at > opens_at`)
    .execute();
  await db.schema.createIndex("wave_status_idx").on("wave").columns(["status", "closes_at"]).execute();
  await db.schema.createIndex("wave_organisation_idx").on("wave").columns(["organisation_id", "period_start"]).execute();
  // Thresholds lock when a wave opens: refuse any later change, whoever asks.
  await sql`
    create function wave_thresholds_locked() returns trigger language plpgsql as $$
    begin
      if new.min_group_size <> old.min_group_size or new.min_comment_group_size <> old.min_comment_group_size then
        raise exception 'the anonymity thresholds of a wave are locked when it opens' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger wave_thresholds_locked before update on wave for each row execute function wave_thresholds_locked()`.execute(db);

  await db.schema
    .createTable("wave_item")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("item_id", "uuid", (c) => c.notNull().references("item.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("wave_item_pk", ["wave_id", "item_id"])
    .execute();

  // Who was asked, and for which team their answers count: snapshotted when the wave opens.
  await db.schema
    .createTable("wave_audience")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("person.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id"))
    .addPrimaryKeyConstraint("wave_audience_pk", ["wave_id", "person_id"])
    .execute();
  await db.schema.createIndex("wave_audience_team_idx").on("wave_audience").columns(["wave_id", "team_id"]).execute();

  // Personal survey links: only a hash of each link's secret.
  await db.schema
    .createTable("wave_link")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("person.id").onDelete("cascade"))
    .execute();

  // Participation: one row per audience member from the moment the wave opens; answered_on is set when
  // they answer. No timestamp, no sequence, nothing shared with response rows.
  await db.schema
    .createTable("participation")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("person.id").onDelete("cascade"))
    .addColumn("answered_on", "date")
    .addPrimaryKeyConstraint("participation_pk", ["wave_id", "person_id"])
    .execute();

  // Which reminders went out, so that each goes out once whatever the number of workers.
  await db.schema
    .createTable("wave_reminder")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("day", "integer", (c) => c.notNull())
    .addColumn("sent_count", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("wave_reminder_pk", ["wave_id", "day"])
    .execute();

  // An anonymous response: a random id, the wave, the team it counts for, and the week it was given.
  // edit_key_hash = sha256(form key ":" person id), the key living only in the rep's form and cookie, lets
  // the rep change their answers and makes a resent form find its own response. Cleared when the wave closes.
  await db.schema
    .createTable("response")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id"))
    .addColumn("submitted_week", "date", (c) => c.notNull())
    .addColumn("edit_key_hash", "bytea")
    // One response per form and person: a resent form can never insert a second one.
    .addUniqueConstraint("response_wave_edit_key", ["wave_id", "edit_key_hash"])
    .execute();
  await db.schema.createIndex("response_wave_team_idx").on("response").columns(["wave_id", "team_id"]).execute();

  await db.schema
    .createTable("answer")
    .addColumn("response_id", "uuid", (c) => c.notNull().references("response.id").onDelete("cascade"))
    .addColumn("item_id", "uuid", (c) => c.notNull().references("item.id"))
    .addColumn("value", "smallint")
    .addColumn("comment", "text")
    .addPrimaryKeyConstraint("answer_pk", ["response_id", "item_id"])
    .addCheckConstraint("answer_value_or_comment", sql`(value is null) <> (comment is null)`)
    .addCheckConstraint("answer_value_range", sql`value between 0 and 10`)
    .addCheckConstraint("answer_comment_length", sql`char_length(comment) between 1 and 2000`)
    .execute();

  // The hot path of a submit, as a function so that its plan is cached per connection: if the person is
  // asked in this open wave and has not answered, store the response and its answers and mark them
  // answered, in one statement. Returns the wave's closing time, or null when nothing was stored.
  await sql`
    create function submit_first_response(
      p_wave uuid, p_person uuid, p_now timestamptz, p_edit_key bytea,
      p_items uuid[], p_values smallint[], p_comments text[]
    ) returns timestamptz language plpgsql as $$
    declare
      v_team uuid;
      v_closes timestamptz;
      v_today date;
      v_response uuid;
    begin
      select a.team_id, w.closes_at, (p_now at time zone o.timezone)::date
        into v_team, v_closes, v_today
      from participation p
      join wave_audience a on a.wave_id = p.wave_id and a.person_id = p.person_id
      join wave w on w.id = p.wave_id
      join organisation o on o.id = w.organisation_id
      where p.wave_id = p_wave and p.person_id = p_person and p.answered_on is null
        and w.status = 'open' and w.closes_at > p_now
      for update of p;
      if not found then
        return null;
      end if;
      insert into response (wave_id, team_id, submitted_week, edit_key_hash)
      values (p_wave, v_team, date_trunc('week', v_today)::date, p_edit_key)
      returning id into v_response;
      insert into answer (response_id, item_id, value, comment)
      select v_response, x.item_id, x.value, x.comment
      from unnest(p_items, p_values, p_comments) as x(item_id, value, comment);
      update participation set answered_on = v_today where wave_id = p_wave and person_id = p_person;
      return v_closes;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function submit_first_response`.execute(db);
  for (const table of ["answer", "response", "wave_reminder", "participation", "wave_link", "wave_audience", "wave_item"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropTable("wave").execute();
  await sql`drop function wave_thresholds_locked()`.execute(db);
  for (const table of ["pulse_program_team", "pulse_program_item", "pulse_program", "item", "dimension"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("organisation").dropColumn("edmondson_enabled").execute();
}
