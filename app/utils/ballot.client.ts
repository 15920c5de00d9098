/**
 * The browser's half of a ballot (ADR 021): a random token, prepared and blinded for the team's key
 * (RFC 9474, RSABSSA-SHA384-PSS-Randomized, with @cloudflare/blindrsa-ts), signed by the server in a
 * request that says who asks, unblinded here, then sent with the answers in a request that carries no
 * cookie and no session. The token and its signature stay in this browser (localStorage) until the pulse
 * closes, so that the rep can change their answers: sending again with the same token replaces them.
 *
 * This module is loaded only when a rep sends a pulse (dynamic import), so the page itself stays light.
 */
import { RSABSSA } from "@cloudflare/blindrsa-ts";
import { said } from "~/i18n/said";
import { keepThread, readBallot as read, writeBallot as write } from "./ballot-storage.client";

export interface BallotTarget {
  waveId: string;
  teamId: string;
  /** The (wave, team) key: SubjectPublicKeyInfo DER, base64url. */
  publicKey: string;
  /** Where the signed-in rep (or the personal link) asks for the signature. */
  signPath: string;
  /** Whom the page is for: sent with the signature request, where the session proves it (ADR 045). */
  personId: string;
  /** Where the ballot goes, without credentials. */
  ballotPath: string;
  closesAt: string;
  /** The pulse's name, kept with the conversation key (ADR 054) to say which pulse a reply is about. */
  programName: string;
}

export type BallotOutcome = { kind: "saved"; changed: boolean } | { kind: "refused"; status: number; message: string; fieldErrors: Record<string, string> };

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

async function importKey(spki: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("spki", fromBase64Url(spki), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
}

/**
 * A refusal as the page shows it: said messages (ADR 057) that the page says in its language. The endpoint
 * sends a refusal a person can act on with its `said` form (app/http/ballot-errors.server.ts); any other
 * (only a client other than this page can cause it) becomes "could not be sent", in the page's language too.
 */
async function readError(response: Response): Promise<{ message: string; fieldErrors: Record<string, string> }> {
  try {
    const body = (await response.json()) as { error?: { said?: { message?: string; fields?: Record<string, string> } } };
    return { message: body.error?.said?.message ?? said("pulse.notSent"), fieldErrors: body.error?.said?.fields ?? {} };
  } catch {
    return { message: said("pulse.notSentLater"), fieldErrors: {} };
  }
}

/**
 * The ballot for this wave: the one this browser holds, or a new one (token, blinding, signature request,
 * unblinding). Throws a refusal when the server gives no signature (already answered elsewhere, closed).
 */
async function ballotFor(target: BallotTarget): Promise<{ message: string; signature: string } | BallotOutcome> {
  const stored = read(target.waveId);
  if (stored?.signature && stored.message && stored.teamId === target.teamId) return { message: stored.message, signature: stored.signature };
  const suite = RSABSSA.SHA384.PSS.Randomized();
  const key = await importKey(target.publicKey);
  let pending = stored?.pending;
  if (!pending || stored?.teamId !== target.teamId) {
    const token = crypto.getRandomValues(new Uint8Array(32));
    const prepared = suite.prepare(token);
    const { blindedMsg, inv } = await suite.blind(key, prepared);
    pending = { message: toBase64Url(prepared), blindedMessage: toBase64Url(blindedMsg), inverse: toBase64Url(inv) };
    // Kept before asking: if the answer to the request is lost, the same request is sent again.
    write(target.waveId, { teamId: target.teamId, closesAt: target.closesAt, pending });
  }
  const response = await fetch(target.signPath, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    // The page's language, for the per-language counts of the wave (ADR 058): never on the ballot.
    body: JSON.stringify({ blindedMessage: pending.blindedMessage, personId: target.personId, language: document.documentElement.lang || undefined }),
  });
  if (!response.ok) return { kind: "refused", status: response.status, ...(await readError(response)) };
  const { blindSignature } = (await response.json()) as { blindSignature: string };
  const message = fromBase64Url(pending.message);
  const signature = await suite.finalize(key, message, fromBase64Url(blindSignature), fromBase64Url(pending.inverse));
  const ballot = { message: pending.message, signature: toBase64Url(signature) };
  write(target.waveId, { teamId: target.teamId, closesAt: target.closesAt, ...ballot });
  return ballot;
}

/** Sends the answers as a ballot: signature first if this browser has none, then the answers without cookies. */
export async function sendBallot(target: BallotTarget, answers: Record<string, string>): Promise<BallotOutcome> {
  const ballot = await ballotFor(target);
  if ("kind" in ballot) return ballot;
  const response = await fetch(target.ballotPath, {
    method: "POST",
    // No cookie, no session: nothing in this request says who sends it.
    credentials: "omit",
    cache: "no-store",
    referrerPolicy: "no-referrer",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ waveId: target.waveId, teamId: target.teamId, message: ballot.message, signature: ballot.signature, answers }),
  });
  if (!response.ok) return { kind: "refused", status: response.status, ...(await readError(response)) };
  const { changed } = (await response.json()) as { changed: boolean };
  const stored = read(target.waveId);
  if (stored) write(target.waveId, { ...stored, answers });
  // The token stays after the pulse closes: it is the only key to a conversation about the comment (ADR 054).
  keepThread({ waveId: target.waveId, programName: target.programName, closesAt: target.closesAt, message: ballot.message });
  return { kind: "saved", changed };
}
