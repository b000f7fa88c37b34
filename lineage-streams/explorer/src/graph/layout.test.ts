import { describe, expect, it } from 'vitest';
import { layout } from './layout';
import type { VEdge, VNode } from './model';

const v = (id: string, kind = 'DATASET'): VNode => ({ id, kind, label: id, root: false, expandable: false, side: 'root', distance: 0 });
const e = (from: string, to: string): VEdge => ({ id: `${from}->${to}`, from, to });

describe('the layered layout', () => {
  it('places a lineage chain left to right in its order', () => {
    const ids = ['transactions_q1', 'fraud_signal_extractor_r1', 'features_v47', 'training_j1829', 'model_m92'];
    // given in reverse, as an upstream walk finds them
    const laid = layout(
      [...ids].reverse().map((id) => v(id)),
      ids.slice(1).map((id, i) => e(ids[i], id)),
    );
    const xs = ids.map((id) => laid.nodes.get(id)!.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect(laid.width).toBeGreaterThan(xs[4] - xs[0]);
  });

  it('puts the children of one node in one layer, without overlaps', () => {
    const kids = Array.from({ length: 8 }, (_, i) => `k${i}`);
    const laid = layout([v('p'), ...kids.map((k) => v(k))], kids.map((k) => e('p', k)));
    const boxes = kids.map((k) => laid.nodes.get(k)!);
    expect(new Set(boxes.map((b) => b.x)).size).toBe(1);
    const ys = boxes.map((b) => b.y).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(boxes[0].height);
    expect(laid.edges.size).toBe(8);
  });

  it('lays out a few hundred nodes, every one placed', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => v(`n${i}`));
    const edges = nodes.slice(1).map((n, i) => e(`n${Math.floor(i / 4)}`, n.id));
    const laid = layout(nodes, edges);
    expect(laid.nodes.size).toBe(300);
  });
});
