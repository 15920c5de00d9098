import type { Kysely } from "kysely";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { invalidateAllSessions } from "~/auth/session.server";
import { issueAuthToken } from "~/auth/tokens.server";
import { dateInZone } from "~/domain/organisation-settings";
import type { Role } from "~/domain/roles";
import { findOrganisationById } from "#db/queries/organisations";
import { listMemberships, moveToTeam, recordActivation, type MembershipChange } from "#db/queries/memberships";
import {
  findPerson,
  findPersonByEmail,
  findPersonWithTeam,
  insertPerson,
  listPeople,
  findPersonLanguage,
  updatePerson,
  updatePersonEmail,
  type PersonWithTeam,
} from "#db/queries/people";
import { findTeam } from "#db/queries/teams";
import type { DB } from "#db/schema";
import { ConflictError, InputError } from "~/domain/errors";
import { actionMail, mailLocale } from "./mail.server";
import { translatorFor } from "~/i18n/catalogues.server";
import { createOnce } from "./form-submissions.server";
import { auditByMembershipChange, personActor, recordAudit, recordAuditByUser, type AuditActor, type AuditRecord, type AuditSource } from "./audit.server";

export type { PersonWithTeam };

/** The organisation's people for the admin screen, filtered by a search over name and email. */
export async function searchPeople(app: AppContext, user: SessionUser, search: string | undefined): Promise<PersonWithTeam[]> {
  return listPeople(app.db, user.organisationId, { search: search?.trim() || undefined });
}

/** Today's date in the organisation's time zone: memberships start and end on calendar dates. */
export async function organisationToday(app: AppContext, organisationId: string): Promise<string> {
  const org = await findOrganisationById(app.db, organisationId);
  return dateInZone(app.now(), org?.timezone ?? "UTC");
}

/** A membership change made by a signed-in admin on the people pages. */
const byAdmin = (app: AppContext, actor: SessionUser): MembershipChange => ({ actorId: actor.personId, source: "admin", at: app.now() });

/**
 * Who changes people and their teams, and through what: an admin on the people pages, or an identity
 * provider over SCIM (ADR 044). Membership events and audit entries say so; the rules are the same.
 */
export interface PeopleChangeAuthor {
  organisationId: string;
  membership: MembershipChange;
  audit: { actor: AuditActor; source: AuditSource };
}

/** An admin on a page as the author of a change. */
export const adminAuthor = (app: AppContext, actor: SessionUser): PeopleChangeAuthor => ({
  organisationId: actor.organisationId,
  membership: byAdmin(app, actor),
  audit: { actor: personActor(actor), source: "ui" },
});

/** Records an audit entry for a change to people or teams, as its author made it. */
export async function recordAuditAs(
  trx: Kysely<DB>,
  app: Pick<AppContext, "now">,
  author: PeopleChangeAuthor,
  entry: Omit<AuditRecord, "organisationId" | "actor" | "source" | "at">,
) {
  return recordAudit(trx, { ...entry, organisationId: author.organisationId, actor: author.audit.actor, source: author.audit.source, at: app.now() });
}

/**
 * Adds a person as a rep in no team (SCIM's new people: an admin places them and decides their role), in the
 * caller's transaction, audited with their name and address as personal details. No invitation is sent.
 */
export async function addPersonAs(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, input: { email: string; name: string }): Promise<string> {
  const row = await insertPerson(trx, { organisationId: author.organisationId, email: input.email, name: input.name, role: "rep" });
  await recordAuditAs(trx, app, author, {
    action: "person.add",
    target: { type: "person", id: row.id },
    after: { role: "rep", teamId: null, team: null },
    personal: [{ personId: row.id, after: { name: row.name, email: row.email } }],
  });
  return row.id;
}

/** Renames a person in the caller's transaction; the names go to the audit entry's personal details. */
export async function renamePersonAs(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, person: { id: string; name: string }, name: string): Promise<void> {
  if (person.name === name) return;
  await updatePerson(trx, author.organisationId, person.id, { name });
  await recordAuditAs(trx, app, author, {
    action: "person.rename",
    target: { type: "person", id: person.id },
    personal: [{ personId: person.id, before: { name: person.name }, after: { name } }],
  });
}

/** Changes a person's email address (their sign-in name) in the caller's transaction; the caller checked it is free. */
export async function changeEmailAs(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, person: { id: string; email: string }, email: string): Promise<void> {
  if (person.email === email) return;
  await updatePersonEmail(trx, author.organisationId, person.id, email);
  await recordAuditAs(trx, app, author, {
    action: "person.email-change",
    target: { type: "person", id: person.id },
    personal: [{ personId: person.id, before: { email: person.email }, after: { email } }],
  });
}

/** A team's name for the audit log (team names name no person). */
async function teamName(db: Kysely<DB>, organisationId: string, teamId: string | null): Promise<string | null> {
  return teamId ? ((await findTeam(db, organisationId, teamId))?.name ?? null) : null;
}

async function requireTeamId(app: AppContext, organisationId: string, teamId: string | null): Promise<string | null> {
  if (!teamId) return null;
  if (!(await findTeam(app.db, organisationId, teamId))) throw new InputError(said("adminPeople.noTeam"), { teamId: said("adminPeople.pickTeam") });
  return teamId;
}

/**
 * Adds a person and emails them an invitation link (single use, 7 days) to set their password. Inviting
 * someone who exists but never set a password sends a fresh link; an active account is refused. The same form
 * sent twice (`submissionKey`) invites once: the repeat sends no second mail and answers `link: null`.
 */
export async function invitePerson(
  app: AppContext,
  actor: SessionUser,
  input: { email: string; name: string; role: Role; teamId: string | null; submissionKey?: string },
): Promise<{ personId: string; link: string | null }> {
  const teamId = await requireTeamId(app, actor.organisationId, input.teamId);
  if (input.role === "rep" && !teamId) throw new InputError(said("adminPeople.repNeedsTeam"), { teamId: said("adminPeople.pickRepTeam") });
  const existing = await findPersonByEmail(app.db, actor.organisationId, input.email);
  if (existing && (existing.passwordHash || !existing.active)) {
    throw new InputError(said("adminPeople.hasAccount", { email: existing.email }), { email: said("adminPeople.alreadyAccount") });
  }
  const today = await organisationToday(app, actor.organisationId);
  let email = input.email.trim();
  const { id, repeated } = await createOnce(app, actor, "invitation", input.submissionKey, async (trx) => {
    const row = existing ?? (await insertPerson(trx, { organisationId: actor.organisationId, email: input.email.trim(), name: input.name.trim(), role: input.role }));
    if (existing) await updatePerson(trx, actor.organisationId, existing.id, { name: input.name.trim(), role: input.role });
    await moveToTeam(trx, actor.organisationId, row.id, teamId, today, byAdmin(app, actor));
    email = row.email;
    await recordAuditByUser(trx, app, actor, {
      action: "person.invite",
      target: { type: "person", id: row.id },
      before: existing ? { role: existing.role } : undefined,
      after: { role: input.role, teamId, team: await teamName(trx, actor.organisationId, teamId) },
      personal: [{ personId: row.id, before: existing ? { name: existing.name, email: existing.email } : undefined, after: { name: input.name.trim(), email: row.email } }],
    });
    return row.id;
  });
  if (repeated) return { personId: id, link: null };
  const link = await sendInvitation(app, { id, organisationId: actor.organisationId, email }, actor.name, input.role);
  return { personId: id, link };
}

/** Issues an invitation token and emails the link; returns the link (the CLI prints it). */
export async function sendInvitation(app: AppContext, person: { id: string; organisationId: string; email: string }, inviterName: string | null, role: Role): Promise<string> {
  const org = await findOrganisationById(app.db, person.organisationId);
  const token = await issueAuthToken(app, person, "invitation");
  const link = `${app.config.appUrl}/invite/${token}`;
  // In the person's language: their own setting (a roster file can set it), else the organisation's (ADR 055).
  const locale = mailLocale((await findPersonLanguage(app.db, person.id)) ?? { language: null }, org?.defaultLanguage);
  const { t } = translatorFor(locale);
  const organisation = org?.name ?? t("mail.yourOrganisation");
  await app.mailer.send(
    actionMail({
      to: person.email,
      subject: t("mail.accountInviteSubject", { organisation }),
      paragraphs: [
        inviterName ? t("mail.accountInviteBy", { inviter: inviterName, organisation }) : t("mail.accountInviteByAdmin", { organisation }),
        t("mail.accountInviteRole", { role }),
        t("mail.accountInviteAnonymous"),
      ],
      action: t("mail.accountInviteAction"),
      link,
      orOpen: (address) => t("mail.orOpen", { link: address }),
      lang: locale,
    }),
  );
  return link;
}

async function requireOtherPerson(app: AppContext, actor: SessionUser, personId: string) {
  const person = await findPerson(app.db, actor.organisationId, personId);
  if (!person) throw new InputError(said("adminPeople.noPerson"));
  if (person.erasedAt) throw new ConflictError(said("adminPeople.erased"));
  return person;
}

export async function resendInvitation(app: AppContext, actor: SessionUser, personId: string): Promise<void> {
  const person = await requireOtherPerson(app, actor, personId);
  if (person.passwordHash) throw new InputError(said("adminPeople.hasPassword", { name: person.name }));
  if (!person.active) throw new InputError(said("adminPeople.isDeactivated", { name: person.name }));
  await sendInvitation(app, person, actor.name, person.role);
  await recordAuditByUser(app.db, app, actor, { action: "person.invitation-resend", target: { type: "person", id: person.id } });
}

export async function changeRole(app: AppContext, actor: SessionUser, personId: string, role: Role): Promise<void> {
  const person = await requireOtherPerson(app, actor, personId);
  if (person.id === actor.personId && role !== "admin") {
    throw new InputError(said("adminPeople.ownAdmin"), { role: said("adminPeople.askAnotherAdmin") });
  }
  if (role === "rep") {
    const current = await findPersonWithTeam(app.db, actor.organisationId, person.id);
    if (!current?.teamId) throw new InputError(said("adminPeople.teamBeforeRep", { name: person.name }), { role: said("adminPeople.teamFirst") });
  }
  await app.db.transaction().execute(async (trx) => {
    await updatePerson(trx, actor.organisationId, person.id, { role });
    // Only reps are asked: becoming one joins the team's audience (a way to pad it), ceasing to leaves it.
    if (person.active && (person.role === "rep") !== (role === "rep")) {
      await recordActivation(trx, actor.organisationId, person.id, role === "rep" ? "joined" : "left", byAdmin(app, actor));
    }
    if (person.role !== role) {
      await recordAuditByUser(trx, app, actor, { action: "person.role-change", target: { type: "person", id: person.id }, before: { role: person.role }, after: { role } });
    }
  });
}

/** Moves a person to another team from today; their earlier membership stays in the history. */
export async function changeTeam(app: AppContext, actor: SessionUser, personId: string, teamId: string | null): Promise<void> {
  const person = await requireOtherPerson(app, actor, personId);
  const team = await requireTeamId(app, actor.organisationId, teamId);
  if (!team && person.role === "rep") throw new InputError(said("adminPeople.repNeedsTeam"), { teamId: said("adminPeople.pickTeam") });
  const today = await organisationToday(app, actor.organisationId);
  await app.db.transaction().execute((trx) => movePersonToTeam(trx, app, adminAuthor(app, actor), person.id, team, today));
}

/**
 * Moves a person to a team (or out of every team) from `today`, in the caller's transaction: the membership
 * history, the membership events and the audit entry, as the author made the change. Nothing when they are
 * already there. Returns whether they moved.
 */
export async function movePersonToTeam(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, personId: string, teamId: string | null, today: string): Promise<boolean> {
  const before = await findPersonWithTeam(trx, author.organisationId, personId);
  if ((before?.teamId ?? null) === teamId) return false;
  await moveToTeam(trx, author.organisationId, personId, teamId, today, author.membership);
  await recordAuditAs(trx, app, author, {
    action: "person.team-change",
    target: { type: "person", id: personId },
    before: { teamId: before?.teamId ?? null, team: before?.teamName ?? null },
    after: { teamId, team: await teamName(trx, author.organisationId, teamId) },
  });
  return true;
}

/**
 * Deactivates a person: they cannot sign in, and every session of theirs ends at once. They leave
 * their team's audience, which is recorded as leaving the team.
 */
export async function deactivatePerson(app: AppContext, actor: SessionUser, personId: string): Promise<void> {
  const person = await requireOtherPerson(app, actor, personId);
  if (person.id === actor.personId) throw new InputError(said("adminPeople.deactivateSelf"));
  await app.db.transaction().execute((trx) => setPersonActive(trx, app, adminAuthor(app, actor), person, false));
}

/**
 * Deactivation's and reactivation's one home, in the caller's transaction. Deactivating: the person cannot
 * sign in, every session of theirs ends at once, and they leave their team's audience (a 'left' membership
 * event), so no later wave asks them; their anonymous answers are not theirs by record and stay.
 * Reactivating: back in their team's audience ('joined'). Events and the audit entry only when it changes.
 */
export async function setPersonActive(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, person: { id: string; active: boolean }, active: boolean): Promise<void> {
  if (!active) {
    await updatePerson(trx, author.organisationId, person.id, { active: false, deactivatedAt: app.now() });
    await invalidateAllSessions({ ...app, db: trx }, person.id);
  } else {
    await updatePerson(trx, author.organisationId, person.id, { active: true, deactivatedAt: null });
  }
  if (person.active === active) return;
  await recordActivation(trx, author.organisationId, person.id, active ? "joined" : "left", author.membership);
  await recordAuditAs(trx, app, author, { action: active ? "person.reactivate" : "person.deactivate", target: { type: "person", id: person.id } });
}

/** Lets a deactivated person sign in again; back in their team's audience, which is recorded as joining it. */
export async function reactivatePerson(app: AppContext, actor: SessionUser, personId: string): Promise<void> {
  const person = await requireOtherPerson(app, actor, personId);
  await app.db.transaction().execute((trx) => setPersonActive(trx, app, adminAuthor(app, actor), person, true));
}

/**
 * CLI: creates (or finds) an admin of an organisation and returns a one-time set-password link. Also
 * emails it when mail is configured.
 */
export async function createAdmin(app: AppContext, organisationId: string, input: { email: string; name?: string }): Promise<{ personId: string; link: string; created: boolean }> {
  const existing = await findPersonByEmail(app.db, organisationId, input.email);
  const cli = { actorId: null, source: "cli" as const, at: app.now() };
  const person = await app.db.transaction().execute(async (trx) => {
    if (existing && existing.role !== "admin") {
      await updatePerson(trx, organisationId, existing.id, { role: "admin", active: true, deactivatedAt: null });
      if (!existing.active) await recordActivation(trx, organisationId, existing.id, "joined", cli);
    }
    const row = existing ?? (await insertPerson(trx, { organisationId, email: input.email.trim(), name: input.name?.trim() || input.email.split("@")[0]!, role: "admin" }));
    if (!existing || existing.role !== "admin") {
      await recordAudit(trx, {
        organisationId,
        ...auditByMembershipChange(cli),
        action: "person.admin-create",
        target: { type: "person", id: row.id },
        before: existing ? { role: existing.role, active: existing.active } : undefined,
        after: { role: "admin", active: true },
        personal: existing ? undefined : [{ personId: row.id, after: { name: row.name, email: row.email } }],
        at: app.now(),
      });
    }
    return row;
  });
  const link = await sendInvitation(app, { id: person.id, organisationId, email: person.email }, null, "admin");
  return { personId: person.id, link, created: !existing };
}

export interface PersonDetail {
  person: PersonWithTeam;
  memberships: Array<{ teamId: string; teamName: string; validFrom: string; validTo: string | null }>;
}

/** One person for the admin: their account and team history. Null when not in the admin's organisation. */
export async function getPersonDetail(app: AppContext, actor: SessionUser, personId: string): Promise<PersonDetail | null> {
  if (!/^[0-9a-f-]{36}$/i.test(personId)) return null;
  const person = await findPersonWithTeam(app.db, actor.organisationId, personId);
  if (!person) return null;
  return { person, memberships: await listMemberships(app.db, person.id) };
}
