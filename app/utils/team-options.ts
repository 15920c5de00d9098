/** Teams as select options, indented by depth so the tree shows in a plain <select>. */
export function teamOptions(teams: Array<{ id: string; name: string; depth: number }>): Array<{ value: string; label: string }> {
  return teams.map((t) => ({ value: t.id, label: `${"\u2003".repeat(t.depth)}${t.name}` }));
}
