import crypto, { type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BALLOT_MODULUS_BITS, BlindSignError, blindSign, generateBallotKeyPair, prewarmBallotKeyPairs, verifyBallotSignature } from "./blind-rsa.server";
import fixture from "./fixtures/rfc9474-vectors.json";

// RFC 9474 Appendix A's vectors (see the fixture's comment for where the hex comes from). The Randomized
// variant is ours; the Deterministic one differs only in preparation (no prefix), so its BlindSign and its
// signature check are the same operations and make a second known answer.

type Vector = (typeof fixture.vectors)[number];

const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));
const bigint = (hex: string): bigint => BigInt(`0x${hex}`);

/** The big-endian bytes of a positive integer, without leading zeros, base64url-encoded (a JWK member). */
function b64url(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, "hex").toString("base64url");
}

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

/** a^-1 mod m by the extended Euclidean algorithm. */
function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new Error("not invertible");
  return mod(oldS, m);
}

function keysFromVector(v: Vector): { privateKey: KeyObject; publicKey: KeyObject } {
  const [p, q, d] = [bigint(v.p), bigint(v.q), bigint(v.d)];
  const jwk: crypto.JsonWebKey = {
    kty: "RSA",
    n: b64url(bigint(v.n)),
    e: b64url(bigint(v.e)),
    d: b64url(d),
    p: b64url(p),
    q: b64url(q),
    dp: b64url(d % (p - 1n)),
    dq: b64url(d % (q - 1n)),
    qi: b64url(modInverse(q, p)),
  };
  const privateKey = crypto.createPrivateKey({ key: jwk, format: "jwk" });
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
}

/** A copy with one bit flipped. */
function flipBit(data: Uint8Array, byteIndex: number, bit = 0): Uint8Array {
  const copy = new Uint8Array(data);
  copy[byteIndex]! ^= 1 << bit;
  return copy;
}

const KLEN = 512; // 4096-bit modulus

describe.each(fixture.vectors)("RFC 9474 Appendix A, $name", (v) => {
  const { privateKey, publicKey } = keysFromVector(v);

  it("is the vector as published (n = p·q, prepared_msg = msg_prefix ‖ msg, a 4096-bit key)", () => {
    expect(bigint(v.p) * bigint(v.q)).toBe(bigint(v.n));
    expect(v.prepared_msg).toBe(v.msg_prefix + v.msg);
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    for (const value of [v.blinded_msg, v.blind_sig, v.sig]) expect(bytes(value)).toHaveLength(KLEN);
  });

  it("BlindSign gives blind_sig byte for byte", () => {
    expect(Buffer.from(blindSign(privateKey, bytes(v.blinded_msg))).toString("hex")).toBe(v.blind_sig);
  });

  it("accepts sig over prepared_msg", () => {
    expect(verifyBallotSignature(publicKey, bytes(v.prepared_msg), bytes(v.sig))).toBe(true);
  });

  it("refuses sig with any one bit flipped", () => {
    const sig = bytes(v.sig);
    for (const [byteIndex, bit] of [
      [0, 0],
      [0, 7],
      [KLEN / 2, 3],
      [KLEN - 1, 0],
      [KLEN - 1, 7],
    ] as const) {
      expect(verifyBallotSignature(publicKey, bytes(v.prepared_msg), flipBit(sig, byteIndex, bit))).toBe(false);
    }
  });

  it("refuses sig over prepared_msg with any one bit flipped", () => {
    const message = bytes(v.prepared_msg);
    for (const [byteIndex, bit] of [
      [0, 0],
      [0, 7],
      [message.length - 1, 0],
      [message.length - 1, 7],
    ] as const) {
      expect(verifyBallotSignature(publicKey, flipBit(message, byteIndex, bit), bytes(v.sig))).toBe(false);
    }
  });

  it("refuses sig over msg alone when a prefix was signed, and a signature of the wrong length", () => {
    if (v.msg_prefix) expect(verifyBallotSignature(publicKey, bytes(v.msg), bytes(v.sig))).toBe(false);
    expect(verifyBallotSignature(publicKey, bytes(v.prepared_msg), new Uint8Array([0, ...bytes(v.sig)]))).toBe(false);
    expect(verifyBallotSignature(publicKey, bytes(v.prepared_msg), bytes(v.sig).subarray(1))).toBe(false);
  });

  it("BlindSign refuses a blinded message of the wrong length", () => {
    const blinded = bytes(v.blinded_msg);
    expect(() => blindSign(privateKey, blinded.subarray(1))).toThrow(BlindSignError);
    expect(() => blindSign(privateKey, new Uint8Array([0, ...blinded]))).toThrow(BlindSignError);
    expect(() => blindSign(privateKey, new Uint8Array(0))).toThrow(BlindSignError);
  });

  it("BlindSign refuses a blinded message not below n", () => {
    const n = bytes(v.n);
    expect(n).toHaveLength(KLEN);
    expect(() => blindSign(privateKey, n)).toThrow(BlindSignError);
    expect(() => blindSign(privateKey, new Uint8Array(KLEN).fill(0xff))).toThrow(BlindSignError);
    // n − 1 is still a number below n: signed, not refused.
    const nMinusOne = bytes((bigint(v.n) - 1n).toString(16).padStart(2 * KLEN, "0"));
    expect(() => blindSign(privateKey, nMinusOne)).not.toThrow();
  });
});

describe("key pairs made ahead of time (prewarmBallotKeyPairs)", () => {
  it("are taken by the next calls, each a distinct 2048-bit pair; calls beyond them make their own", async () => {
    prewarmBallotKeyPairs(2);
    const pairs = await Promise.all([generateBallotKeyPair(), generateBallotKeyPair(), generateBallotKeyPair()]);
    expect(new Set(pairs.map((p) => Buffer.from(p.publicKey).toString("hex"))).size).toBe(3);
    for (const pair of pairs) {
      const publicKey = crypto.createPublicKey({ key: Buffer.from(pair.publicKey), format: "der", type: "spki" });
      const privateKey = crypto.createPrivateKey({ key: Buffer.from(pair.privateKey), format: "der", type: "pkcs8" });
      expect(publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: BALLOT_MODULUS_BITS, publicExponent: 65537n });
      // The two halves belong together.
      expect(crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" }).equals(Buffer.from(pair.publicKey))).toBe(true);
    }
  });
});
