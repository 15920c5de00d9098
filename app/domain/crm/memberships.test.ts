import { expect, it } from "vitest";
import { teamOnDate } from "./memberships";

const history = [
  { teamId: "a", validFrom: "2026-01-01", validTo: "2026-05-15" },
  { teamId: "b", validFrom: "2026-05-15", validTo: null },
];

it("finds the team a person was in on a date: the day a move takes effect belongs to the new team", () => {
  expect(teamOnDate(history, "2026-05-14")).toBe("a");
  expect(teamOnDate(history, "2026-05-15")).toBe("b");
  expect(teamOnDate(history, "2027-01-01")).toBe("b");
});

it("counts a date before any record for the first team, and no date for the latest", () => {
  expect(teamOnDate(history, "2025-06-01")).toBe("a");
  expect(teamOnDate([...history].reverse(), "2025-06-01")).toBe("a");
  expect(teamOnDate(history, null)).toBe("b");
});

it("counts a gap between memberships, or after the last ended, for the last team before it", () => {
  const gap = [
    { teamId: "a", validFrom: "2026-01-01", validTo: "2026-02-01" },
    { teamId: "b", validFrom: "2026-03-01", validTo: "2026-04-01" },
  ];
  expect(teamOnDate(gap, "2026-02-10")).toBe("a");
  expect(teamOnDate(gap, "2026-06-01")).toBe("b");
});

it("gives no team to a person without any membership", () => {
  expect(teamOnDate([], "2026-01-01")).toBeNull();
  expect(teamOnDate([], null)).toBeNull();
});
