import { z } from "zod";
import { CsvFormatError, parseCsvTable } from "./csv";
import { isRole, type Role } from "./roles";
import { LOCALES, toLocale, type Locale } from "./locales";
import { said } from "~/i18n/said";

/** The roster file's columns, in the order the template shows them. */
export const ROSTER_COLUMNS = ["email", "name", "role", "team", "manager_email"] as const;
/** Columns a roster file may add: `language`, a Candor language tag (de, pt-BR…), empty to follow the browser. */
export const OPTIONAL_ROSTER_COLUMNS = ["language"] as const;
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
  /** The person's language; null (empty cell) follows the browser; undefined when the file has no language column. */
  language?: Locale | null;
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
 * Reads a roster CSV (`email,name,role,team,manager_email`, optionally `language`) and checks every row on its own: every
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
  const known: readonly string[] = [...ROSTER_COLUMNS, ...OPTIONAL_ROSTER_COLUMNS];
  const unknown = table.header.filter((c) => c !== "" && !known.includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    const which = missing.length && unknown.length ? "both" : missing.length ? "missing" : "unknown";
    const message = said("adminRoster.header", {
      columns: ROSTER_COLUMNS.join(","),
      which,
      missing: missing.join(", "),
      missingCount: missing.length,
      unknown: unknown.join(", "),
      unknownCount: unknown.length,
    });
    return { entries: [], problems: [{ line: 1, message }] };
  }
  if (table.records.length === 0) return { entries: [], problems: [{ line: null, message: said("adminRoster.noPeople") }] };
  const hasLanguage = table.header.includes("language");

  const entries: RosterEntry[] = [];
  const firstLineOfEmail = new Map<string, number>();
  for (const { line, values } of table.records) {
    const rowProblems: RosterProblem[] = [];
    const add = (column: string, message: string) => rowProblems.push({ line, column, message });
    if (values.__extra) add("", said("adminRoster.extraValues"));
    const email = values.email ?? "";
    if (!email) add("email", said("adminRoster.empty"));
    else if (!Email.safeParse(email).success) add("email", said("adminRoster.notEmail", { value: email }));
    else if (firstLineOfEmail.has(key(email))) add("email", said("adminRoster.duplicateEmail", { email, line: firstLineOfEmail.get(key(email))! }));
    else firstLineOfEmail.set(key(email), line);
    const name = values.name ?? "";
    if (!name) add("name", said("adminRoster.empty"));
    else if (name.length > 200) add("name", said("adminRoster.nameLong"));
    const roleText = key(values.role ?? "");
    if (!isRole(roleText)) add("role", said("adminRoster.notRole", { value: values.role ?? "" }));
    const teamText = values.team ?? "";
    const teamPath = teamText ? teamText.split(TEAM_PATH_SEPARATOR).map((s) => s.trim()) : null;
    if (teamPath?.some((s) => s === "")) add("team", said("adminRoster.emptyTeamName", { value: teamText }));
    if (teamPath?.some((s) => s.length > 120)) add("team", said("adminRoster.teamLong"));
    if (!teamPath && roleText === "rep") add("team", said("adminRoster.repNeedsTeam"));
    const managerEmail = values.manager_email || null;
    if (managerEmail && !Email.safeParse(managerEmail).success) add("manager_email", said("adminRoster.notEmail", { value: managerEmail }));
    if (managerEmail && !teamPath) add("manager_email", said("adminRoster.managerWithoutTeam"));
    const languageText = (values.language ?? "").trim();
    const language = !hasLanguage ? undefined : languageText === "" ? null : toLocale(languageText);
    if (language === null && languageText !== "") {
      add("language", said("adminRoster.notLanguage", { value: languageText.length > 20 ? `${languageText.slice(0, 20)}…` : languageText, list: LOCALES.join(", ") }));
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    entries.push({ line, email, name, role: roleText as Role, teamPath, managerEmail, language });
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
  /** Their own language, null when they follow the browser; undefined when not known (left as it is). */
  language?: string | null;
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
  added: Array<{ email: string; name: string; role: Role; team: string | null; language?: Locale | null }>;
  renamed: Array<{ email: string; from: string; to: string }>;
  roleChanges: Array<{ email: string; name: string; from: Role; to: Role }>;
  moved: Array<{ email: string; name: string; from: string | null; to: string | null }>;
  reactivated: Array<{ email: string; name: string }>;
  deactivated: Array<{ email: string; name: string }>;
  /** People whose own language the file changes (null: follow the browser). */
  languageChanges: Array<{ email: string; name: string; from: string | null; to: Locale | null }>;
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
      plan.deactivated.length +
      plan.languageChanges.length ===
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
          message: said("adminRoster.twoParents", { team: segment, parent: displayName.get(parent) ?? "", line: earlier.line, earlier: displayName.get(earlier.parent) ?? "" }),
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
        problems.push({ line: stated.line, column: "team", message: said("adminRoster.insideItself", { team: stated.display }) });
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
        message: said("adminRoster.twoManagers", { email: entry.managerEmail, team: displayName.get(team) ?? "", line: earlier.line, earlier: earlier.email }),
      });
      continue;
    }
    if (!earlier) statedManager.set(team, { email: entry.managerEmail, line: entry.line });
    const inFile = entryByEmail.get(key(entry.managerEmail));
    const current = peopleByEmail.get(key(entry.managerEmail));
    const finalRole = inFile?.role ?? current?.role;
    if (!inFile && !current) {
      problems.push({ line: entry.line, column: "manager_email", message: said("adminRoster.managerUnknown", { email: entry.managerEmail }) });
    } else if (finalRole !== "manager") {
      problems.push({
        line: entry.line,
        column: "manager_email",
        message: said("adminRoster.managerNotManager", {
          email: entry.managerEmail,
          team: displayName.get(team) ?? "",
          role: finalRole ?? "",
          where: inFile ? "file" : "organisation",
          line: inFile?.line ?? 0,
        }),
      });
    } else if (!inFile && current && !current.active && options.deactivateMissing) {
      problems.push({ line: entry.line, column: "manager_email", message: said("adminRoster.managerDeactivated", { email: entry.managerEmail }) });
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
    languageChanges: [],
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
      plan.added.push({ email: entry.email, name: entry.name, role: entry.role, team, ...(entry.language === undefined ? {} : { language: entry.language }) });
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
    if (entry.language !== undefined && current.language !== undefined && (current.language ?? null) !== entry.language) {
      plan.languageChanges.push({ email: current.email, name: entry.name, from: current.language, to: entry.language });
      changed = true;
    }
    if (!changed) plan.unchanged++;
  }
  if (options.deactivateMissing) {
    for (const person of existing.people) {
      if (!person.active || entryByEmail.has(key(person.email))) continue;
      if (options.actorEmail && key(person.email) === key(options.actorEmail)) {
        plan.notes.push(said("adminRoster.selfNotDeactivated", { email: person.email }));
        continue;
      }
      plan.deactivated.push({ email: person.email, name: person.name });
    }
  }
  return { plan };
}
