import { said } from "~/i18n/said";

/** One change to a person's membership of a team, as recorded. */
export interface MembershipEventInput {
  personId: string;
  teamId: string;
  kind: "joined" | "left";
  occurredAt: Date;
}

/** How many of a wave's audience in a group joined it shortly before the wave opened. */
export interface RecentJoins {
  /** People of the audience who joined the group within `days` days before the wave opened. */
  joined: number;
  /** Everyone the wave asked in the group. */
  audience: number;
  /** The window, in days of 24 hours before the wave opened. */
  days: number;
}

const DAY_MS = 86_400_000;

/** The first instant of the window: `days` days of 24 hours before `opensAt`. */
export function recentJoinWindowStart(opensAt: Date, days: number): Date {
  return new Date(opensAt.getTime() - days * DAY_MS);
}

/**
 * The people who joined a group (a team and the teams below it) within `days` days before a wave
 * opened: those with a 'joined' event into one of the group's teams at or after the window's start
 * and at or before the opening. A move between two teams of the group is not a join to it: a 'joined'
 * that directly follows the same person's 'left' from a team of the group, at the same instant, is
 * skipped. People with no event at all (members since before events were recorded) never count.
 * `events` must be in the order they were recorded; events of people outside the audience do no harm.
 *
 * @example
 * // Moved from A to B ten days before a wave of group {B} opened: one recent joiner.
 * recentJoiners([{ personId: "p", teamId: "A", kind: "left", occurredAt: t }, { personId: "p", teamId: "B", kind: "joined", occurredAt: t }],
 *   { teamIds: new Set(["B"]), opensAt, days: 14 }) // Set {"p"}
 */
export function recentJoiners(events: readonly MembershipEventInput[], window: { teamIds: ReadonlySet<string>; opensAt: Date; days: number }): Set<string> {
  const from = recentJoinWindowStart(window.opensAt, window.days).getTime();
  const to = window.opensAt.getTime();
  const previous = new Map<string, MembershipEventInput>();
  const joiners = new Set<string>();
  for (const event of events) {
    const before = previous.get(event.personId);
    previous.set(event.personId, event);
    if (event.kind !== "joined" || !window.teamIds.has(event.teamId)) continue;
    const at = event.occurredAt.getTime();
    if (at < from || at > to) continue;
    const movedWithinGroup = before?.kind === "left" && window.teamIds.has(before.teamId) && before.occurredAt.getTime() === at;
    if (!movedWithinGroup) joiners.add(event.personId);
  }
  return joiners;
}

/**
 * The sentence a team and its reps see (a said message, app/i18n/said.ts), or null when nobody joined recently.
 *
 * @example describeRecentJoins({ joined: 2, audience: 8, days: 14 }) // "2 of 8 people joined this team in the 14 days before this pulse."
 */
export function describeRecentJoins(changes: RecentJoins): string | null {
  if (changes.joined <= 0) return null;
  return said("audience.recentJoins", { joined: changes.joined, audience: changes.audience, days: changes.days });
}
