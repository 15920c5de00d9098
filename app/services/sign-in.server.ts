import type { AppContext } from "~/context.server";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import { createSession, invalidateAllSessions, invalidateSession, type SessionUser } from "~/auth/session.server";
import { beginSignInAttempt, signInSucceeded, signInUndecided, takePasswordResetSlot } from "~/auth/throttle.server";
import { checkAuthToken, consumeToken, issueAuthToken, TOKEN_PROBLEMS } from "~/auth/tokens.server";
import { findPerson, findSignInCandidates, updatePerson } from "#db/queries/people";
import { actionMail, mailLocale } from "./mail.server";
import { translatorFor } from "~/i18n/catalogues.server";
import { said } from "~/i18n/said";
import { InputError } from "~/domain/errors";
import { ssoRequiredFor, type SsoOption } from "./sso.server";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date }
  | { ok: false; reason: "choose-organisation"; organisations: Array<{ id: string; name: string }> }
  | { ok: false; reason: "sso-required"; options: SsoOption[] };

/**
 * Email and password sign-in. A wrong password and an unknown email get the same answer (and take the
 * same time); 10 failures for one account or one address within 10 minutes lock it for the rest of the
 * window. Each attempt is counted as a failure before its password is checked, in one step with the lock
 * check, so that attempts sent at once cannot check more passwords than that; a right one is given back.
 * An email in several organisations with the same password asks which one. When the organisation requires
 * sign-in through its identity provider (ADR 042), a right password is refused all the same, except the
 * break-glass admin's, and the answer offers the provider: only someone who knows the password learns that.
 */
export async function signIn(
  app: AppContext,
  input: { email: string; password: string; organisationId?: string; address: string | null; redirectTo?: string },
): Promise<SignInResult> {
  const slot = await beginSignInAttempt(app, input.email, input.address);
  if (!slot.ok) return { ok: false, reason: "throttled", retryAt: slot.retryAt };

  const candidates = await findSignInCandidates(app.db, input.email);
  const withPassword = candidates.filter((c) => c.passwordHash);
  const matches = [];
  if (withPassword.length === 0) await verifyAgainstDummy(input.password);
  for (const candidate of withPassword) {
    if (await verifyPassword(candidate.passwordHash!, input.password)) matches.push(candidate);
  }
  const chosen = input.organisationId ? matches.filter((m) => m.organisationId === input.organisationId) : matches;
  // A failure stays counted, as it was counted before the check.
  if (chosen.length === 0) return { ok: false, reason: "invalid" };
  if (chosen.length > 1) {
    await signInUndecided(app, slot.attempt);
    return { ok: false, reason: "choose-organisation", organisations: chosen.map((m) => ({ id: m.organisationId, name: m.organisationName })) };
  }
  const person = chosen[0]!;
  const sso = await ssoRequiredFor(app, person, input.redirectTo);
  if (sso) {
    await signInUndecided(app, slot.attempt);
    return { ok: false, reason: "sso-required", options: sso };
  }
  await signInSucceeded(app, input.email, slot.attempt);
  return { ok: true, ...(await createSession(app, { id: person.id, organisationId: person.organisationId })) };
}

export async function signOut(app: AppContext, user: SessionUser): Promise<void> {
  await invalidateSession(app, user.sessionId);
}

/** Ends every session of the person, this one included. */
export async function signOutEverywhere(app: AppContext, user: SessionUser): Promise<number> {
  return invalidateAllSessions(app, user.personId);
}

/**
 * Changes the signed-in person's password after checking the current one. Every other session ends;
 * this browser gets a fresh session so the person stays signed in here.
 */
export async function changePassword(app: AppContext, user: SessionUser, input: { currentPassword: string; newPassword: string }): Promise<{ token: string; expiresAt: Date }> {
  const person = await findPerson(app.db, user.organisationId, user.personId);
  if (!person?.passwordHash || !(await verifyPassword(person.passwordHash, input.currentPassword))) {
    throw new InputError("Your current password is not right.", { currentPassword: "This is not your current password" });
  }
  await updatePerson(app.db, user.organisationId, user.personId, {
    passwordHash: await hashPassword(input.newPassword),
    passwordChangedAt: app.now(),
  });
  await invalidateAllSessions(app, user.personId);
  return createSession(app, { id: user.personId, organisationId: user.organisationId });
}

/**
 * Sets the password from an invitation or reset link, uses the link up, ends every earlier session and
 * signs the person in.
 */
export async function setPasswordWithToken(
  app: AppContext,
  input: { token: string; purpose: "invitation" | "password_reset"; password: string },
): Promise<{ token: string; expiresAt: Date }> {
  const check = await checkAuthToken(app, input.token, input.purpose);
  if (!check.ok) throw new InputError(TOKEN_PROBLEMS[check.reason]);
  if (await ssoRequiredFor(app, { id: check.personId, organisationId: check.organisationId })) throw new InputError(SSO_NO_PASSWORD);
  const passwordHash = await hashPassword(input.password);
  return app.db.transaction().execute(async (trx) => {
    const scoped = { ...app, db: trx };
    if (!(await consumeToken(scoped, check.id))) throw new InputError(TOKEN_PROBLEMS.used);
    await updatePerson(trx, check.organisationId, check.personId, { passwordHash, passwordChangedAt: app.now() });
    await invalidateAllSessions(scoped, check.personId);
    return createSession(scoped, { id: check.personId, organisationId: check.organisationId });
  });
}

/**
 * Emails a reset link to every active account with this email, unless this email or this client address
 * asked too often within the hour (then: the moment to try again). The caller shows the same message
 * whether or not an account exists; the limit is counted on the email as typed, account or not, so it
 * tells no one either.
 */
export async function requestPasswordReset(app: AppContext, email: string, address: string | null): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
  const slot = await takePasswordResetSlot(app, email, address);
  if (!slot.ok) return slot;
  const candidates = await findSignInCandidates(app.db, email);
  for (const candidate of candidates) {
    const sso = await ssoRequiredFor(app, candidate);
    // In the account's language: its own setting, else its organisation's (ADR 055).
    const locale = mailLocale(candidate, candidate.defaultLanguage);
    const { t } = translatorFor(locale);
    const organisation = candidate.organisationName;
    const orOpen = (address: string) => t("mail.orOpen", { link: address });
    if (sso) {
      // No password to reset: the organisation signs in through its identity provider.
      await app.mailer.send(
        actionMail({
          to: email.trim(),
          subject: t("mail.ssoSubject"),
          paragraphs: [t("mail.resetAsked", { organisation }), sso[0] ? t("mail.ssoBodyNamed", { organisation, provider: sso[0].name }) : t("mail.ssoBody", { organisation })],
          action: t("mail.ssoAction"),
          link: `${app.config.appUrl}/login`,
          footer: t("mail.ssoFooter"),
          orOpen,
          lang: locale,
        }),
      );
      continue;
    }
    const token = await issueAuthToken(app, { id: candidate.id, organisationId: candidate.organisationId }, "password_reset");
    await app.mailer.send(
      actionMail({
        to: email.trim(),
        subject: t("mail.resetSubject"),
        paragraphs: [t("mail.resetAsked", { organisation }), t("mail.resetBody")],
        action: t("mail.resetAction"),
        link: `${app.config.appUrl}/reset-password/${token}`,
        footer: t("mail.resetFooter"),
        orOpen,
        lang: locale,
      }),
    );
  }
  return { ok: true };
}

const SSO_NO_PASSWORD = said("setPassword.ssoNoPassword");

export type LinkPage = { ok: true; name: string; email: string; organisationName: string } | { ok: false; problem: string };

/** What an invitation or reset page shows before the password is set: who it is for, or why it cannot be used. */
export async function describeLink(app: AppContext, token: string, purpose: "invitation" | "password_reset"): Promise<LinkPage> {
  const check = await checkAuthToken(app, token, purpose);
  if (!check.ok) return { ok: false, problem: TOKEN_PROBLEMS[check.reason] };
  if (await ssoRequiredFor(app, { id: check.personId, organisationId: check.organisationId })) return { ok: false, problem: SSO_NO_PASSWORD };
  return { ok: true, name: check.name, email: check.email, organisationName: check.organisationName };
}
