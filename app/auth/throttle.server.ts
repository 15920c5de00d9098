import type { AppContext } from "~/context.server";
import { clearLoginFailures, deleteAttempts, pruneLoginFailures, takeAttemptSlot } from "#db/queries/login-failures";
import { sha256Hex } from "./crypto.server";

/** 10 failed sign-ins for one account or one client address within 10 minutes lock that key out. */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 10 * 60 * 1000;

/**
 * Password reset requests: 5 an hour for one email (whether or not it has an account: the limit says
 * nothing about who has one), 20 an hour from one client address. However many ask, an inbox gets at most
 * 5 reset emails an hour for each of its accounts.
 */
export const RESET_MAX_PER_EMAIL = 5;
export const RESET_MAX_PER_ADDRESS = 20;
export const RESET_WINDOW_MS = 60 * 60 * 1000;

/**
 * Company sign-in (ADR 046): 100 starts and unfinished callbacks an address in 10 minutes. A sign-in that
 * works gives its callback's place back; starts stay counted (each costs a look-up at the provider).
 */
export const SSO_MAX_PER_ADDRESS = 100;
export const SSO_WINDOW_MS = 10 * 60 * 1000;

type Purpose = "sign-in" | "reset";

function keys(purpose: Purpose, email: string, address: string | null): { account: string; address: string | null } {
  // Sign-in keys keep the prefixes they had before resets were throttled too, so that nothing recorded is lost.
  const prefix = purpose === "sign-in" ? "" : "reset-";
  return {
    account: sha256Hex(`${prefix}account:${email.trim().toLowerCase()}`),
    address: address ? sha256Hex(`${prefix}address:${address}`) : null,
  };
}

/** An account's throttle keys (sign-in and password reset): SHA-256 of its address, so erasure can find and forget them. */
export function accountThrottleKeys(email: string): string[] {
  return [keys("sign-in", email, null).account, keys("reset", email, null).account];
}

/** A sign-in attempt that holds its place in the count until it is known to be right (then it is given back). */
export interface SignInAttempt {
  ids: number[];
}

export type Slot<T> = { ok: true; attempt: T } | { ok: false; retryAt: Date };

async function take(app: AppContext, keyed: Array<{ keyHash: string; max: number }>, windowMs: number): Promise<Slot<SignInAttempt>> {
  const now = app.now();
  const result = await takeAttemptSlot(app.db, keyed, new Date(now.getTime() - windowMs), now);
  // Keep the table small: attempts older than the longest window no longer matter.
  if (Math.random() < 0.05) await pruneLoginFailures(app.db, new Date(now.getTime() - Math.max(WINDOW_MS, RESET_WINDOW_MS)));
  if (result.taken) return { ok: true, attempt: { ids: result.ids } };
  // The lock lifts when the oldest attempt in the window ages out.
  return { ok: false, retryAt: new Date(Math.max(...result.full.map((f) => new Date(f.oldest).getTime() + windowMs))) };
}

/**
 * Counts a sign-in attempt as a failure before its password is checked, in one step with the check that
 * the account and the address are not locked: of any number of attempts at once, at most MAX_FAILURES
 * reach the password check in a window. A right password gives its place back (signInSucceeded).
 */
export function beginSignInAttempt(app: AppContext, email: string, address: string | null): Promise<Slot<SignInAttempt>> {
  const k = keys("sign-in", email, address);
  return take(app, [{ keyHash: k.account, max: MAX_FAILURES }, ...(k.address ? [{ keyHash: k.address, max: MAX_FAILURES }] : [])], WINDOW_MS);
}

/** A right password: its attempt is no failure, and the account's count starts again (not the address's: one address may try many accounts). */
export async function signInSucceeded(app: AppContext, email: string, attempt: SignInAttempt): Promise<void> {
  await deleteAttempts(app.db, attempt.ids);
  await clearLoginFailures(app.db, keys("sign-in", email, null).account);
}

/** A right password that still signs no one in (it matches accounts in several organisations): its attempt is given back. */
export async function signInUndecided(app: AppContext, attempt: SignInAttempt): Promise<void> {
  await deleteAttempts(app.db, attempt.ids);
}

/** Counts a password reset request for this email and address, unless either is at its limit for the hour. */
export async function takePasswordResetSlot(app: AppContext, email: string, address: string | null): Promise<Slot<unknown>> {
  const k = keys("reset", email, address);
  return take(app, [{ keyHash: k.account, max: RESET_MAX_PER_EMAIL }, ...(k.address ? [{ keyHash: k.address, max: RESET_MAX_PER_ADDRESS }] : [])], RESET_WINDOW_MS);
}

/** Counts a company sign-in step (its start, or its return from the provider) from this address, unless the address is at its limit. */
export async function takeSsoSlot(app: AppContext, address: string | null): Promise<Slot<SignInAttempt>> {
  if (!address) return { ok: true, attempt: { ids: [] } };
  return take(app, [{ keyHash: sha256Hex(`sso-address:${address}`), max: SSO_MAX_PER_ADDRESS }], SSO_WINDOW_MS);
}

/** A company sign-in that worked: its return from the provider is no longer counted. */
export async function ssoSucceeded(app: AppContext, attempt: SignInAttempt): Promise<void> {
  await deleteAttempts(app.db, attempt.ids);
}
