// What the graph view knows of the lineage graph (nodes and, per direction, each node's neighbours
// as far as they were loaded) and the pure rule that turns it into what is drawn: expansion to a
// depth within a node budget, fan-outs cut to a few children plus one "N more" node, hidden kinds
// bridged. A 100,000-node closure never reaches the page: only the neighbours the drawing shows
// are asked for, a page at a time.

import type { Direction, Listing, NodeJson } from '../api';

/** The neighbours of one node in one direction, in the server's order. */
export interface Adjacent {
  ids: string[];
  /** how many there are in all; null while unknown */
  total: number | null;
}

export const RUN = 'RUN';

export class GraphData {
  readonly nodes = new Map<string, NodeJson>();
  readonly adjacent: Record<Direction, Map<string, Adjacent>> = {
    downstream: new Map(),
    upstream: new Map(),
  };

  addNode(node: NodeJson): void {
    const known = this.nodes.get(node.id);
    // a listing's entry has no details; never let it replace a fuller one
    if (!known || Object.keys(node).length >= Object.keys(known).length) {
      this.nodes.set(node.id, { ...known, ...node });
    }
  }

  /**
   * A closure listed whole (one page, nothing cut): every listed node's neighbours in that
   * direction are then known exactly, from the edges walked.
   */
  addClosure(listing: Listing): boolean {
    const complete =
      listing.page.offset === 0 &&
      listing.page.nextOffset === undefined &&
      !listing.receipt.truncated;
    if (!complete) return false;
    const dir = listing.direction;
    const found = new Map<string, string[]>();
    for (const n of listing.nodes) {
      this.addNode(n);
      found.set(n.id, []);
    }
    for (const e of listing.edges) {
      const [parent, child] = dir === 'downstream' ? [e.from, e.to] : [e.to, e.from];
      const ids = found.get(parent);
      if (ids && !ids.includes(child)) ids.push(child);
    }
    for (const [id, ids] of found) {
      this.adjacent[dir].set(id, { ids, total: ids.length });
    }
    return true;
  }

  /**
   * One page of a node's neighbours: the answer of GET /v1/lineage/{id}?depth=1&offset=&limit=,
   * whose first entry at offset 0 is the node itself.
   */
  addHop(id: string, listing: Listing): void {
    const dir = listing.direction;
    const known = this.adjacent[dir].get(id) ?? { ids: [], total: null };
    const ids = [...known.ids];
    for (const n of listing.nodes) {
      this.addNode(n);
      if (n.id !== id && n.depth === 1 && !ids.includes(n.id)) ids.push(n.id);
    }
    this.adjacent[dir].set(id, { ids, total: Math.max(0, listing.page.total - 1) });
  }

  node(id: string): NodeJson | undefined {
    return this.nodes.get(id);
  }
}

/** What to draw and how far. */
export interface ViewParams {
  root: string;
  dirs: Direction[];
  /** hops expanded without asking */
  depth: number;
  /** children shown per node before the rest fold into one "N more" node */
  fan: number;
  /** no automatic expansion once this many nodes are drawn */
  budget: number;
  /** nodes expanded by hand */
  open: ReadonlySet<string>;
  /** `${dir}|${id}` → children shown, when more than fan were asked for */
  reveal: ReadonlyMap<string, number>;
  /** kinds not drawn; edges through them are bridged */
  hide: ReadonlySet<string>;
}

export interface VNode {
  id: string;
  kind: string;
  label: string;
  sublabel?: string;
  node?: NodeJson;
  root: boolean;
  /** for an "N more" node: whose children, which way, how many, and whether that is exact */
  more?: { parent: string; dir: Direction; count: number; exact: boolean };
  /** neighbours exist (or may) that are not drawn: a click expands it */
  expandable: boolean;
  /** the side of the root the node was reached on */
  side: Direction | 'root';
  /** hops from the root */
  distance: number;
}

export interface VEdge {
  id: string;
  from: string;
  to: string;
  /** the process and version of the run the edge goes through, for hover labels */
  label?: string;
  /** hidden nodes a bridged edge stands for */
  via?: string[];
  more?: boolean;
}

/** Neighbours the drawing needs and the data lacks: load at least `want` of them. */
export interface Need {
  id: string;
  dir: Direction;
  have: number;
  want: number;
}

export interface Visible {
  nodes: VNode[];
  edges: VEdge[];
  needs: Need[];
  /** nodes left out because their kind is hidden */
  hidden: number;
}

export function revealKey(dir: Direction, id: string): string {
  return `${dir}|${id}`;
}

export function moreId(dir: Direction, parent: string): string {
  return `more:${dir}:${parent}`;
}

/** The short text a node is drawn with. */
export function labelOf(id: string, node?: NodeJson): { label: string; sublabel?: string } {
  const colon = id.indexOf(':');
  const bare = colon > 0 ? id.slice(colon + 1) : id;
  if (id.startsWith('run:')) {
    // a run is one execution: its id names it, its process and version say what ran
    const process = node?.processName ?? node?.attributes?.process ?? node?.name;
    const version = node?.processVersion ?? node?.attributes?.processVersion ?? node?.version;
    return { label: bare, sublabel: process ? [process, version].filter(Boolean).join(' ') : undefined };
  }
  if (node?.name) {
    return { label: node.name, sublabel: node.version ?? undefined };
  }
  if (id.startsWith('sha256:')) {
    return { label: `${bare.slice(0, 12)}…` };
  }
  return { label: bare };
}

/** "process version" of the run an edge touches, for its hover label. */
export function runLabel(node?: NodeJson): string | undefined {
  if (!node || node.kind !== RUN) return undefined;
  const process = node.processName ?? node.attributes?.process ?? node.name;
  const version = node.processVersion ?? node.attributes?.processVersion ?? node.version;
  if (!process) return node.id;
  return version ? `${process} ${version}` : process;
}

/** A node's kind: as registered, else what its id says. */
export function kindOf(id: string, node?: NodeJson): string {
  if (node?.kind) return node.kind;
  if (id.startsWith('run:')) return RUN;
  if (id.startsWith('source:')) return 'SOURCE';
  if (id.startsWith('git:')) return 'CODE';
  if (id.startsWith('oci:')) return 'CONTAINER_IMAGE';
  return 'ARTIFACT';
}

/**
 * The drawing of the loaded data: breadth-first from the root, each way asked for. A node is
 * expanded when it lies within `depth` hops and the budget is not spent yet, or when it was opened
 * by hand; an expanded node shows its first `fan` neighbours (or as many as revealed) and one
 * "N more" node for the rest. Then hidden kinds are removed and the edges through them bridged.
 */
export function visibleGraph(data: GraphData, p: ViewParams): Visible {
  const nodes = new Map<string, VNode>();
  const edges = new Map<string, VEdge>();
  const needs: Need[] = [];

  const addNode = (id: string, side: VNode['side'], distance: number): VNode => {
    let v = nodes.get(id);
    if (!v) {
      const node = data.node(id);
      v = {
        id,
        kind: kindOf(id, node),
        ...labelOf(id, node),
        node,
        root: id === p.root,
        expandable: false,
        side,
        distance,
      };
      nodes.set(id, v);
    }
    return v;
  };
  const addEdge = (from: string, to: string, more = false) => {
    const id = `${from}->${to}`;
    if (!edges.has(id)) edges.set(id, { id, from, to, more });
  };

  // what the user asked for by hand comes on top of the automatic budget, never out of it
  let budget = p.budget + p.open.size * p.fan;
  for (const shown of p.reveal.values()) budget += Math.max(0, shown - p.fan);

  addNode(p.root, 'root', 0);
  for (const dir of p.dirs) {
    const queue: Array<[string, number]> = [[p.root, 0]];
    const expanded = new Set<string>();
    while (queue.length) {
      const [id, distance] = queue.shift()!;
      if (expanded.has(id)) continue;
      const adj = data.adjacent[dir].get(id);
      const auto = distance < p.depth && nodes.size < budget;
      const v = nodes.get(id)!;
      if (!auto && !p.open.has(id)) {
        if (!adj || (adj.total ?? adj.ids.length) > 0) {
          // more to see this way, unless all of it is drawn already
          const drawn =
            adj !== undefined &&
            adj.total !== null &&
            adj.ids.length >= adj.total &&
            adj.ids.every((c) => nodes.has(c));
          if (!drawn) v.expandable = true;
        }
        continue;
      }
      expanded.add(id);
      const want = p.reveal.get(revealKey(dir, id)) ?? p.fan;
      const have = adj?.ids.length ?? 0;
      const total = adj?.total ?? null;
      if (!adj || (have < want && (total === null || have < total))) {
        needs.push({ id, dir, have, want });
      }
      if (!adj) continue;
      const shown = adj.ids.slice(0, want);
      for (const child of shown) {
        const known = nodes.has(child);
        addNode(child, dir, distance + 1);
        if (dir === 'downstream') addEdge(id, child);
        else addEdge(child, id);
        if (!known) queue.push([child, distance + 1]);
      }
      const rest = (total ?? adj.ids.length) - shown.length;
      if (rest > 0 || (total === null && have >= want)) {
        const mid = moreId(dir, id);
        nodes.set(mid, {
          id: mid,
          kind: 'MORE',
          label: total === null ? `${Math.max(rest, 0)}+ more` : `${rest} more`,
          root: false,
          more: { parent: id, dir, count: Math.max(rest, 0), exact: total !== null },
          expandable: true,
          side: dir,
          distance: distance + 1,
        });
        if (dir === 'downstream') addEdge(id, mid, true);
        else addEdge(mid, id, true);
      }
    }
  }

  const { kept, bridged, hidden } = hideKinds(nodes, [...edges.values()], p.hide);
  for (const e of bridged) {
    if (e.more) continue;
    e.label = e.via
      ? e.via.map((h) => runLabel(data.node(h))).find(Boolean)
      : (runLabel(data.node(e.from)) ?? runLabel(data.node(e.to)));
  }
  return { nodes: kept, edges: bridged, needs, hidden };
}

/**
 * Removes nodes of hidden kinds (never the root or an "N more" node) and joins what was joined
 * through them: an edge a→b for every drawn a and b linked only through hidden nodes.
 */
export function hideKinds(
  nodes: Map<string, VNode>,
  edges: VEdge[],
  hide: ReadonlySet<string>,
): { kept: VNode[]; bridged: VEdge[]; hidden: number } {
  const isHidden = (v: VNode) => hide.has(v.kind) && !v.root && !v.more;
  if (hide.size === 0 || ![...nodes.values()].some(isHidden)) {
    return { kept: [...nodes.values()], bridged: edges, hidden: 0 };
  }
  const out = new Map<string, VEdge[]>();
  for (const e of edges) {
    if (!out.has(e.from)) out.set(e.from, []);
    out.get(e.from)!.push(e);
  }
  const kept = [...nodes.values()].filter((v) => !isHidden(v));
  const result = new Map<string, VEdge>();
  for (const v of kept) {
    // depth-first through hidden nodes, remembering the first way found to each drawn node
    const stack: Array<[string, string[]]> = [[v.id, []]];
    const seen = new Set<string>([v.id]);
    while (stack.length) {
      const [at, via] = stack.pop()!;
      for (const e of out.get(at) ?? []) {
        const target = nodes.get(e.to);
        if (!target || seen.has(e.to)) continue;
        seen.add(e.to);
        if (isHidden(target)) {
          stack.push([e.to, [...via, e.to]]);
        } else {
          const id = `${v.id}->${e.to}`;
          if (!result.has(id)) {
            result.set(id, {
              id,
              from: v.id,
              to: e.to,
              more: e.more,
              via: via.length ? via : undefined,
            });
          }
        }
      }
    }
  }
  return { kept, bridged: [...result.values()], hidden: nodes.size - kept.length };
}
