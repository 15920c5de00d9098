import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "~/i18n/catalogues.server";
import { describeRecentJoins, recentJoiners, recentJoinWindowStart, type MembershipEventInput } from "./audience-changes";

const opensAt = new Date("2026-03-15T08:00:00Z");
const daysBefore = (days: number, ms = 0) => new Date(opensAt.getTime() - days * 86_400_000 + ms);
const event = (personId: string, teamId: string, kind: "joined" | "left", occurredAt: Date): MembershipEventInput => ({ personId, teamId, kind, occurredAt });
const group = (...ids: string[]) => ({ teamIds: new Set(ids), opensAt, days: 14 });

describe("recent joiners", () => {
  it("counts a join within the window, both edges included, and nothing outside it", () => {
    const events = [
      event("at13", "T", "joined", daysBefore(13)),
      event("at14", "T", "joined", daysBefore(14)),
      event("justOutside", "T", "joined", daysBefore(14, -1)),
      event("at15", "T", "joined", daysBefore(15)),
      event("atOpening", "T", "joined", opensAt),
      event("afterOpening", "T", "joined", daysBefore(0, 1)),
    ];
    expect([...recentJoiners(events, group("T"))].sort()).toEqual(["at13", "at14", "atOpening"]);
    expect(recentJoinWindowStart(opensAt, 14).toISOString()).toBe("2026-03-01T08:00:00.000Z");
  });

  it("counts joins to the group's teams only, and a window of 0 days counts only the opening instant", () => {
    const events = [event("p", "Other", "joined", daysBefore(3)), event("q", "T", "joined", daysBefore(3))];
    expect([...recentJoiners(events, group("T"))]).toEqual(["q"]);
    expect(recentJoiners(events, { ...group("T"), days: 0 }).size).toBe(0);
  });

  it("does not count a move between two teams of the group, but counts a move into it", () => {
    const t = daysBefore(5);
    const inside = [event("p", "A1", "left", t), event("p", "A", "joined", t)];
    expect(recentJoiners(inside, group("A", "A1")).size).toBe(0);
    expect([...recentJoiners(inside, group("A"))]).toEqual(["p"]);
    const fromOutside = [event("q", "B", "left", t), event("q", "A1", "joined", t)];
    expect([...recentJoiners(fromOutside, group("A", "A1"))]).toEqual(["q"]);
  });

  it("counts a reactivation followed by a move inside the group in the same change", () => {
    const t = daysBefore(2);
    const events = [event("p", "A", "left", daysBefore(40)), event("p", "A", "joined", t), event("p", "A", "left", t), event("p", "A1", "joined", t)];
    expect([...recentJoiners(events, group("A", "A1"))]).toEqual(["p"]);
  });

  it("counts someone who was taken out and put back within the window", () => {
    const events = [event("p", "T", "left", daysBefore(10)), event("p", "T", "joined", daysBefore(9))];
    expect([...recentJoiners(events, group("T"))]).toEqual(["p"]);
  });
});

describe("the sentence", () => {
  it("says how many of the audience joined, and nothing when nobody did", () => {
    expect(sayInEnglish(describeRecentJoins({ joined: 2, audience: 8, days: 14 })!)).toBe("2 of 8 people joined this team in the 14 days before this pulse.");
    expect(sayInEnglish(describeRecentJoins({ joined: 1, audience: 1, days: 1 })!)).toBe("1 of 1 person joined this team in the day before this pulse.");
    expect(describeRecentJoins({ joined: 0, audience: 8, days: 14 })).toBeNull();
    expect(translatorFor("de").say(describeRecentJoins({ joined: 2, audience: 8, days: 14 })!)).toBe(
      "2 von 8 Personen sind in den 14 Tagen vor diesem Puls zu diesem Team gekommen.",
    );
  });
});
