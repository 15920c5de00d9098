import { describe, expect, it } from "vitest";
import { sayInEnglish } from "~/i18n/catalogues.server";
import { planRoster as planRosterSaid, readRoster as readRosterSaid, type ExistingPerson, type ExistingTeam, type RosterPlan, type RosterProblem } from "./roster";

// The messages are said (app/i18n/said.ts); these read them as the English page and the CLI do.
const english = (problems: RosterProblem[]) => problems.map((p) => ({ ...p, message: sayInEnglish(p.message) }));
function readRoster(text: string) {
  const read = readRosterSaid(text);
  return { ...read, problems: english(read.problems) };
}
function planRoster(...args: Parameters<typeof planRosterSaid>) {
  const result = planRosterSaid(...args);
  return "problems" in result ? { problems: english(result.problems) } : { plan: { ...result.plan, notes: result.plan.notes.map(sayInEnglish) } };
}

const header = "email,name,role,team,manager_email";

function plan(text: string, existing: { people: ExistingPerson[]; teams: ExistingTeam[] }, deactivateMissing = false, actorEmail?: string) {
  const { entries, problems } = readRoster(text);
  expect(problems).toEqual([]);
  return planRoster(entries, existing, { deactivateMissing, actorEmail });
}

describe("readRoster", () => {
  it("reads valid rows with team paths", () => {
    const { entries, problems } = readRoster(`${header}\nmo@x.io,Mo Manager,manager,West,\nann@x.io,Ann Rep,rep,West > West Enterprise,mo@x.io\n`);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { line: 2, email: "mo@x.io", name: "Mo Manager", role: "manager", teamPath: ["West"], managerEmail: null },
      { line: 3, email: "ann@x.io", name: "Ann Rep", role: "rep", teamPath: ["West", "West Enterprise"], managerEmail: "mo@x.io" },
    ]);
  });

  it("names the line and column of every bad value", () => {
    const { problems } = readRoster(
      [
        header,
        "not-an-email,Ann,rep,West,",
        "bob@x.io,,boss,West,",
        "cy@x.io,Cy,rep,,",
        "BOB@x.io,Bob again,rep,West,",
        "dee@x.io,Dee,rep,West > ,",
        "eve@x.io,Eve,rep,West,nobody",
      ].join("\n"),
    );
    expect(problems).toEqual([
      { line: 2, column: "email", message: '"not-an-email" is not an email address' },
      { line: 3, column: "name", message: "is empty" },
      { line: 3, column: "role", message: '"boss" is not a role (use rep, manager, enablement or admin)' },
      { line: 4, column: "team", message: "is empty: every rep belongs to a team" },
      { line: 5, column: "email", message: "BOB@x.io is already on line 3" },
      { line: 6, column: "team", message: '"West >" has an empty team name in its path' },
      { line: 7, column: "manager_email", message: '"nobody" is not an email address' },
    ]);
  });

  it("rejects a wrong header in one message", () => {
    expect(readRoster("email,name,role\nann@x.io,Ann,rep\n").problems).toEqual([
      { line: 1, message: "The header must be email,name,role,team,manager_email: missing columns team, manager_email." },
    ]);
    expect(readRoster(`${header}\n`).problems).toEqual([{ line: null, message: "The file has a header but no people." }]);
  });
});

describe("the language column", () => {
  it("is optional: without it, entries carry no language and nothing about languages changes", () => {
    const { entries, problems } = readRoster(`${header}\nann@x.io,Ann,rep,West,\n`);
    expect(problems).toEqual([]);
    expect(entries[0]!.language).toBeUndefined();
  });

  it("reads a Candor language tag in any case, and empty as following the browser", () => {
    const { entries, problems } = readRoster(`${header},language\nann@x.io,Ann,rep,West,,pt-br\nbo@x.io,Bo,rep,West,,\ncy@x.io,Cy,rep,West,,DE\n`);
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.language)).toEqual(["pt-BR", null, "de"]);
  });

  it("refuses an unknown language with its line and column", () => {
    const { entries, problems } = readRoster(`${header},language\nann@x.io,Ann,rep,West,,de\nbo@x.io,Bo,rep,West,,klingon\n`);
    expect(problems).toEqual([{ line: 3, column: "language", message: '"klingon" is not a language Candor has (use one of: en, de, fr, es, pt-BR, ja, ar, or leave it empty)' }]);
    expect(entries.map((e) => e.email)).toEqual(["ann@x.io"]);
  });

  it("plans the language of new people and changes to existing people's, and counts the rest unchanged", () => {
    const people: ExistingPerson[] = [
      { id: "p-ann", email: "ann@x.io", name: "Ann", role: "rep", active: true, teamId: "t-west", language: null },
      { id: "p-bo", email: "bo@x.io", name: "Bo", role: "rep", active: true, teamId: "t-west", language: "ja" },
      { id: "p-cy", email: "cy@x.io", name: "Cy", role: "rep", active: true, teamId: "t-west", language: "fr" },
    ];
    const teams: ExistingTeam[] = [{ id: "t-west", name: "West", parentId: null, managerId: null }];
    const { entries } = readRosterSaid(`${header},language\nann@x.io,Ann,rep,West,,de\nbo@x.io,Bo,rep,West,,\ncy@x.io,Cy,rep,West,,fr\nzed@x.io,Zed,rep,West,,ja\n`);
    const result = planRoster(entries, { people, teams }, { deactivateMissing: false });
    if (!result.plan) throw new Error("refused");
    expect(result.plan.languageChanges).toEqual([
      { email: "ann@x.io", name: "Ann", from: null, to: "de" },
      { email: "bo@x.io", name: "Bo", from: "ja", to: null },
    ]);
    expect(result.plan.added).toEqual([{ email: "zed@x.io", name: "Zed", role: "rep", team: "West", language: "ja" }]);
    expect(result.plan.unchanged).toBe(1);
  });
});

describe("planRoster", () => {
  const teams: ExistingTeam[] = [
    { id: "t-west", name: "West", parentId: null, managerId: "p-mo" },
    { id: "t-east", name: "East", parentId: null, managerId: null },
  ];
  const people: ExistingPerson[] = [
    { id: "p-mo", email: "mo@x.io", name: "Mo", role: "manager", active: true, teamId: null },
    { id: "p-ann", email: "ann@x.io", name: "Ann", role: "rep", active: true, teamId: "t-west" },
    { id: "p-old", email: "old@x.io", name: "Old", role: "rep", active: true, teamId: "t-east" },
    { id: "p-gone", email: "gone@x.io", name: "Gone", role: "rep", active: false, teamId: null },
    { id: "p-adm", email: "admin@x.io", name: "Admin", role: "admin", active: true, teamId: null },
  ];

  it("lists additions, moves, role changes, new teams and manager changes", () => {
    const result = plan([header, "mo@x.io,Mo,manager,,", "ann@x.io,Ann,manager,East,", "zed@x.io,Zed,rep,East > East Pod,ann@x.io", "gone@x.io,Gone,rep,West,mo@x.io"].join("\n"), {
      people,
      teams,
    });
    expect("plan" in result).toBe(true);
    const p = (result as { plan: RosterPlan }).plan;
    expect(p.newTeams).toEqual([{ name: "East Pod", parent: "East" }]);
    expect(p.teamMoves).toEqual([]);
    expect(p.managerChanges).toEqual([{ team: "East Pod", from: null, to: "ann@x.io" }]);
    expect(p.added).toEqual([{ email: "zed@x.io", name: "Zed", role: "rep", team: "East Pod" }]);
    expect(p.roleChanges).toEqual([{ email: "ann@x.io", name: "Ann", from: "rep", to: "manager" }]);
    expect(p.moved).toEqual([
      { email: "ann@x.io", name: "Ann", from: "West", to: "East" },
      { email: "gone@x.io", name: "Gone", from: null, to: "West" },
    ]);
    expect(p.reactivated).toEqual([{ email: "gone@x.io", name: "Gone" }]);
    expect(p.unchanged).toBe(1);
    expect(p.deactivated).toEqual([]);
  });

  it("deactivates people missing from the file only when asked, never the admin running it", () => {
    const text = `${header}\nmo@x.io,Mo,manager,,\nann@x.io,Ann,rep,West,`;
    expect((plan(text, { people, teams }) as { plan: RosterPlan }).plan.deactivated).toEqual([]);
    const p = (plan(text, { people, teams }, true, "admin@x.io") as { plan: RosterPlan }).plan;
    expect(p.deactivated).toEqual([{ email: "old@x.io", name: "Old" }]);
    expect(p.notes).toEqual(["You (admin@x.io) are not in the file, but you will not be deactivated by your own import."]);
  });

  it("moves an existing team when the path gives it a new parent", () => {
    const p = (plan(`${header}\nann@x.io,Ann,rep,East > West,`, { people, teams }) as { plan: RosterPlan }).plan;
    expect(p.teamMoves).toEqual([{ team: "West", fromParent: null, toParent: "East" }]);
  });

  it("refuses conflicting managers, non-manager managers, unknown managers, two parents and cycles", () => {
    const result = plan(
      [
        header,
        "ann@x.io,Ann,rep,West,mo@x.io",
        "bo@x.io,Bo,rep,West,old@x.io",
        "cy@x.io,Cy,rep,East,who@x.io",
        "di@x.io,Di,rep,North > Pod,",
        "ed@x.io,Ed,rep,South > Pod,",
        "fa@x.io,Fa,rep,A > B,",
        "gi@x.io,Gi,rep,B > A,",
      ].join("\n"),
      { people, teams },
    );
    expect(result).toEqual({
      problems: [
        { line: 3, column: "manager_email", message: 'names old@x.io as manager of "West", but line 2 names mo@x.io' },
        { line: 4, column: "manager_email", message: "who@x.io is neither in this file nor in the organisation" },
        { line: 6, column: "team", message: 'places team "Pod" under "South", but line 5 places it under "North"' },
        { line: 7, column: "team", message: 'would put team "B" inside itself' },
        { line: 8, column: "team", message: 'would put team "A" inside itself' },
      ],
    });
    const notManager = plan(`${header}\nann@x.io,Ann,rep,West,old@x.io`, { people, teams });
    expect(notManager).toEqual({
      problems: [{ line: 2, column: "manager_email", message: 'old@x.io would manage "West" but has the role rep; managers need the role manager' }],
    });
  });
});
