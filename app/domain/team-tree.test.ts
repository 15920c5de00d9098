import { describe, expect, it } from "vitest";
import { ancestorIds, descendantIds, sortAsTree, teamPath, wouldCreateCycle } from "./team-tree";

const teams = [
  { id: "west", name: "West", parentId: null },
  { id: "w1", name: "West Enterprise", parentId: "west" },
  { id: "w2", name: "West Commercial", parentId: "west" },
  { id: "w1a", name: "Enterprise Pod A", parentId: "w1" },
  { id: "east", name: "East", parentId: null },
];

describe("team tree", () => {
  it("finds a team's subtree", () => {
    expect([...descendantIds(teams, ["west"])].sort()).toEqual(["w1", "w1a", "w2", "west"]);
    expect([...descendantIds(teams, ["w1a"])]).toEqual(["w1a"]);
    expect(descendantIds(teams, []).size).toBe(0);
  });

  it("finds ancestors nearest first", () => {
    expect(ancestorIds(teams, "w1a")).toEqual(["w1", "west"]);
    expect(ancestorIds(teams, "east")).toEqual([]);
  });

  it("refuses moves that would put a team inside itself", () => {
    expect(wouldCreateCycle(teams, "west", "w1a")).toBe(true);
    expect(wouldCreateCycle(teams, "west", "west")).toBe(true);
    expect(wouldCreateCycle(teams, "w1a", "east")).toBe(false);
    expect(wouldCreateCycle(teams, "w1", null)).toBe(false);
  });

  it("orders teams as a tree with depths, and names paths", () => {
    expect(sortAsTree(teams).map((t) => `${t.depth}:${t.name}`)).toEqual(["0:East", "0:West", "1:West Commercial", "1:West Enterprise", "2:Enterprise Pod A"]);
    expect(sortAsTree(teams.filter((t) => t.id !== "west")).map((t) => t.id)).toEqual(["east", "w2", "w1", "w1a"]);
    expect(teamPath(teams, "w1a")).toBe("West > West Enterprise > Enterprise Pod A");
  });
});
