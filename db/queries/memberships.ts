import type { Kysely } from "kysely";
import type { DB, MembershipEventKind, MembershipSource } from "../schema";

/** Who changes a membership, through what, and when: every writer of memberships states it. */
export interface MembershipChange {
  /** The signed-in person making the change; null for the CLI and the demo seed. */
  actorId: string | null;
  source: MembershipSource;
  at: Date;
}

/**
 * Puts a person in a team from `today`, closing their current membership. Membership history lets
 * results and CRM deals follow the team a rep was in at the time. A change on the day a membership
 * started replaces it rather than leaving a zero-length period. For an active person the change is
 * also recorded as membership events ('left' the old team, 'joined' the new one, in that order); a
 * deactivated person joins their team's audience only when reactivated, which records it then.
 */
export async function moveToTeam(db: Kysely<DB>, organisationId: string, personId: string, teamId: string | null, today: string, change: MembershipChange): Promise<void> {
  const current = await db.selectFrom("teamMembership").select(["id", "teamId", "validFrom"]).where("personId", "=", personId).where("validTo", "is", null).executeTakeFirst();
  if ((current?.teamId ?? null) === teamId) return;
  if (current) {
    if (current.validFrom >= today) {
      await db.deleteFrom("teamMembership").where("id", "=", current.id).execute();
    } else {
      await db.updateTable("teamMembership").set({ validTo: today }).where("id", "=", current.id).execute();
    }
  }
  if (teamId) {
    await db.insertInto("teamMembership").values({ organisationId, personId, teamId, validFrom: today, validTo: null }).execute();
  }
  const person = await db.selectFrom("person").select("active").where("id", "=", personId).where("organisationId", "=", organisationId).executeTakeFirst();
  if (!person?.active) return;
  const events: Array<{ teamId: string; kind: MembershipEventKind }> = [];
  if (current) events.push({ teamId: current.teamId, kind: "left" });
  if (teamId) events.push({ teamId, kind: "joined" });
  await insertMembershipEvents(db, organisationId, personId, events, change);
}

/**
 * Records that a person was deactivated ('left' their team) or reactivated ('joined' it again): an
 * inactive person is in no wave's audience. Call it in the transaction that changes `person.active`,
 * only when it changes; nothing is recorded for a person without a team.
 */
export async function recordActivation(db: Kysely<DB>, organisationId: string, personId: string, kind: MembershipEventKind, change: MembershipChange): Promise<void> {
  const current = await db
    .selectFrom("teamMembership")
    .select("teamId")
    .where("personId", "=", personId)
    .where("organisationId", "=", organisationId)
    .where("validTo", "is", null)
    .executeTakeFirst();
  if (current) await insertMembershipEvents(db, organisationId, personId, [{ teamId: current.teamId, kind }], change);
}

async function insertMembershipEvents(
  db: Kysely<DB>,
  organisationId: string,
  personId: string,
  events: ReadonlyArray<{ teamId: string; kind: MembershipEventKind }>,
  change: MembershipChange,
): Promise<void> {
  // One row at a time: the identity column then orders a move's 'left' before its 'joined'.
  for (const event of events) {
    await db
      .insertInto("teamMembershipEvent")
      .values({ organisationId, personId, teamId: event.teamId, kind: event.kind, actorId: change.actorId, source: change.source, occurredAt: change.at })
      .execute();
  }
}

export interface MembershipEvent {
  personId: string;
  teamId: string;
  kind: MembershipEventKind;
  occurredAt: Date;
}

/**
 * The membership events, in the order they were recorded, of the people a wave asked in some of its
 * teams, between two instants (both included).
 */
export async function listAudienceMembershipEvents(
  db: Kysely<DB>,
  organisationId: string,
  waveId: string,
  teamIds: readonly string[],
  between: { from: Date; to: Date },
): Promise<MembershipEvent[]> {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom("teamMembershipEvent as e")
    .select(["e.personId", "e.teamId", "e.kind", "e.occurredAt"])
    .where("e.organisationId", "=", organisationId)
    .where("e.personId", "in", (eb) =>
      eb
        .selectFrom("waveAudience")
        .select("personId")
        .where("waveId", "=", waveId)
        .where("teamId", "in", [...teamIds]),
    )
    .where("e.occurredAt", ">=", between.from)
    .where("e.occurredAt", "<=", between.to)
    .orderBy("e.id")
    .execute();
}

/** A person's membership history, newest first. */
export async function listMemberships(db: Kysely<DB>, personId: string): Promise<Array<{ teamId: string; teamName: string; validFrom: string; validTo: string | null }>> {
  return db
    .selectFrom("teamMembership as m")
    .innerJoin("team", "team.id", "m.teamId")
    .select(["m.teamId", "team.name as teamName", "m.validFrom", "m.validTo"])
    .where("m.personId", "=", personId)
    .orderBy("m.validFrom", "desc")
    .execute();
}
