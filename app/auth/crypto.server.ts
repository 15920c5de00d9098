import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** `bytes` random bytes as lowercase base32 without padding. */
export function randomToken(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}

export function sha256Bytes(value: string): Uint8Array {
  return sha256(new TextEncoder().encode(value));
}

export function sha256Hex(value: string): string {
  return encodeHexLowerCase(sha256Bytes(value));
}

/**
 * A secret token in Lucia's current design: a public id (the lookup key) and a secret of 20 random bytes,
 * of which only the SHA-256 is stored. Sent as `<id>.<secret>`.
 */
export function newSecretToken(): { id: string; secret: string; token: string; secretHash: Uint8Array } {
  const id = randomToken(15);
  const secret = randomToken(20);
  return { id, secret, token: `${id}.${secret}`, secretHash: sha256Bytes(secret) };
}

/** Splits `<id>.<secret>`; null when the shape is wrong. */
export function splitSecretToken(token: string): { id: string; secret: string } | null {
  const match = /^([a-z2-7]{24})\.([a-z2-7]{32})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** Compares the secret's hash with the stored one in constant time. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const computed = sha256Bytes(secret);
  return computed.length === storedHash.length && constantTimeEqual(computed, new Uint8Array(storedHash));
}
