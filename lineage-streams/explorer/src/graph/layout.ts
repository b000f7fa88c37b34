// Left-to-right layered layout of what is drawn, by dagre (sources left, models and predictions
// right): positions only, no drawing.

import dagre from '@dagrejs/dagre';
import type { VEdge, VNode } from './model';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Laid {
  nodes: Map<string, Box>;
  edges: Map<string, Array<{ x: number; y: number }>>;
  width: number;
  height: number;
}

const CHAR = 7.4;

/** The size a node is drawn at, from its longest line of text. */
export function sizeOf(v: VNode): { width: number; height: number } {
  if (v.more) return { width: 112, height: 34 };
  const text = Math.max(v.label.length, (v.sublabel ?? '').length + 2, v.kind.length + 3);
  return { width: Math.min(260, Math.max(120, Math.round(text * CHAR) + 34)), height: 48 };
}

export function layout(nodes: VNode[], edges: VEdge[]): Laid {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 64, edgesep: 8, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  // insertion order decides the order within a layer: keep the server's order, stable across loads
  for (const v of nodes) g.setNode(v.id, sizeOf(v));
  for (const e of edges) {
    if (g.hasNode(e.from) && g.hasNode(e.to) && e.from !== e.to) g.setEdge(e.from, e.to);
  }
  dagre.layout(g);
  const laid: Laid = { nodes: new Map(), edges: new Map(), width: 0, height: 0 };
  for (const id of g.nodes()) {
    const n = g.node(id);
    laid.nodes.set(id, { x: n.x, y: n.y, width: n.width, height: n.height });
  }
  for (const e of edges) {
    const le = g.edge(e.from, e.to);
    if (le?.points) laid.edges.set(e.id, le.points);
  }
  const graph = g.graph();
  laid.width = graph.width ?? 0;
  laid.height = graph.height ?? 0;
  return laid;
}
