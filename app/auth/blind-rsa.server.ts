import crypto, { type KeyObject } from "node:crypto";
import os from "node:os";
import { promisify } from "node:util";

/**
 * The server's half of RSABSSA-SHA384-PSS-Randomized (RFC 9474), the blind signatures that make a ballot
 * (ADR 021). The browser prepares and blinds a random token, the server signs the blinded message without
 * seeing the token (BlindSign), the browser unblinds (Finalize). The result is an ordinary RSASSA-PSS
 * signature (SHA-384, MGF1-SHA-384, 48-byte salt) over the prepared message, checked here with Node's own
 * verifier. The browser's half is @cloudflare/blindrsa-ts (app/utils/ballot.client.ts); signing uses
 * OpenSSL's raw RSA private operation (with CRT, ~0.3 ms for 2048 bits) instead of that library's BigInt
 * code, which is two orders of magnitude slower. Tests check both against each other and RFC 9474's vectors.
 */

export const BALLOT_MODULUS_BITS = 2048;
export const BALLOT_MODULUS_BYTES = BALLOT_MODULUS_BITS / 8;
/** RFC 9474's randomized preparation: 32 random bytes before the message. */
export const BALLOT_PREFIX_BYTES = 32;
const SALT_BYTES = 48;

const generateKeyPair = promisify(crypto.generateKeyPair);

/** A fresh key pair: the public key as SubjectPublicKeyInfo DER, the private key as PKCS #8 DER. */
export async function generateBallotKeyPair(): Promise<KeyPairDer> {
  const slot = prewarmed.shift();
  return slot ? start(slot) : makeBallotKeyPair();
}

interface KeyPairDer {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

async function makeBallotKeyPair(): Promise<KeyPairDer> {
  const { publicKey, privateKey } = await generateKeyPair("rsa", { modulusLength: BALLOT_MODULUS_BITS, publicExponent: 65537 });
  return {
    publicKey: new Uint8Array(publicKey.export({ type: "spki", format: "der" })),
    privateKey: new Uint8Array(privateKey.export({ type: "pkcs8", format: "der" })),
  };
}

/** A key pair asked for ahead of time: made when a lane gets to it, or at once when it is taken first. */
interface Prewarmed {
  pair?: Promise<KeyPairDer>;
}
const prewarmed: Prewarmed[] = [];

function start(slot: Prewarmed): Promise<KeyPairDer> {
  if (!slot.pair) {
    slot.pair = makeBallotKeyPair();
    // Whoever takes it sees a failure; one nobody takes must not end the process.
    slot.pair.catch(() => {});
  }
  return slot.pair;
}

/**
 * Starts making `count` key pairs now, for a wave that this process is about to open: the next `count`
 * calls of generateBallotKeyPair take them. The demo's first start opens a wave for 12 teams, and RSA key
 * generation (0.1–0.3 s of CPU each) then runs in libuv's thread pool while the main thread opens the
 * database (ADR 028): one after another on all cores but one, so that the main thread is not slowed; those
 * not started yet when the wave opens are all made at once then. They stay in this process's memory
 * only, as any key pair does until it is sealed.
 */
export function prewarmBallotKeyPairs(count: number): void {
  const slots: Prewarmed[] = Array.from({ length: count }, () => ({}));
  prewarmed.push(...slots);
  let next = 0;
  const lane = async () => {
    while (next < slots.length) {
      const slot = slots[next++]!;
      if (!slot.pair) await start(slot).catch(() => {});
    }
  };
  for (let i = 0; i < Math.max(1, Math.min(count, os.availableParallelism() - 1)); i++) void lane();
}

export class BlindSignError extends Error {}

/**
 * BlindSign (RFC 9474 §4.3): s = m^d mod n for the blinded message m, then the check that s^e mod n = m
 * (a fault in the private operation must not leak the key). Throws BlindSignError for a message that is
 * not kLen bytes or not smaller than n.
 */
export function blindSign(privateKey: KeyObject, blindedMessage: Uint8Array): Uint8Array {
  const kLen = modulusBytes(privateKey);
  if (blindedMessage.length !== kLen) throw new BlindSignError(`a blinded message has ${kLen} bytes`);
  let signature: Buffer;
  try {
    signature = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_NO_PADDING }, blindedMessage);
  } catch {
    // OpenSSL refuses m >= n ("data too large for modulus").
    throw new BlindSignError("the blinded message is not a number below the key's modulus");
  }
  const check = crypto.publicEncrypt({ key: publicKeyOf(privateKey), padding: crypto.constants.RSA_NO_PADDING }, signature);
  if (!crypto.timingSafeEqual(check, blindedMessage)) throw new Error("signing failure: the signature does not verify");
  return new Uint8Array(signature);
}

// The public half of each private key, made once: blindSign checks every signature with it (a hot path).
const publicKeys = new WeakMap<KeyObject, KeyObject>();
function publicKeyOf(privateKey: KeyObject): KeyObject {
  let publicKey = publicKeys.get(privateKey);
  if (!publicKey) {
    publicKey = crypto.createPublicKey(privateKey);
    publicKeys.set(privateKey, publicKey);
  }
  return publicKey;
}

/** Verifies a finalized blind signature: RSASSA-PSS with SHA-384 over the prepared message. */
export function verifyBallotSignature(publicKey: KeyObject, preparedMessage: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== modulusBytes(publicKey)) return false;
  return crypto.verify("sha384", preparedMessage, { key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: SALT_BYTES }, signature);
}

function modulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new Error("not an RSA key");
  return Math.ceil(bits / 8);
}

export const privateKeyFromDer = (der: Uint8Array): KeyObject => crypto.createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
export const publicKeyFromDer = (der: Uint8Array): KeyObject => crypto.createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
