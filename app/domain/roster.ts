import { z } from "zod";
import { CsvFormatError, parseCsvTable } from "./csv";
import { isRole, type Role } from "./roles";

/** The roster file's columns, in the order the template shows them. */
export const ROSTER_COLUMNS = ["email", "name", "role", "team", "manager_email"] as const;
/** Separates parent and child in the team column: "West > West Enterprise". */
export const TEAM_PATH_SEPARATOR = ">";

export interface RosterEntry {
  line: number;
  email: string;
  name: string;
  role: Role;
  /** Team path from the top, e.g. ["West", "West Enterprise"]; null when the person belongs to no team. */
  teamPath: string[] | null;
  managerEmail: string | null;
}

export interface RosterProblem {
  /** File line (header = 1); null for a problem with the whole file. */
  line: number | null;
  column?: string;
  message: string;
}

const Email = z.email();
const key = (value: string) => value.trim().toLowerCase();

/**
 * Reads a roster CSV (`email,name,role,team,manager_email`) and checks every row on its own: every
 * problem is returned, each with its line and column, so that the admin can fix the file in one go.
 */
export function readRoster(text: string): { entries: RosterEntry[]; problems: RosterProblem[] } {
  let table;
  try {
    table = parseCsvTable(text);
  } catch (error) {
    if (error instanceof CsvFormatError) return { entries: [], problems: [{ line: error.line, message: error.message }] };
    throw error;
  }
  const problems: RosterProblem[] = [];
  const missing = ROSTER_COLUMNS.filter((c) => !table.header.includes(c));
  const unknown = table.header.filter((c) => c !== "" && !(ROSTER_COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [];
    if (missing.length) parts.push(`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
    if (unknown.length) parts.push(`unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`);
    return {
      entries: [],
      problems: [{ line: 1, message: `The header must be ${ROSTER_COLUMNS.join(",")}: ${parts.join("; ")}.` }],
    };
  }
  if (table.records.length === 0) return { entries: [], problems: [{ line: null, message: "The file has a header but no people." }] };

  const entries: RosterEntry[] = [];
  const firstLineOfEmail = new Map<string, number>();
  for (const { line, values } of table.records) {
    const rowProblems: RosterProblem[] = [];
    const add = (column: string, message: string) => rowProblems.push({ line, column, message });
    if (values.__extra) add("", "has more values than the header has columns");
    const email = values.email ?? "";
    if (!email) add("email", "is empty");
    else if (!Email.safeParse(email).success) add("email", `"${email}" is not an email address`);
    else if (firstLineOfEmail.has(key(email))) add("email", `${email} is already on line ${firstLineOfEmail.get(key(email))}`);
    else firstLineOfEmail.set(key(email), line);
    const name = values.name ?? "";
    if (!name) add("name", "is empty");
    else if (name.length > 200) add("name", "is longer than 200 characters");
    const roleText = key(values.role ?? "");
    if (!isRole(roleText)) add("role", `"${values.role ?? ""}" is not a role (use rep, manager, enablement or admin)`);
    const teamText = values.team ?? "";
    const teamPath = teamText ? teamText.split(TEAM_PATH_SEPARATOR).map((s) => s.trim()) : null;
    if (teamPath?.some((s) => s === "")) add("team", `"${teamText}" has an empty team name in its path`);
    if (teamPath?.some((s) => s.length > 120)) add("team", "has a team name longer than 120 characters");
    if (!teamPath && roleText === "rep") add("team", "is empty: every rep belongs to a team");
    const managerEmail = values.manager_email || null;
    if (managerEmail && !Email.safeParse(managerEmail).success) add("manager_email", `"${managerEmail}" is not an email address`);
    if (managerEmail && !teamPath) add("manager_email", "is set but team is empty: the manager is the manager of the row's team");
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    entries.push({ line, email, name, role: roleText as Role, teamPath, managerEmail });
  }
  return { entries, problems };
}

export interface ExistingPerson {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  teamId: string | null;
}

export interface ExistingTeam {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
}

export interface RosterPlan {
  newTeams: Array<{ name: string; parent: string | null }>;
  teamMoves: Array<{ team: string; fromParent: string | null; toParent: string | null }>;
  managerChanges: Array<{ team: string; from: string | null; to: string }>;
  added: Array<{ email: string; name: string; role: Role; team: string | null }>;
  renamed: Array<{ email: string; from: string; to: string }>;
  roleChanges: Array<{ email: string; name: string; from: Role; to: Role }>;
  moved: Array<{ email: string; name: string; from: string | null; to: string | null }>;
  reactivated: Array<{ email: string; name: string }>;
  deactivated: Array<{ email: string; name: string }>;
  unchanged: number;
  notes: string[];
}

export function planIsEmpty(plan: RosterPlan): boolean {
  return (
    plan.newTeams.length +
      plan.teamMoves.length +
      plan.managerChanges.length +
      plan.added.length +
      plan.renamed.length +
      plan.roleChanges.length +
      plan.moved.length +
      plan.reactivated.length +
      plan.deactivated.length ===
    0
  );
}

/**
 * Compares a valid roster with the organisation as it is and says what applying it would change. Checks
 * that need the whole file or the current state (a team with two managers, a manager who is not a
 * manager, a team placed under two parents or under itself) come back as line-numbered problems.
 */
export function planRoster(
  entries: readonly RosterEntry[],
  existing: { people: readonly ExistingPerson[]; teams: readonly ExistingTeam[] },
  options: { deactivateMissing: boolean; actorEmail?: string },
): { plan: RosterPlan } | { problems: RosterProblem[] } {
  const problems: RosterProblem[] = [];
  const peopleByEmail = new Map(existing.people.map((p) => [key(p.email), p]));
  const peopleById = new Map(existing.people.map((p) => [p.id, p]));
  const teamsByName = new Map(existing.teams.map((t) => [key(t.name), t]));
  const teamsById = new Map(existing.teams.map((t) => [t.id, t]));
  const entryByEmail = new Map(entries.map((e) => [key(e.email), e]));

  // Team parents stated by the file: each segment's parent is the segment before it.
  const statedParent = new Map<string, { parent: string; line: number; display: string }>();
  const displayName = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.teamPath) continue;
    entry.teamPath.forEach((segment, i) => {
      const k = key(segment);
      if (!displayName.has(k)) displayName.set(k, teamsByName.get(k)?.name ?? segment);
      // The first segment is a reference: "West > Pod" places Pod under West, and leaves West where it is.
      if (i === 0) return;
      const parent = key(entry.teamPath![i - 1]!);
      const earlier = statedParent.get(k);
      if (earlier && earlier.parent !== parent) {
        problems.push({
          line: entry.line,
          column: "team",
          message: `places team "${segment}" under "${displayName.get(parent)}", but line ${earlier.line} places it under "${displayName.get(earlier.parent)}"`,
        });
      } else if (!earlier) {
        statedParent.set(k, { parent, line: entry.line, display: segment });
      }
    });
  }

  // The resulting parent of every team (existing or new), to find cycles.
  const finalParent = new Map<string, string | null>();
  for (const team of existing.teams) {
    finalParent.set(key(team.name), team.parentId ? key(teamsById.get(team.parentId)?.name ?? "") : null);
  }
  for (const [name, stated] of statedParent) finalParent.set(name, stated.parent);
  for (const name of displayName.keys()) if (!finalParent.has(name)) finalParent.set(name, null);
  for (const [name, stated] of statedParent) {
    const seen = new Set([name]);
    let current = finalParent.get(name) ?? null;
    while (current) {
      if (seen.has(current)) {
        problems.push({ line: stated.line, column: "team", message: `would put team "${stated.display}" inside itself` });
        break;
      }
      seen.add(current);
      current = finalParent.get(current) ?? null;
    }
  }

  // Managers named per team must agree, and must be managers after the import.
  const statedManager = new Map<string, { email: string; line: number }>();
  for (const entry of entries) {
    if (!entry.managerEmail || !entry.teamPath) continue;
    const team = key(entry.teamPath[entry.teamPath.length - 1]!);
    const earlier = statedManager.get(team);
    if (earlier && key(earlier.email) !== key(entry.managerEmail)) {
      problems.push({
        line: entry.line,
        column: "manager_email",
        message: `names ${entry.managerEmail} as manager of "${displayName.get(team)}", but line ${earlier.line} names ${earlier.email}`,
      });
      continue;
    }
    if (!earlier) statedManager.set(team, { email: entry.managerEmail, line: entry.line });
    const inFile = entryByEmail.get(key(entry.managerEmail));
    const current = peopleByEmail.get(key(entry.managerEmail));
    const finalRole = inFile?.role ?? current?.role;
    if (!inFile && !current) {
      problems.push({ line: entry.line, column: "manager_email", message: `${entry.managerEmail} is neither in this file nor in the organisation` });
    } else if (finalRole !== "manager") {
      problems.push({
        line: entry.line,
        column: "manager_email",
        message: `${entry.managerEmail} would manage "${displayName.get(team)}" but has the role ${finalRole}${inFile ? ` on line ${inFile.line}` : ""}; managers need the role manager`,
      });
    } else if (!inFile && current && !current.active && options.deactivateMissing) {
      problems.push({ line: entry.line, column: "manager_email", message: `${entry.managerEmail} is deactivated` });
    }
  }
  if (problems.length > 0) return { problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };

  const plan: RosterPlan = {
    newTeams: [],
    teamMoves: [],
    managerChanges: [],
    added: [],
    renamed: [],
    roleChanges: [],
    moved: [],
    reactivated: [],
    deactivated: [],
    unchanged: 0,
    notes: [],
  };
  const nameOf = (teamKey: string | null) => (teamKey ? (displayName.get(teamKey) ?? teamsByName.get(teamKey)?.name ?? teamKey) : null);
  for (const [name, display] of displayName) {
    const current = teamsByName.get(name);
    const stated = statedParent.get(name);
    if (!current) {
      plan.newTeams.push({ name: display, parent: nameOf(stated?.parent ?? null) });
    } else if (stated) {
      const currentParent = current.parentId ? key(teamsById.get(current.parentId)?.name ?? "") : null;
      if (currentParent !== stated.parent) {
        plan.teamMoves.push({ team: current.name, fromParent: nameOf(currentParent), toParent: nameOf(stated.parent) });
      }
    }
  }
  for (const [team, stated] of statedManager) {
    const current = teamsByName.get(team);
    const currentManager = current?.managerId ? peopleById.get(current.managerId) : undefined;
    if (!currentManager || key(currentManager.email) !== key(stated.email)) {
      plan.managerChanges.push({ team: nameOf(team)!, from: currentManager?.email ?? null, to: entryByEmail.get(key(stated.email))?.email ?? stated.email });
    }
  }
  for (const entry of entries) {
    const current = peopleByEmail.get(key(entry.email));
    const team = entry.teamPath ? nameOf(key(entry.teamPath[entry.teamPath.length - 1]!)) : null;
    if (!current) {
      plan.added.push({ email: entry.email, name: entry.name, role: entry.role, team });
      continue;
    }
    let changed = false;
    if (!current.active) {
      plan.reactivated.push({ email: current.email, name: entry.name });
      changed = true;
    }
    if (current.name !== entry.name) {
      plan.renamed.push({ email: current.email, from: current.name, to: entry.name });
      changed = true;
    }
    if (current.role !== entry.role) {
      plan.roleChanges.push({ email: current.email, name: entry.name, from: current.role, to: entry.role });
      changed = true;
    }
    const currentTeam = current.teamId ? (teamsById.get(current.teamId)?.name ?? null) : null;
    if (key(currentTeam ?? "") !== key(team ?? "")) {
      plan.moved.push({ email: current.email, name: entry.name, from: currentTeam, to: team });
      changed = true;
    }
    if (!changed) plan.unchanged++;
  }
  if (options.deactivateMissing) {
    for (const person of existing.people) {
      if (!person.active || entryByEmail.has(key(person.email))) continue;
      if (options.actorEmail && key(person.email) === key(options.actorEmail)) {
        plan.notes.push(`You (${person.email}) are not in the file, but you will not be deactivated by your own import.`);
        continue;
      }
      plan.deactivated.push({ email: person.email, name: person.name });
    }
  }
  return { plan };
}
