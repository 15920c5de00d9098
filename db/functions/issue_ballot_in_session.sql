-- Ballots (ADR 021, ADR 045): issue_ballot for a signed-in rep in the same statement as the check of their
-- session, so that a signature request makes one round trip to the database instead of two. The server
-- passes the person the browser says it answers for (the pulse page gave it), the holder it computed for
-- that person, and the session's proof as sessionProof computes it (its id and the SHA-256 of its secret);
-- the session must belong to that person, be unexpired at p_now and its person active, as
-- validateSessionToken with { write: false } requires (tests/integration/ballot-hot-path.test.ts runs both
-- on the same sessions). Nothing is written for the session: it is only read. The hashes are compared with
-- `=`, as ADR 016 did: timing that comparison tells about a SHA-256 output, nothing usable about the secret.
-- When the session does not prove the person, `refusal` is 'no-session' and nothing is written: the server
-- then validates the session the usual way (a person claimed wrongly, an expired session) and answers from
-- there. Otherwise as issue_ballot.
-- Called by db/queries/ballots.ts issueBallotInSession.
create or replace function issue_ballot_in_session(p_wave uuid, p_person uuid, p_holder bytea, p_now timestamptz, p_request_hash bytea,
  p_session_id text, p_secret_hash bytea,
  out team_id uuid, out closes_at timestamptz, out refusal text, out repeated boolean)
language plpgsql as $$
begin
  perform 1 from session s join person p on p.id = s.person_id
    where s.id = p_session_id and s.secret_hash = p_secret_hash and s.person_id = p_person and s.expires_at > p_now and p.active;
  if not found then
    refusal := 'no-session';
    return;
  end if;
  select i.team_id, i.closes_at, i.refusal, i.repeated into team_id, closes_at, refusal, repeated
    from issue_ballot(p_wave, p_person, p_holder, p_now, p_request_hash) i;
end $$;
