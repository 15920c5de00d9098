/** The shape of a team that tree functions need. */
export interface TeamNode {
  id: string;
  name: string;
  parentId: string | null;
}

function childrenByParent<T extends TeamNode>(teams: readonly T[]): Map<string | null, T[]> {
  const children = new Map<string | null, T[]>();
  for (const team of teams) {
    const list = children.get(team.parentId) ?? [];
    list.push(team);
    children.set(team.parentId, list);
  }
  return children;
}

/**
 * A lookup of "the given teams and every team below them" over one tree, which indexes the tree once: for
 * callers that ask about many teams of the same tree.
 */
export function descendantsIn(teams: readonly TeamNode[]): (rootIds: Iterable<string>) => Set<string> {
  const children = childrenByParent(teams);
  return (rootIds) => {
    const result = new Set<string>();
    const stack = [...rootIds];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (result.has(id)) continue;
      result.add(id);
      for (const child of children.get(id) ?? []) stack.push(child.id);
    }
    return result;
  };
}

/**
 * The given teams and every team below them.
 *
 * @example descendantIds([{id:"a",parentId:null},{id:"b",parentId:"a"}], ["a"]) // Set {"a","b"}
 */
export function descendantIds(teams: readonly TeamNode[], rootIds: Iterable<string>): Set<string> {
  return descendantsIn(teams)(rootIds);
}

/** The chain of parents of a team, nearest first (not including the team itself). */
export function ancestorIds(teams: readonly TeamNode[], teamId: string): string[] {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const result: string[] = [];
  let current = byId.get(teamId)?.parentId ?? null;
  while (current && !result.includes(current)) {
    result.push(current);
    current = byId.get(current)?.parentId ?? null;
  }
  return result;
}

/** Whether giving `teamId` the parent `newParentId` would put a team inside itself. */
export function wouldCreateCycle(teams: readonly TeamNode[], teamId: string, newParentId: string | null): boolean {
  if (newParentId === null) return false;
  return descendantIds(teams, [teamId]).has(newParentId);
}

/** Teams in tree order (parents before children, siblings by name) with their depth, for display. */
export function sortAsTree<T extends TeamNode>(teams: readonly T[]): Array<T & { depth: number }> {
  const children = childrenByParent(teams);
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const ids = new Set(teams.map((t) => t.id));
  const result: Array<T & { depth: number }> = [];
  const visit = (team: T, depth: number) => {
    result.push({ ...team, depth });
    for (const child of children.get(team.id) ?? []) visit(child, depth + 1);
  };
  // Roots: no parent, or a parent outside the given list (a manager's subtree).
  const roots = teams.filter((t) => t.parentId === null || !ids.has(t.parentId)).sort((a, b) => a.name.localeCompare(b.name));
  for (const root of roots) visit(root, 0);
  return result;
}

/** "Parent > Child" path of a team, for messages and roster files. */
export function teamPath(teams: readonly TeamNode[], teamId: string): string {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const names = [teamId, ...ancestorIds(teams, teamId)].map((id) => byId.get(id)?.name ?? "?").reverse();
  return names.join(" > ");
}
