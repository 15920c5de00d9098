import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Unlinkable ballots (ADR 021, superseding the storage part of ADR 006). A rep's answers arrive as a
// ballot that carries no identity: a token with an RSA blind signature (RFC 9474) made with the key of
// the rep's (wave, team). The signature is issued in one request, which says who asked (participation);
// the ballot is stored in another, which does not. No transaction writes both.
//
// - ballot_key: one RSA key pair per (wave, team) that is asked, made when the wave opens; the private key
//   is deleted when the wave closes (nothing can be signed afterwards).
// - ballot_issuance: who has asked for a signature in an open wave, as `holder` = an HMAC of (wave,
//   person) under the server's secret key, which the database never sees; with the day (for the rounded
//   count of an open wave) and the SHA-256 of the blinded message, so that the same request sent again (a
//   lost answer) gets the same signature and nothing more. A blinded message is a uniformly random number
//   whatever the token, so that hash says nothing about the ballot. Emptied when the wave closes.
// - participation.answered (was answered_on): set when the wave closes, from the holders the server can
//   recompute; no day, so that a day of the WAL cannot be matched with a person's day either. For waves
//   open when this runs, whoever had answered keeps answered = true (and cannot get a signature).
// - response.ballot_hash (was edit_key_hash): SHA-256 of the ballot's token; one response per token.
//   Cleared at close. response.submitted_week goes: responses keep no date at all.
// - submit_first_response / submit_pulse_in_session (0003, 0013, 0014) wrote the participation row and the
//   response in one transaction, so both rows carried the same xmin: they go.
// - issue_ballot: marks the person's participation for a signature; store_ballot: stores or replaces the
//   answers of a ballot. Each is one statement and one transaction.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists submit_pulse_in_session`.execute(db);
  await sql`drop function if exists submit_first_response`.execute(db);

  await db.schema
    .createTable("ballot_key")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("team.id"))
    // SubjectPublicKeyInfo (DER) of an RSA key for RSASSA-PSS with SHA-384.
    .addColumn("public_key", "bytea", (c) => c.notNull())
    // PKCS #8 (DER), sealed under the server's secret key (AES-256-GCM); null once the wave has closed.
    .addColumn("private_key", "bytea")
    .addPrimaryKeyConstraint("ballot_key_pk", ["wave_id", "team_id"])
    .execute();

  await db.schema
    .createTable("ballot_issuance")
    .addColumn("wave_id", "uuid", (c) => c.notNull().references("wave.id").onDelete("cascade"))
    .addColumn("holder", "bytea", (c) => c.notNull())
    .addColumn("request_hash", "bytea", (c) => c.notNull())
    .addColumn("issued_on", "date", (c) => c.notNull())
    .addPrimaryKeyConstraint("ballot_issuance_pk", ["wave_id", "holder"])
    .execute();

  await sql`alter table participation add column answered boolean not null default false`.execute(db);
  await sql`update participation set answered = true where answered_on is not null`.execute(db);
  await sql`alter table participation drop column answered_on`.execute(db);

  await sql`alter table response rename column edit_key_hash to ballot_hash`.execute(db);
  await sql`alter table response rename constraint response_wave_edit_key to response_wave_ballot`.execute(db);
  await sql`alter table response drop column submitted_week`.execute(db);

  // Open waves' rows were written in pairs (participation and response in one transaction, same xmin):
  // rewrite both tables' rows of open waves in one transaction, so every one carries this migration's xmin.
  // Edit keys of those responses were sha256(form key ":" person), which no ballot matches: they go too.
  await sql`update response set ballot_hash = null
    where wave_id in (select id from wave where status = 'open')`.execute(db);
  await sql`update participation set answered = answered
    where wave_id in (select id from wave where status = 'open')`.execute(db);

  // Records that the holder (an HMAC of wave and person, computed by the server) has asked for this wave's
  // ballot signature, if the person may have one: asked in the wave, the wave open, not answered before
  // ballots, no signature given yet — or given for this very blinded message (the same request again). The
  // person's id is only read, never written. Returns the team whose key signs, the wave's close and whether
  // this request was seen before; when no signature may be given, a null team and why in `refusal`.
  await sql`
    create function issue_ballot(p_wave uuid, p_person uuid, p_holder bytea, p_now timestamptz, p_request_hash bytea,
      out team_id uuid, out closes_at timestamptz, out refusal text, out repeated boolean)
    language plpgsql as $$
    #variable_conflict use_column
    declare
      v_status text;
      v_zone text;
      v_answered boolean;
      v_hash bytea;
    begin
      -- Before the snapshot of the next statement: a close in progress is waited for, then seen (sealWave).
      lock table ballot_issuance in row exclusive mode;
      select a.team_id, w.closes_at, w.status, o.timezone, p.answered
        into team_id, closes_at, v_status, v_zone, v_answered
      from wave w
      join organisation o on o.id = w.organisation_id
      left join wave_audience a on a.wave_id = w.id and a.person_id = p_person
      left join participation p on p.wave_id = w.id and p.person_id = p_person
      where w.id = p_wave;
      if not found or team_id is null then
        refusal := 'not-invited';
      elsif v_status <> 'open' or closes_at <= p_now then
        refusal := 'closed';
      elsif v_answered then
        refusal := 'already-issued';
      else
        insert into ballot_issuance (wave_id, holder, request_hash, issued_on)
          values (p_wave, p_holder, p_request_hash, (p_now at time zone v_zone)::date)
          on conflict (wave_id, holder) do nothing;
        if found then
          repeated := false;
          return;
        end if;
        select i.request_hash into v_hash from ballot_issuance i where i.wave_id = p_wave and i.holder = p_holder;
        if v_hash = p_request_hash then
          repeated := true;
          return;
        end if;
        refusal := 'already-issued';
      end if;
      team_id := null;
      closes_at := null;
    end $$`.execute(db);

  // Stores a ballot's answers: a new response for a new token, or the token's response replaced (the rep
  // changed their answers). p_existing_only: only a replacement (a change sent without JavaScript, whose
  // token came back in a cookie). Returns the wave's close and whether an earlier
  // response was replaced; no row when the wave is not open (or nothing matched the p_*_only condition).
  await sql`
    create function store_ballot(p_wave uuid, p_team uuid, p_hash bytea, p_now timestamptz, p_existing_only boolean,
      p_items uuid[], p_values smallint[], p_comments text[],
      out closes_at timestamptz, out replaced boolean)
    language plpgsql as $$
    #variable_conflict use_column
    declare
      v_id uuid;
      v_team uuid;
    begin
      -- Before the snapshot of the next statement: a close in progress is waited for, then seen (sealWave).
      lock table response in row exclusive mode;
      select w.closes_at into closes_at from wave w where w.id = p_wave and w.status = 'open' and w.closes_at > p_now;
      if not found then
        return;
      end if;
      -- Every lookup goes by the unique (wave, ballot hash) key alone, whatever the table's statistics.
      if p_existing_only then
        select r.id, r.team_id into v_id, v_team from response r where r.wave_id = p_wave and r.ballot_hash = p_hash for update;
        if not found or v_team <> p_team then
          closes_at := null;
          return;
        end if;
        update response set pending_item_ids = p_items, pending_values = p_values, pending_comments = p_comments where id = v_id;
        replaced := true;
      else
        -- A new token inserts; the same token again (a change, or a double send at the same moment) updates.
        insert into response as r (wave_id, team_id, ballot_hash, pending_item_ids, pending_values, pending_comments)
          values (p_wave, p_team, p_hash, p_items, p_values, p_comments)
          on conflict (wave_id, ballot_hash) do update
            set pending_item_ids = excluded.pending_item_ids, pending_values = excluded.pending_values, pending_comments = excluded.pending_comments
            where r.team_id = excluded.team_id
          returning r.id, r.xmax <> 0 into v_id, replaced;
        if not found then
          -- The token's response counts for another team: only a forged signature could get here.
          closes_at := null;
          return;
        end if;
      end if;
      if replaced then
        -- Answer rows exist only for responses stored before migration 0014.
        delete from answer where response_id = v_id;
      end if;
    end $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0016_unlinkable_ballots cannot be undone: the edit keys and weeks it removed are gone by design");
}
