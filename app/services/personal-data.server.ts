import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/guards.server";
import { accountThrottleKeys } from "~/auth/throttle.server";
import { NotFoundError } from "~/domain/errors";
import { ownerTextsOf } from "#db/queries/erasure";
import {
  personalAccountLinks,
  personalActionPlans,
  personalAuditDetails,
  personalAuditEntries,
  personalApiTokens,
  personalCrmDeals,
  personalCrmImports,
  personalMembershipEvents,
  personalMemberships,
  personalProfile,
  personalPulses,
  personalSelfAssessments,
  personalSessions,
  personalTrainings,
} from "#db/queries/personal-data";
import { findScimUser } from "#db/queries/scim";
import { recordAudit } from "./audit.server";
import { hasBallot } from "./ballots.server";
import { findChatMember } from "#db/queries/chat";

/** Rows per list at most: a list that reaches it says so in `truncated`. */
const LIMIT = 5000;

const day = (d: Date | null) => (d ? d.toISOString() : null);

/** What Candor holds about a person, as they download it (JSON). */
export interface PersonalData {
  about: string;
  generatedAt: string;
  organisation: { name: string; slug: string };
  profile: {
    id: string;
    name: string;
    email: string;
    role: string;
    active: boolean;
    createdAt: string;
    hasPassword: boolean;
    passwordChangedAt: string | null;
    deactivatedAt: string | null;
  };
  teamMemberships: Array<{ team: string; from: string; to: string | null }>;
  teamChanges: Array<{ team: string; change: string; through: string; at: string }>;
  pulses: Array<{ program: string; period: string; status: string; team: string; tookPart: boolean | null; personalLinks: number }>;
  sessions: Array<{ createdAt: string; expiresAt: string }>;
  accountLinks: Array<{ purpose: string; createdAt: string; expiresAt: string; usedAt: string | null }>;
  selfAssessments: Array<{
    program: string;
    period: string;
    team: string;
    submittedAt: string | null;
    updatedAt: string | null;
    answers: Array<{ code: string; question: string; value: number }>;
  }>;
  actionPlans: Array<{
    team: string;
    dimension: string;
    action: string;
    owner: string;
    reviewOn: string;
    status: string;
    outcomeNote: string | null;
    createdAt: string;
    updatedAt: string;
    youWroteIt: boolean;
  }>;
  trainings: Array<{ name: string; heldOn: string }>;
  apiTokens: Array<{ name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }>;
  crmImports: Array<{ fileName: string; asOf: string; importedAt: string; rows: number }>;
  crmDeals: Array<{ snapshotOf: string; fileName: string; deals: number }>;
  failedSignInsRecorded: number;
  /** What your organisation's identity provider told Candor about you over SCIM (ADR 044), if it did. */
  provisioning: { externalId: string | null; givenName: string | null; familyName: string | null; updatedAt: string; deletedByProviderAt: string | null } | null;
  /** Where you chose to get pulses, and the Slack account your email matched (ADR 047); null when never set. */
  chat: { channel: string; slackUserId: string | null; slackMatch: string | null; checkedAt: string | null } | null;
  /** Audit log entries of what you did (ADR 036). */
  auditEntries: Array<{ seq: number; at: string; action: string; target: { type: string; id: string } | null; source: string | null; before: unknown; after: unknown }>;
  /** Your name or address as audit log entries about you keep them. */
  auditDetailsAboutYou: Array<{ seq: number; at: string; action: string; details: unknown }>;
  /** Lists that reached the limit of rows and were cut there. */
  truncated: string[];
}

export const PERSONAL_DATA_ABOUT =
  "Everything Candor holds about you in this organisation. Your survey answers are not here: Candor stores every answer without your name, so nobody, Candor included, can find them as yours. 'tookPart' says whether you took part in a pulse (known once it closes, or by Candor's server for a pulse that is still open), never what you answered. Self-assessments are the answers you gave as a team's manager, which carry your name by design.";

/**
 * The signed-in person's own data (never anyone else's): profile, team history, which pulses asked them and
 * whether they took part, sessions, account links, self-assessments, action plans they wrote or own, trainings,
 * API tokens, CRM imports and deals under their name or address. No survey answer: none is linked to them.
 */
export async function exportPersonalData(app: AppContext, user: SessionUser): Promise<PersonalData> {
  const profile = await personalProfile(app.db, user.organisationId, user.personId);
  if (!profile) throw new NotFoundError("There is no such person.");
  const person = { organisationId: user.organisationId, id: profile.id, name: profile.name, email: profile.email };
  const [memberships, events, pulses, sessions, links, assessments, plans, trainings, tokens, imports, ownerTexts, failures, audited, aboutYou] = await Promise.all([
    personalMemberships(app.db, profile.id, LIMIT),
    personalMembershipEvents(app.db, user.organisationId, profile.id, LIMIT),
    personalPulses(app.db, profile.id, LIMIT),
    personalSessions(app.db, profile.id, LIMIT),
    personalAccountLinks(app.db, profile.id, LIMIT),
    personalSelfAssessments(app.db, profile.id, LIMIT),
    personalActionPlans(app.db, person, LIMIT),
    personalTrainings(app.db, profile.id, LIMIT),
    personalApiTokens(app.db, user.organisationId, profile.id, LIMIT),
    personalCrmImports(app.db, user.organisationId, profile.id, LIMIT),
    ownerTextsOf(app.db, { ...person, personId: profile.id, throttleKeys: accountThrottleKeys(profile.email) }),
    app.db
      .selectFrom("loginFailure")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("keyHash", "in", accountThrottleKeys(profile.email))
      .executeTakeFirstOrThrow(),
    personalAuditEntries(app.db, user.organisationId, profile.id, LIMIT),
    personalAuditDetails(app.db, user.organisationId, profile.id, LIMIT),
  ]);
  const deals = await personalCrmDeals(app.db, user.organisationId, ownerTexts);
  const scim = await findScimUser(app.db, user.organisationId, profile.id);
  const chat = await findChatMember(app.db, profile.id);
  const tookPart = async (p: (typeof pulses)[number]): Promise<boolean | null> => (p.status === "open" ? hasBallot(app, p.waveId, profile.id) : (p.answered ?? null));
  const lists = {
    teamMemberships: memberships,
    teamChanges: events,
    pulses,
    sessions,
    accountLinks: links,
    selfAssessments: assessments,
    actionPlans: plans,
    trainings,
    apiTokens: tokens,
    crmImports: imports,
  };
  const data: PersonalData = {
    about: PERSONAL_DATA_ABOUT,
    generatedAt: app.now().toISOString(),
    organisation: { name: profile.organisationName, slug: profile.organisationSlug },
    profile: {
      id: profile.id,
      name: profile.name,
      email: profile.email,
      role: profile.role,
      active: profile.active,
      createdAt: profile.createdAt.toISOString(),
      hasPassword: profile.hasPassword,
      passwordChangedAt: day(profile.passwordChangedAt),
      deactivatedAt: day(profile.deactivatedAt),
    },
    teamMemberships: memberships.map((m) => ({ team: m.team, from: m.validFrom, to: m.validTo })),
    teamChanges: events.map((e) => ({ team: e.team, change: e.kind, through: e.source, at: e.occurredAt.toISOString() })),
    pulses: await Promise.all(
      pulses.map(async (p) => ({
        program: p.program,
        period: p.periodStart,
        status: p.status,
        team: p.team,
        tookPart: await tookPart(p),
        personalLinks: Number(p.personalLinks ?? 0),
      })),
    ),
    sessions: sessions.map((s) => ({ createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() })),
    accountLinks: links.map((l) => ({ purpose: l.purpose, createdAt: l.createdAt.toISOString(), expiresAt: l.expiresAt.toISOString(), usedAt: day(l.usedAt) })),
    selfAssessments: assessments.map((s) => ({
      program: s.program,
      period: s.periodStart,
      team: s.team,
      submittedAt: day(s.submittedAt),
      updatedAt: day(s.updatedAt),
      answers: s.answers,
    })),
    actionPlans: plans.map((p) => ({
      team: p.team,
      dimension: p.dimensionKey,
      action: p.action,
      owner: p.owner,
      reviewOn: p.reviewOn,
      status: p.status,
      outcomeNote: p.outcomeNote,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
      youWroteIt: p.wroteIt,
    })),
    trainings: trainings.map((t) => ({ name: t.name, heldOn: t.heldOn })),
    apiTokens: tokens.map((t) => ({ name: t.name, createdAt: t.createdAt.toISOString(), lastUsedAt: day(t.lastUsedAt), revokedAt: day(t.revokedAt) })),
    crmImports: imports.map((i) => ({ fileName: i.fileName, asOf: i.asOf, importedAt: i.importedAt.toISOString(), rows: i.rowCount })),
    crmDeals: deals.map((d) => ({ snapshotOf: d.asOf, fileName: d.fileName, deals: d.deals })),
    failedSignInsRecorded: Number(failures.n),
    provisioning: scim
      ? {
          externalId: scim.externalId,
          givenName: scim.givenName,
          familyName: scim.familyName,
          updatedAt: scim.updatedAt.toISOString(),
          deletedByProviderAt: scim.deletedAt?.toISOString() ?? null,
        }
      : null,
    chat: chat ? { channel: chat.channel, slackUserId: chat.slackUserId, slackMatch: chat.slackStatus, checkedAt: day(chat.slackCheckedAt) } : null,
    auditEntries: audited.map((e) => ({
      seq: e.seq,
      at: e.occurredAt.toISOString(),
      action: e.action,
      target: e.targetType !== null && e.targetId !== null ? { type: e.targetType, id: e.targetId } : null,
      source: e.source,
      before: e.before,
      after: e.after,
    })),
    auditDetailsAboutYou: aboutYou.map((d) => ({ seq: d.seq, at: d.occurredAt.toISOString(), action: d.action, details: d.data })),
    truncated: Object.entries(lists)
      .filter(([, rows]) => rows.length >= LIMIT)
      .map(([name]) => name),
  };
  // Exports are audited (ADR 036): who downloaded their own data, and when; nothing of its content.
  await recordAudit(app.db, {
    organisationId: user.organisationId,
    actor: { kind: "person", personId: profile.id },
    action: "person.data-export",
    target: { type: "person", id: profile.id },
    source: "ui",
    at: app.now(),
  });
  return data;
}
