import { createHash, type KeyObject } from "node:crypto";
import { isUuid } from "~/domain/ids";
import { toLocale } from "~/domain/locales";
import { said } from "~/i18n/said";
import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import {
  BALLOT_MODULUS_BYTES,
  BALLOT_PREFIX_BYTES,
  blindSign,
  BlindSignError,
  generateBallotKeyPair,
  privateKeyFromDer,
  publicKeyFromDer,
  verifyBallotSignature,
} from "~/auth/blind-rsa.server";
import { ballotHolder } from "~/auth/ballot-holder.server";
import { sessionProof } from "~/auth/session.server";
import { openSecret, sealSecret } from "~/auth/secret-box.server";
import { parseAnswers, type SubmittedAnswer } from "~/domain/answers";
import {
  findBallotKey,
  findIssuedHolders,
  insertBallotKeys,
  issueBallot,
  issueBallotInSession,
  listAudienceTeams,
  listSealedBallotKeysByWave,
  storeBallot,
  withdrawIssuance,
  type IssueRefusal,
} from "#db/queries/ballots";
import { isWaveInPersonsOrganisation, listNonRespondents, listWaveItems } from "#db/queries/waves";
import type { DB } from "#db/schema";

/**
 * Ballots (ADR 021): answers that carry no identity. A rep's browser gets a blind signature from the key
 * of their (wave, team) in a request that says who they are (signBallot: one per person per wave, recorded
 * under their holder, an HMAC the database cannot reverse), then sends the answers with the unblinded token
 * and signature in a request that carries no cookie (acceptBallot). The response is stored under a hash of
 * the token; the same token again replaces its answers, and nothing can make a second response from one
 * token. The form path without JavaScript (answering.server.ts) records and stores in two transactions
 * too, through the same functions.
 */

/** SHA-256 with Node's own implementation. */
const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

/** The browser's token is 32 random bytes; with RFC 9474's 32-byte prefix the signed message is 64 bytes. */
const BALLOT_MESSAGE_BYTES = BALLOT_PREFIX_BYTES + 32;

/** Who is asking for a signature: a person asked in a wave (from a session or a personal link). */
export interface BallotRequester {
  waveId: string;
  personId: string;
}

const KEY_PURPOSE = "ballot private key";

/**
 * Makes the key pair of every team asked in the wave (when it opens). The private key is stored sealed
 * under the server's secret key (a database reader cannot sign ballots), and removed when the wave closes.
 */
export async function createBallotKeys(app: AppContext, db: Kysely<DB>, waveId: string): Promise<number> {
  const teams = await listAudienceTeams(db, waveId);
  const pairs = await Promise.all(
    teams.map(async (teamId) => {
      const { publicKey, privateKey } = await generateBallotKeyPair();
      return { waveId, teamId, publicKey, privateKey: sealSecret(app.config, KEY_PURPOSE, privateKey, `${waveId}:${teamId}`) };
    }),
  );
  await insertBallotKeys(db, pairs);
  return pairs.length;
}

/** A (wave, team) private key as PKCS #8 DER, from its sealed form in ballot_key. */
export function openBallotPrivateKey(app: AppContext, waveId: string, teamId: string, sealed: Uint8Array): Uint8Array {
  return openSecret(app.config, KEY_PURPOSE, sealed, `${waveId}:${teamId}`);
}

/**
 * Whether this server's secret key opens the ballot keys of the open waves (one sealed key tried per wave,
 * up to 10,000 waves): a move to another database, or a new server, with another key would leave those
 * waves unable to issue a ballot. `sealed`: waves tried; `opened`: those whose key opened.
 */
export async function checkBallotKeysOpen(app: AppContext): Promise<{ sealed: number; opened: number }> {
  const rows = await listSealedBallotKeysByWave(app.db, 10_000);
  let opened = 0;
  for (const row of rows) {
    try {
      openBallotPrivateKey(app, row.waveId, row.teamId, row.privateKey!);
      opened++;
    } catch {
      // AES-GCM refuses a key that did not seal it: counted as not opened.
    }
  }
  return { sealed: rows.length, opened };
}

// Keys are kept per process, opened and parsed, for the hot paths (ADR 045): a key never changes while its
// wave is open, and its private half is only removed at close, after which issue_ballot refuses everyone,
// so a cached one signs nothing more. Still, no opened private key is kept longer than needed: the cache
// holds at most KEY_CACHE_SIZE keys (the least recently used goes first), each for KEY_CACHE_MS at most
// (a wave closed by another process, the worker, is forgotten here by then), and a wave this process
// closes is forgotten at once (forgetBallotKeys).
interface BallotKey {
  publicKey: KeyObject;
  privateKey: KeyObject | null;
  spki: Uint8Array;
}
const KEY_CACHE_SIZE = 1000;
const KEY_CACHE_MS = 10 * 60 * 1000;
const keyCache = new Map<string, { key: BallotKey; at: number }>();

async function ballotKey(app: AppContext, waveId: string, teamId: string): Promise<BallotKey | null> {
  const id = `${waveId}:${teamId}`;
  const cached = keyCache.get(id);
  if (cached) {
    keyCache.delete(id);
    if (Date.now() - cached.at < KEY_CACHE_MS) {
      keyCache.set(id, cached);
      return cached.key;
    }
  }
  const row = await findBallotKey(app.db, waveId, teamId);
  if (!row) return null;
  const privateKey = row.privateKey ? privateKeyFromDer(openBallotPrivateKey(app, waveId, teamId, row.privateKey)) : null;
  const key = { publicKey: publicKeyFromDer(row.publicKey), privateKey, spki: row.publicKey };
  if (key.privateKey) {
    keyCache.set(id, { key, at: Date.now() });
    if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
  }
  return key;
}

/** Drops a wave's keys from this process's cache: it has closed. */
export function forgetBallotKeys(waveId: string): void {
  for (const id of [...keyCache.keys()]) if (id.startsWith(`${waveId}:`)) keyCache.delete(id);
}

/** The public key a team's reps blind their tokens for (SubjectPublicKeyInfo DER); null when none. */
export async function ballotPublicKey(app: AppContext, waveId: string, teamId: string): Promise<Uint8Array | null> {
  return (await ballotKey(app, waveId, teamId))?.spki ?? null;
}

// A wave's items are snapshotted when it opens and never change, so they are kept per process.
const itemCache = new Map<string, { items: Awaited<ReturnType<typeof listWaveItems>>; at: number }>();
const ITEM_CACHE_MS = 10 * 60 * 1000;

export async function waveItems(app: AppContext, waveId: string) {
  if (!isUuid(waveId)) return [];
  const cached = itemCache.get(waveId);
  if (cached && Date.now() - cached.at < ITEM_CACHE_MS) return cached.items;
  const items = await listWaveItems(app.db, waveId);
  if (items.length > 0) {
    if (itemCache.size > 1000) itemCache.clear();
    itemCache.set(waveId, { items, at: Date.now() });
  }
  return items;
}

export type SignResult =
  | { status: "signed"; blindSignature: Uint8Array; teamId: string; closesAt: Date }
  | { status: "refused"; httpStatus: 400 | 403 | 404 | 409 | 410; message: string };

/**
 * Why a person who is not in a wave's audience may not answer it: the wave is of their organisation and
 * they were not asked ("not-invited"), or it is another organisation's, which looks exactly like a wave
 * that does not exist ("unknown"), so that wave ids cannot be probed across organisations.
 */
export async function whyNotInAudience(app: AppContext, waveId: string, personId: string): Promise<"not-invited" | "unknown"> {
  return (await isWaveInPersonsOrganisation(app.db, waveId, personId)) ? "not-invited" : "unknown";
}

/** A wave that does not exist, or is another organisation's: the same answer for both. */
const NO_SUCH_PULSE = { status: "refused", httpStatus: 404, message: said("pulse.refused.noSuchPulse") } as const satisfies SignResult;

/**
 * Refusals the rep's page shows, said (ADR 057): the ballot endpoint answers them in English and with their
 * key, which the page says in its language. Refusals that only a client other than Candor's page can cause
 * (a token of the wrong size) stay plain English.
 */
export const BALLOT_MESSAGES = {
  "not-invited": said("pulse.notInvited"),
  closed: said("pulse.refused.closed"),
  "already-issued": said("pulse.alreadyAnswered"),
} as const satisfies Record<IssueRefusal, string>;

const REFUSAL_STATUS = { "not-invited": 403, closed: 410, "already-issued": 409 } as const;

/**
 * Signs a rep's blinded ballot token with their team's key, once per person per wave: marks their
 * participation (one statement, its own transaction) and returns the blind signature. The same blinded
 * message again gets the same signature (its answer was lost on the way); any other is refused.
 */
export async function signBallot(app: AppContext, requester: BallotRequester, blindedMessage: Uint8Array, language?: unknown): Promise<SignResult> {
  return (await sign(app, requester, blindedMessage, (issue) => issueBallot(app.db, { ...issue, language: issuanceLanguage(language) })))!;
}

/**
 * The language a signature request says its page was in, as recorded with the issuance (ADR 058): one of
 * Candor's languages as Candor writes it, else null (never a refusal: it only feeds a count).
 */
export function issuanceLanguage(value: unknown): string | null {
  return typeof value === "string" && value.length <= 20 ? toLocale(value) : null;
}

/**
 * signBallot for the person a signed-in browser says it answers for, with the check of its session in the
 * same statement (ADR 045: one round trip). Null when the session does not prove that person (wrong,
 * expired, deactivated, another person's): nothing was written, and the caller validates the session the
 * usual way (validateSessionToken) and calls signBallot, which answers as it always has.
 */
export async function signBallotInSession(
  app: AppContext,
  request: BallotRequester & { sessionToken: string },
  blindedMessage: Uint8Array,
  language?: unknown,
): Promise<SignResult | null> {
  const proof = sessionProof(request.sessionToken);
  // Whatever this path cannot decide before knowing the session goes the usual way (which checks it first).
  if (!proof || !isUuid(request.personId) || !isUuid(request.waveId) || blindedMessage.length !== BALLOT_MODULUS_BYTES) return null;
  return sign(app, { waveId: request.waveId, personId: request.personId }, blindedMessage, (issue) =>
    issueBallotInSession(app.db, { ...issue, ...proof, language: issuanceLanguage(language) }),
  );
}

type Issue = { waveId: string; personId: string; holder: Uint8Array; now: Date; requestHash: Uint8Array };

async function sign(
  app: AppContext,
  requester: BallotRequester,
  blindedMessage: Uint8Array,
  issue: (issue: Issue) => Promise<{ teamId: string; closesAt: Date; repeated: boolean } | { refusal: IssueRefusal | "no-session" }>,
): Promise<SignResult | null> {
  if (!isUuid(requester.waveId)) return NO_SUCH_PULSE;
  if (blindedMessage.length !== BALLOT_MODULUS_BYTES) {
    return { status: "refused", httpStatus: 400, message: `A blinded ballot token has ${BALLOT_MODULUS_BYTES} bytes; this one has ${blindedMessage.length}.` };
  }
  const holder = ballotHolder(app.config, requester.waveId, requester.personId);
  const issued = await issue({ waveId: requester.waveId, personId: requester.personId, holder, now: app.now(), requestHash: sha256(blindedMessage) });
  if ("refusal" in issued) {
    if (issued.refusal === "no-session") return null;
    if (issued.refusal === "not-invited" && (await whyNotInAudience(app, requester.waveId, requester.personId)) === "unknown") return NO_SUCH_PULSE;
    return { status: "refused", httpStatus: REFUSAL_STATUS[issued.refusal], message: BALLOT_MESSAGES[issued.refusal] };
  }
  const key = await ballotKey(app, requester.waveId, issued.teamId);
  try {
    if (!key?.privateKey) throw new Error(`no ballot key for wave ${requester.waveId}`);
    return { status: "signed", blindSignature: blindSign(key.privateKey, blindedMessage), teamId: issued.teamId, closesAt: issued.closesAt };
  } catch (error) {
    // Nothing was signed: the person may ask again.
    if (!issued.repeated) await withdrawIssuance(app.db, requester.waveId, holder);
    if (error instanceof BlindSignError) return { status: "refused", httpStatus: 400, message: `This blinded ballot token cannot be signed: ${error.message}.` };
    throw error;
  }
}

export type BallotResult =
  | { status: "saved"; changed: boolean; closesAt: Date }
  | { status: "refused"; httpStatus: 400 | 403 | 404 | 410; message: string; fieldErrors: Record<string, string> };

const BALLOT_TAGS = {
  ballot: new TextEncoder().encode("candor-ballot-v1\0"),
  form: new TextEncoder().encode("candor-form-ballot-v1\0"),
  thread: new TextEncoder().encode("candor-thread-v1\0"),
};

/**
 * The hash a response is stored under: of a ballot's signed message, or of a form's token (no JavaScript);
 * or the key of its comment's conversation ("thread", ADR 054), from the same signed message under its own tag,
 * so that neither hash can be made from the other.
 */
export function ballotHash(kind: "ballot" | "form" | "thread", token: Uint8Array): Uint8Array {
  return sha256(BALLOT_TAGS[kind], token);
}

const refused = (httpStatus: 400 | 403 | 404 | 410, message: string, fieldErrors: Record<string, string> = {}): BallotResult => ({
  status: "refused",
  httpStatus,
  message,
  fieldErrors,
});

/**
 * A ballot: the answers with a token and its signature, from a request that carries no identity. The
 * signature must verify under the key of the named (wave, team); then the answers are checked and stored
 * under the token's hash (new, or replacing that token's earlier answers).
 */
export async function acceptBallot(
  app: AppContext,
  ballot: { waveId: string; teamId: string; message: Uint8Array; signature: Uint8Array; fields: Record<string, string | undefined> },
): Promise<BallotResult> {
  if (!isUuid(ballot.waveId) || !isUuid(ballot.teamId)) return refused(404, said("pulse.refused.noSuchTeam"));
  if (ballot.message.length !== BALLOT_MESSAGE_BYTES) return refused(400, `A ballot token has ${BALLOT_MESSAGE_BYTES} bytes; this one has ${ballot.message.length}.`);
  const key = await ballotKey(app, ballot.waveId, ballot.teamId);
  if (!key) return refused(404, said("pulse.refused.noSuchTeam"));
  if (!verifyBallotSignature(key.publicKey, ballot.message, ballot.signature)) {
    return refused(403, said("pulse.refused.signature"));
  }
  const parsed = parseAnswers(await waveItems(app, ballot.waveId), ballot.fields);
  if (!parsed.ok) return refused(400, parsed.formError, parsed.fieldErrors);
  const stored = await storeAnswers(
    app,
    { waveId: ballot.waveId, teamId: ballot.teamId, hash: ballotHash("ballot", ballot.message), threadKey: ballotHash("thread", ballot.message), existingOnly: false },
    parsed.answers,
  );
  if (!stored) return refused(410, BALLOT_MESSAGES.closed);
  return { status: "saved", changed: stored.replaced, closesAt: stored.closesAt };
}

/** Stores answers under a ballot hash (one statement, one transaction with nothing else in it). */
export function storeAnswers(
  app: AppContext,
  target: { waveId: string; teamId: string; hash: Uint8Array; threadKey?: Uint8Array; existingOnly: boolean },
  answers: readonly SubmittedAnswer[],
): Promise<{ closesAt: Date; replaced: boolean } | null> {
  return storeBallot(app.db, {
    waveId: target.waveId,
    teamId: target.teamId,
    ballotHash: target.hash,
    threadKey: target.threadKey ?? null,
    now: app.now(),
    existingOnly: target.existingOnly,
    answers,
  });
}

/** Whether the person has a ballot signature for an open wave (or sent its form). Only the server can tell. */
export async function hasBallot(app: AppContext, waveId: string, personId: string): Promise<boolean> {
  return (await findIssuedHolders(app.db, waveId, [ballotHolder(app.config, waveId, personId)])).length > 0;
}

/** The holders of a wave's audience, for sealing: which person each holder stands for. */
export async function audienceHolders(app: AppContext, db: Kysely<DB>, waveId: string): Promise<Array<{ personId: string; holder: Uint8Array }>> {
  const audience = await db.selectFrom("waveAudience").select("personId").where("waveId", "=", waveId).execute();
  return audience.map((a) => ({ personId: a.personId, holder: ballotHolder(app.config, waveId, a.personId) }));
}

/** The people of a wave's audience who have not answered: for reminders. */
export async function listWaitingPeople(app: AppContext, waveId: string): Promise<Awaited<ReturnType<typeof listNonRespondents>>> {
  const people = await listNonRespondents(app.db, waveId);
  const holders = people.map((p) => ballotHolder(app.config, waveId, p.id));
  const issued = new Set((await findIssuedHolders(app.db, waveId, holders)).map((h) => Buffer.from(h).toString("hex")));
  return people.filter((_, i) => !issued.has(Buffer.from(holders[i]!).toString("hex")));
}
