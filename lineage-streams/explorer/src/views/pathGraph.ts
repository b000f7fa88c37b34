// Paths (of the paths API, or a trigger's) as one drawing: the union of their nodes and edges,
// every edge on some path, so highlighting "all paths" is highlighting everything drawn.

import type { NodeJson } from '../api';
import { kindOf, labelOf, runLabel, type VEdge, type VNode } from '../graph/model';

export interface PathLike {
  id: string;
  kind?: string;
  name?: string;
}

export function pathGraph(
  paths: PathLike[][],
  known: ReadonlyMap<string, NodeJson> = new Map(),
  roots: ReadonlySet<string> = new Set(),
): { nodes: VNode[]; edges: VEdge[] } {
  const nodes = new Map<string, VNode>();
  const edges = new Map<string, VEdge>();
  for (const path of paths) {
    path.forEach((step, i) => {
      if (!nodes.has(step.id)) {
        const kind = known.get(step.id)?.kind ?? step.kind ?? kindOf(step.id);
        const node: NodeJson = known.get(step.id) ?? { id: step.id, kind, name: step.name, registered: true };
        nodes.set(step.id, {
          id: step.id,
          kind,
          ...labelOf(step.id, node),
          node,
          root: roots.has(step.id),
          expandable: false,
          side: 'root',
          distance: i,
        });
      }
      if (i > 0) {
        const from = path[i - 1].id;
        const id = `${from}->${step.id}`;
        if (!edges.has(id)) {
          edges.set(id, {
            id,
            from,
            to: step.id,
            label: runLabel(known.get(from)) ?? runLabel(known.get(step.id)),
          });
        }
      }
    });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The node and edge keys of some paths, for highlighting. */
export function pathKeys(paths: PathLike[][]): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const path of paths) {
    path.forEach((s, i) => {
      nodes.add(s.id);
      if (i > 0) edges.add(`${path[i - 1].id}->${s.id}`);
    });
  }
  return { nodes, edges };
}

/** A step as path text: a run by its id (its name is its process), anything else by its name. */
export function stepText(s: PathLike): string {
  return s.id.startsWith('run:') ? s.id : (s.name ?? s.id);
}
