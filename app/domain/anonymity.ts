/**
 * Candor's anonymity rules (ADR 006, 008, 015, 021 and 022), as pure functions that every output
 * path goes through: pages, charts, exports, the API, correlations.
 *
 * The model: every response belongs to exactly one team (the one the rep was in). A team's result is
 * computed over its whole subtree, so the groups that can be shown form a tree (a laminar family). For
 * a shown group P, subtracting the shown groups directly below it from P reveals the rest of P — its
 * "region": its own members plus every hidden part between P and the shown groups under it. For a tree,
 * the regions are exactly the smallest sets of people whose totals can be worked out from what is shown.
 * So the rule that makes differencing impossible is: every shown group has at least k responses, and
 * every shown group's region has either no responses or at least k.
 */

export interface GroupNode {
  id: string;
  parentId: string | null;
  /** Responses attributed to this group itself (not to a group below it). */
  own: number;
  /**
   * Its name, when it has one: between two groups of the same size, the one hidden to protect another is
   * chosen by name (then id), so the same data gives the same result in any organisation.
   */
  name?: string;
}

export type HiddenReason = "below-threshold" | "protects-another-group";

export interface GroupVisibility {
  id: string;
  /** Responses in the group's whole subtree. */
  n: number;
  shown: boolean;
  reason: HiddenReason | null;
}

function childrenOf(nodes: readonly GroupNode[]): Map<string | null, GroupNode[]> {
  const map = new Map<string | null, GroupNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    const list = map.get(parent) ?? [];
    list.push(node);
    map.set(parent, list);
  }
  return map;
}

/**
 * Decides which groups of a tree may be shown with minimum group size k:
 * 1. a group with fewer than k responses is hidden (below threshold);
 * 2. next-smallest suppression: where a shown group has exactly one hidden group directly below it and
 *    other shown ones, the smallest shown one is hidden too;
 * 3. differencing: while a shown group's region (itself minus the shown groups under it) holds between
 *    1 and k − 1 responses, the smallest shown group under it is hidden as well.
 * Hiding only ever grows, so the loop ends. Ties are broken by id, so the result is deterministic.
 */
export function suppressTree(nodes: readonly GroupNode[], k: number): Map<string, GroupVisibility> {
  if (!Number.isInteger(k) || k < 1) throw new Error("suppressTree requires a positive whole minimum group size");
  const children = childrenOf(nodes);
  const total = new Map<string, number>();
  const sumOf = (node: GroupNode): number => {
    const known = total.get(node.id);
    if (known !== undefined) return known;
    const n = node.own + (children.get(node.id) ?? []).reduce((s, c) => s + sumOf(c), 0);
    total.set(node.id, n);
    return n;
  };
  for (const node of nodes) sumOf(node);

  const result = new Map<string, GroupVisibility>();
  for (const node of nodes) {
    const n = total.get(node.id)!;
    result.set(node.id, { id: node.id, n, shown: n >= k, reason: n >= k ? null : "below-threshold" });
  }
  const hide = (id: string) => {
    const v = result.get(id)!;
    if (v.shown) result.set(id, { ...v, shown: false, reason: "protects-another-group" });
  };
  const byName = (a: GroupNode, b: GroupNode) => ((a.name ?? "") < (b.name ?? "") ? -1 : (a.name ?? "") > (b.name ?? "") ? 1 : 0);
  const bySize = (a: GroupNode, b: GroupNode) => total.get(a.id)! - total.get(b.id)! || byName(a, b) || a.id.localeCompare(b.id);

  /** The shown groups nearest below a group, and the size of its region. */
  const frontier = (node: GroupNode): { shownBelow: GroupNode[]; region: number } => {
    const shownBelow: GroupNode[] = [];
    let region = node.own;
    const walk = (n: GroupNode) => {
      for (const child of children.get(n.id) ?? []) {
        if (result.get(child.id)!.shown) shownBelow.push(child);
        else {
          region += child.own;
          walk(child);
        }
      }
    };
    walk(node);
    return { shownBelow, region };
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const node of nodes) {
      if (!result.get(node.id)!.shown) continue;
      const direct = children.get(node.id) ?? [];
      const hiddenDirect = direct.filter((c) => !result.get(c.id)!.shown && total.get(c.id)! > 0);
      const shownDirect = direct.filter((c) => result.get(c.id)!.shown).sort(bySize);
      if (hiddenDirect.length === 1 && shownDirect.length > 0 && direct.length > 1) {
        hide(shownDirect[0]!.id);
        changed = true;
        continue;
      }
      const { shownBelow, region } = frontier(node);
      if (region > 0 && region < k && shownBelow.length > 0) {
        hide(shownBelow.sort(bySize)[0]!.id);
        changed = true;
      }
    }
  }
  return result;
}

/**
 * A flat breakdown (groups that together make up a shown total, e.g. teams of one region): the same
 * rules, with the total as the parent.
 */
export function suppressBreakdown(groups: ReadonlyArray<{ id: string; n: number }>, k: number): Map<string, GroupVisibility> {
  const root = "\u0000total";
  const nodes: GroupNode[] = [{ id: root, parentId: null, own: 0 }, ...groups.map((g) => ({ id: g.id, parentId: root, own: g.n }))];
  const result = suppressTree(nodes, k);
  result.delete(root);
  return result;
}

/**
 * An open wave's answered count as it may be shown while people are still answering: the answers given
 * before today (in the organisation's time zone), rounded down to a multiple of the minimum reporting
 * group k; null while that is under k. A single submit then never moves the number: today's answers are
 * not counted until tomorrow, and from one day to the next the number moves by 0 or by k or more, so
 * whoever watches the page learns at most that a group of k answered, never when one person did.
 *
 * @example openWaveCount(7, 5) // 5
 */
export function openWaveCount(answeredBeforeToday: number, k: number): number | null {
  if (!Number.isInteger(k) || k < 1) throw new Error("openWaveCount requires a positive whole minimum group size");
  const stepped = Math.floor(answeredBeforeToday / k) * k;
  return stepped >= k ? stepped : null;
}

/**
 * Comments of a group, ready to show: only when the group has at least the comment minimum of
 * responses, in a shuffled order (by the random source given), each dated by the wave's close date and
 * never by when it was written.
 */
export function presentComments(
  comments: readonly string[],
  options: { responses: number; commentMinimum: number; closeDate: string; random: () => number },
): { shown: true; comments: Array<{ text: string; date: string }> } | { shown: false } {
  if (options.responses < options.commentMinimum) return { shown: false };
  const shuffled = [...comments];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(options.random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return { shown: true, comments: shuffled.map((text) => ({ text, date: options.closeDate })) };
}
