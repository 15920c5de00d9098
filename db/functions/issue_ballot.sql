-- Ballots (ADR 021, ADR 045, ADR 056): records that a holder (an HMAC of wave and person computed by the
-- server under its secret key, which the database never holds) has asked for this wave's ballot signature,
-- if the person may have one: asked in the wave, the wave open, not answered before ballots, no signature
-- given yet — or given for this very blinded message (the same request sent again after a lost answer gets
-- the same signature). The person's id is only read, never written: nothing here names a person next to
-- answers.
-- A signed-in rep's request passes its session's proof as sessionProof computes it (p_session_id and the
-- SHA-256 of its secret), so that one statement checks the session and issues: the session must belong to
-- p_person, be unexpired at p_now and its person active, as validateSessionToken with { write: false }
-- requires (tests/integration/ballot-hot-path.test.ts runs both on the same sessions). Nothing is written
-- for the session. The hashes are compared with `=`, as ADR 016 did: timing that comparison tells about a
-- SHA-256 output, nothing usable about the secret. When the session does not prove the person, `refusal`
-- is 'no-session' and nothing is written: the server then validates the session the usual way and answers
-- from there. A personal link's request passes null for both (the link was resolved already).
-- Returns the team whose key signs, the wave's close and whether the request was seen before; when no
-- signature may be given, a null team and why in `refusal` ('no-session', 'not-invited', 'closed',
-- 'already-issued').
-- One statement and one transaction of its own, so that the issuance shares no xmin with a response.
-- issued_on is the day in the organisation's time zone, for the rounded count of an open wave (it is
-- compared with a day computed by dateInZone in TypeScript: tests/integration/sql-rules-match-typescript.test.ts).
-- p_language (ADR 058): the language of the page the rep asked from, already checked by the server (null
-- when not said or not Candor's); kept on the issuance row in the same INSERT, for the per-language counts
-- sealWave takes at close (wave_language_count). No statement and no shared counter row for it.
-- Called by db/queries/ballots.ts issueBallot and issueBallotInSession.
create or replace function issue_ballot(p_wave uuid, p_person uuid, p_holder bytea, p_now timestamptz, p_request_hash bytea,
  p_session_id text, p_secret_hash bytea, p_language text default null,
  out team_id uuid, out closes_at timestamptz, out refusal text, out repeated boolean)
language plpgsql as $$
#variable_conflict use_column
declare
  v_session boolean;
  v_status text;
  v_zone text;
  v_answered boolean;
  v_hash bytea;
begin
  -- Before the snapshot of the next statement: a close in progress is waited for, then seen (sealWave).
  lock table ballot_issuance in row exclusive mode;
  -- One row always (the session's verdict), with the wave's when it exists: one executor run for both.
  select s.proved, a.team_id, w.closes_at, w.status, o.timezone, p.answered
    into v_session, team_id, closes_at, v_status, v_zone, v_answered
  from (select p_session_id is null or exists (
          select 1 from session s join person pe on pe.id = s.person_id
          where s.id = p_session_id and s.secret_hash = p_secret_hash and s.person_id = p_person and s.expires_at > p_now and pe.active) as proved) s
  left join wave w on w.id = p_wave
  left join organisation o on o.id = w.organisation_id
  left join wave_audience a on a.wave_id = w.id and a.person_id = p_person
  left join participation p on p.wave_id = w.id and p.person_id = p_person;
  if not v_session then
    refusal := 'no-session';
  elsif team_id is null then
    refusal := 'not-invited';
  elsif v_status <> 'open' or closes_at <= p_now then
    refusal := 'closed';
  elsif v_answered then
    refusal := 'already-issued';
  else
    insert into ballot_issuance (wave_id, holder, request_hash, issued_on, language)
      values (p_wave, p_holder, p_request_hash, (p_now at time zone v_zone)::date, p_language)
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
end $$;
