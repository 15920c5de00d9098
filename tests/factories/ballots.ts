import { RSABSSA } from "@cloudflare/blindrsa-ts";
import type { AppContext } from "../../app/context.server";
import { acceptBallot, ballotPublicKey, hasBallot, signBallot, type BallotResult, type SignResult } from "../../app/services/ballots.server";

/**
 * What a rep's browser does for a ballot, with the same library (app/utils/ballot.client.ts): a random
 * token, prepared and blinded for the (wave, team) key; `finalize` unblinds the server's blind signature.
 */
export async function blindToken(spki: Uint8Array) {
  const suite = RSABSSA.SHA384.PSS.Randomized();
  const key = await crypto.subtle.importKey("spki", new Uint8Array(spki), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
  const message = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
  const { blindedMsg, inv } = await suite.blind(key, message);
  return { message, blindedMessage: blindedMsg, finalize: (blindSignature: Uint8Array) => suite.finalize(key, message, blindSignature, inv) };
}

export interface TestBallot {
  waveId: string;
  teamId: string;
  message: Uint8Array;
  signature: Uint8Array;
}

/** The team a person answers for in a wave. */
export async function audienceTeam(app: AppContext, waveId: string, personId: string): Promise<string> {
  return (await app.db.selectFrom("waveAudience").select("teamId").where("waveId", "=", waveId).where("personId", "=", personId).executeTakeFirstOrThrow()).teamId;
}

/** A signed ballot for a person, through the real signing service; throws when the signature is refused. */
export async function ballotFor(app: AppContext, waveId: string, personId: string): Promise<TestBallot> {
  const teamId = await audienceTeam(app, waveId, personId);
  const spki = await ballotPublicKey(app, waveId, teamId);
  if (!spki) throw new Error("no ballot key for the person's team");
  const token = await blindToken(spki);
  const signed: SignResult = await signBallot(app, { waveId, personId }, token.blindedMessage);
  if (signed.status !== "signed") throw new Error(`signature refused: ${signed.message}`);
  return { waveId, teamId, message: token.message, signature: await token.finalize(signed.blindSignature) };
}

/** Sends a ballot's answers through the real service (what POST /ballots does after reading the body). */
export function sendBallot(app: AppContext, ballot: TestBallot, fields: Record<string, string>): Promise<BallotResult> {
  return acceptBallot(app, { ...ballot, fields });
}

/**
 * Who has answered a wave: while it is open, the people whose holder has a signature (only the server's
 * key can tell, ADR 021); once sealed, participation.answered.
 */
export async function answeredPeople(app: AppContext, waveId: string): Promise<string[]> {
  const audience = await app.db.selectFrom("participation").select(["personId", "answered"]).where("waveId", "=", waveId).execute();
  const answered: string[] = [];
  for (const p of audience) if (p.answered || (await hasBallot(app, waveId, p.personId))) answered.push(p.personId);
  return answered.sort();
}
