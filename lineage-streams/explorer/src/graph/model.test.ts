import { describe, expect, it } from 'vitest';
import type { Direction, Listing, NodeJson } from '../api';
import { GraphData, hideKinds, moreId, revealKey, visibleGraph, type ViewParams, type VNode } from './model';

const node = (id: string, kind: string, extra: Partial<NodeJson> = {}): NodeJson => ({ id, kind, registered: true, ...extra });

function listing(start: string, direction: Direction, nodes: NodeJson[], edges: Array<[string, string]>, total?: number): Listing {
  return {
    start,
    direction,
    nodes,
    edges: edges.map(([from, to]) => ({ from, to })),
    page: { offset: 0, limit: 1000, total: total ?? nodes.length },
    receipt: { visited: nodes.length, truncated: false, cutBy: null, depthReached: 4 },
  };
}

const SEED = [
  node('source:transactions_q1', 'SOURCE', { name: 'transactions_q1', depth: 4 }),
  node('run:fraud_signal_extractor_r1', 'RUN', { name: 'fraud_signal_extractor', version: '2.3', depth: 3 }),
  node('sha256:f47', 'DATASET', { name: 'features_v47', depth: 2 }),
  node('run:training_j1829', 'RUN', { name: 'model_training', version: '1.0', depth: 1 }),
  node('sha256:m92', 'MODEL', { name: 'model_m92', depth: 0 }),
];
const SEED_EDGES: Array<[string, string]> = [
  ['source:transactions_q1', 'run:fraud_signal_extractor_r1'],
  ['run:fraud_signal_extractor_r1', 'sha256:f47'],
  ['sha256:f47', 'run:training_j1829'],
  ['run:training_j1829', 'sha256:m92'],
];

function params(root: string, over: Partial<ViewParams> = {}): ViewParams {
  return { root, dirs: ['upstream'], depth: 4, fan: 8, budget: 150, open: new Set(), reveal: new Map(), hide: new Set(), ...over };
}

/** A hub with `n` children, of which the first `loaded` are loaded (a one-hop page). */
function hub(n: number, loaded: number): GraphData {
  const data = new GraphData();
  const children = Array.from({ length: loaded }, (_, i) => node(`run:r${i}`, 'RUN', { depth: 1 }));
  data.addHop('sha256:hub', {
    ...listing('sha256:hub', 'downstream', [node('sha256:hub', 'DATASET', { depth: 0 }), ...children], []),
    page: { offset: 0, limit: loaded + 1, total: n + 1, nextOffset: loaded + 1 },
  });
  return data;
}

describe('the graph drawn from what was loaded', () => {
  it('draws a whole upstream closure with its edges in lineage direction', () => {
    const data = new GraphData();
    expect(data.addClosure(listing('sha256:m92', 'upstream', SEED, SEED_EDGES))).toBe(true);
    const v = visibleGraph(data, params('sha256:m92'));
    expect(v.needs).toEqual([]);
    expect(v.nodes.map((n) => n.label).sort()).toEqual(
      ['transactions_q1', 'fraud_signal_extractor_r1', 'features_v47', 'training_j1829', 'model_m92'].sort(),
    );
    expect(v.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(SEED_EDGES.map(([a, b]) => `${a}->${b}`).sort());
    // edges through a run are labelled with its process and version
    expect(v.edges.find((e) => e.to === 'sha256:f47')?.label).toBe('fraud_signal_extractor 2.3');
  });

  it('refuses a listing that was cut as a whole closure', () => {
    const data = new GraphData();
    const cut = { ...listing('sha256:m92', 'upstream', SEED, SEED_EDGES), page: { offset: 0, limit: 5, total: 9, nextOffset: 5 } };
    expect(data.addClosure(cut)).toBe(false);
    expect(data.adjacent.upstream.size).toBe(0);
  });

  it('folds a big fan-out into one "N more" node with the exact count', () => {
    const v = visibleGraph(hub(100_000, 8), params('sha256:hub', { dirs: ['downstream'], depth: 1 }));
    const more = v.nodes.find((n) => n.more);
    expect(v.nodes.filter((n) => n.kind === 'RUN')).toHaveLength(8);
    expect(more?.id).toBe(moreId('downstream', 'sha256:hub'));
    expect(more?.label).toBe('99992 more');
    expect(more?.more).toMatchObject({ count: 99_992, exact: true });
    expect(v.needs).toEqual([]);
  });

  it('asks for the next page when more of a fan-out is revealed', () => {
    const reveal = new Map([[revealKey('downstream', 'sha256:hub'), 18]]);
    const v = visibleGraph(hub(100_000, 8), params('sha256:hub', { dirs: ['downstream'], depth: 1, reveal }));
    expect(v.needs).toEqual([{ id: 'sha256:hub', dir: 'downstream', have: 8, want: 18 }]);
  });

  it('asks for the neighbours of nodes it expands and marks the rest expandable', () => {
    const data = hub(3, 3);
    const v = visibleGraph(data, params('sha256:hub', { dirs: ['downstream'], depth: 2 }));
    // the runs lie within the depth: their outputs are needed
    expect(v.needs.map((n) => n.id).sort()).toEqual(['run:r0', 'run:r1', 'run:r2']);
    const shallow = visibleGraph(data, params('sha256:hub', { dirs: ['downstream'], depth: 1 }));
    expect(shallow.needs).toEqual([]);
    expect(shallow.nodes.filter((n) => n.expandable && !n.more).map((n) => n.id).sort()).toEqual(['run:r0', 'run:r1', 'run:r2']);
    // a node opened by hand is expanded beyond the depth
    const opened = visibleGraph(data, params('sha256:hub', { dirs: ['downstream'], depth: 1, open: new Set(['run:r1']) }));
    expect(opened.needs.map((n) => n.id)).toEqual(['run:r1']);
  });

  it('stops expanding on its own once the budget is drawn', () => {
    const data = new GraphData();
    // a chain of hubs: each node has 8 children, as deep as asked
    const grow = (id: string, depth: number) => {
      if (depth === 0) return;
      const kids = Array.from({ length: 8 }, (_, i) => `${id}.${i}`);
      data.addHop(id, {
        ...listing(id, 'downstream', [node(id, 'DATASET', { depth: 0 }), ...kids.map((k) => node(k, 'DATASET', { depth: 1 }))], []),
      });
      kids.forEach((k) => grow(k, depth - 1));
    };
    grow('source:s', 4);
    const v = visibleGraph(data, params('source:s', { dirs: ['downstream'], depth: 4, budget: 50 }));
    expect(v.nodes.length).toBeLessThan(50 + 8 + 1);
    expect(v.nodes.some((n) => n.expandable)).toBe(true);
  });

  it('adds what is revealed by hand to the budget instead of taking it from the rest', () => {
    const data = new GraphData();
    const grow = (id: string, depth: number) => {
      if (depth === 0) return;
      const kids = Array.from({ length: 20 }, (_, i) => `${id}.${i}`);
      data.addHop(id, {
        ...listing(id, 'downstream', [node(id, 'DATASET', { depth: 0 }), ...kids.map((k) => node(k, 'DATASET', { depth: 1 }))], []),
      });
      kids.forEach((k) => grow(k, depth - 1));
    };
    grow('source:s', 3);
    const base = params('source:s', { dirs: ['downstream'], depth: 3, budget: 40 });
    const before = visibleGraph(data, base);
    const after = visibleGraph(data, { ...base, reveal: new Map([[revealKey('downstream', 'source:s'), 18]]) });
    expect(after.nodes.filter((n) => !n.more).length).toBe(before.nodes.filter((n) => !n.more).length + 10);
  });

  it('hides a kind and bridges the edges through it', () => {
    const data = new GraphData();
    data.addClosure(listing('sha256:m92', 'upstream', SEED, SEED_EDGES));
    const v = visibleGraph(data, params('sha256:m92', { hide: new Set(['RUN']) }));
    expect(v.hidden).toBe(2);
    expect(v.nodes.map((n) => n.kind)).not.toContain('RUN');
    const bridged = v.edges.map((e) => `${e.from}->${e.to}`).sort();
    expect(bridged).toEqual(['sha256:f47->sha256:m92', 'source:transactions_q1->sha256:f47']);
    const e = v.edges.find((x) => x.to === 'sha256:m92');
    expect(e?.via).toEqual(['run:training_j1829']);
    expect(e?.label).toBe('model_training 1.0');
  });

  it('never hides the root or an "N more" node', () => {
    const nodes = new Map<string, VNode>([
      ['r', { id: 'r', kind: 'RUN', label: 'r', root: true, expandable: false, side: 'root', distance: 0 }],
      ['m', { id: 'm', kind: 'MORE', label: '3 more', root: false, more: { parent: 'r', dir: 'downstream', count: 3, exact: true }, expandable: true, side: 'downstream', distance: 1 }],
    ]);
    const out = hideKinds(nodes, [{ id: 'r->m', from: 'r', to: 'm', more: true }], new Set(['RUN', 'MORE']));
    expect(out.kept.map((n) => n.id)).toEqual(['r', 'm']);
    expect(out.bridged).toHaveLength(1);
  });
});
