import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type Direction, type NodeJson, type Summary } from '../api';
import { GraphCanvas } from '../graph/GraphCanvas';
import { layout } from '../graph/layout';
import { GraphData, revealKey, visibleGraph, type Need, type VNode } from '../graph/model';
import { FILTER_KINDS, kindStyle } from '../kinds';
import { Failure, Loading } from '../components/Status';
import {
  DEFAULT_DEPTH,
  DEFAULT_FAN,
  DEPTH_CHOICES,
  FAN_CHOICES,
  type AppState,
  type Dir,
  type GraphSettings,
} from '../urlState';

/** Closures up to this size are listed whole in one request; larger ones a node at a time. */
export const WHOLE_CLOSURE = 400;
/** Automatic expansion stops once this many nodes are drawn; clicks expand further. */
export const BUDGET = 150;
const PARALLEL = 6;
const MAX_PAGE = 10_000;

type GraphState = Extract<AppState, { view: 'graph' }>;

interface Props {
  state: GraphState;
  navigate: (next: AppState, how?: { replace?: boolean }) => void;
  /** a node was activated: select it, or finish a path pick */
  onActivate: (id: string, how: { shift: boolean }) => boolean;
}

function dirsOf(dir: Dir): Direction[] {
  return dir === 'both' ? ['upstream', 'downstream'] : [dir];
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A node's lineage, drawn left to right. Opening asks for the root, then each direction's summary
 * (counts by kind, the receipt) and, for a closure small enough, the whole listing in one request;
 * a larger closure is drawn from one-hop pages of the nodes the drawing shows, so a node with a
 * 100,000-node closure costs a few dozen small requests, never the closure.
 */
export function GraphView({ state, navigate, onActivate }: Props) {
  const data = useRef(new GraphData());
  const inflight = useRef(new Set<string>());
  const marked = useRef(false);
  const [version, setVersion] = useState(0);
  const [root, setRoot] = useState<NodeJson | null>(null);
  const [summaries, setSummaries] = useState<Partial<Record<Direction, Summary>>>({});
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(0);
  const [reveal, setReveal] = useState<Map<string, number>>(new Map());
  const [attempt, setAttempt] = useState(0);

  const depth = state.depth ?? DEFAULT_DEPTH;
  const fan = state.fan ?? DEFAULT_FAN;
  const dirs = useMemo(() => dirsOf(state.dir), [state.dir]);
  const settings: GraphSettings = state;
  const update = (change: Partial<GraphSettings>, replace = false) =>
    navigate({ ...state, ...settings, ...change }, { replace });

  // a new subject: the node, then each direction's summary and (when small) whole closure
  useEffect(() => {
    const ctl = new AbortController();
    data.current = new GraphData();
    inflight.current.clear();
    marked.current = false;
    performance.clearMarks();
    performance.mark('lineage:open');
    setRoot(null);
    setSummaries({});
    setError(null);
    setReveal(new Map());
    (async () => {
      const node = await api.node(state.node, ctl.signal);
      data.current.addNode(node);
      setRoot(node);
      const found = await Promise.all(
        dirs.map(async (dir) => {
          const summary = await api.summary(node.id, dir, ctl.signal);
          if (summary.receipt.visited <= WHOLE_CLOSURE && !summary.receipt.truncated) {
            const whole = await api.listing(node.id, dir, { limit: WHOLE_CLOSURE + 1 }, ctl.signal);
            data.current.addClosure(whole);
          }
          return [dir, summary] as const;
        }),
      );
      setSummaries(Object.fromEntries(found));
      setVersion((v) => v + 1);
    })().catch((e: Error) => {
      if (e.name !== 'AbortError') setError(e);
    });
    return () => ctl.abort();
  }, [state.node, dirs, attempt]);

  const rootId = root?.id ?? null;
  const open = useMemo(() => new Set(state.open), [state.open]);
  const hide = useMemo(() => new Set(state.hide), [state.hide]);
  const visible = useMemo(() => {
    if (!rootId) return null;
    return visibleGraph(data.current, { root: rootId, dirs, depth, fan, budget: BUDGET, open, reveal, hide });
    // version: the data changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rootId, dirs, depth, fan, open, reveal, hide, version]);
  const laid = useMemo(() => (visible ? layout(visible.nodes, visible.edges) : null), [visible]);

  // load what the drawing needs, a wave at a time, a few requests in parallel
  useEffect(() => {
    if (!visible || Object.keys(summaries).length === 0) return;
    // a page asked for once is not asked for again (even if it brought less than hoped)
    const keyOf = (n: Need) => `${n.dir}|${n.id}|${n.have}|${n.want}`;
    const wanted = visible.needs.filter((n) => !inflight.current.has(keyOf(n)));
    if (wanted.length === 0) return;
    const ctl = new AbortController();
    const queue = [...wanted];
    const done = new Set<string>();
    wanted.forEach((n) => inflight.current.add(keyOf(n)));
    setLoading((l) => l + 1);
    const load = async (n: Need) => {
      const offset = n.have === 0 ? 0 : n.have + 1;
      const limit = Math.min(MAX_PAGE, n.have === 0 ? n.want + 1 : n.want - n.have);
      const page = await api.listing(n.id, n.dir, { depth: 1, limit, offset }, ctl.signal);
      data.current.addHop(n.id, page);
      done.add(keyOf(n));
    };
    const worker = async () => {
      for (let n = queue.shift(); n; n = queue.shift()) await load(n);
    };
    Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker))
      .then(() => setVersion((v) => v + 1))
      .catch((e: Error) => {
        if (e.name !== 'AbortError') setError(e);
      })
      .finally(() => setLoading((l) => l - 1));
    return () => {
      ctl.abort();
      wanted.forEach((n) => done.has(keyOf(n)) || inflight.current.delete(keyOf(n)));
    };
  }, [visible, summaries]);

  const settled = !!visible && visible.needs.length === 0 && loading === 0 && !!root;
  // the first layer is drawn once the root's neighbours are known every way asked
  const firstLayer = !!rootId && dirs.every((d) => data.current.adjacent[d].has(rootId));
  useEffect(() => {
    if (visible && firstLayer && Object.keys(summaries).length > 0) {
      if (!marked.current) {
        marked.current = true;
        performance.mark('lineage:first-graph');
      }
      if (settled && performance.getEntriesByName('lineage:settled').length === 0) {
        performance.mark('lineage:settled');
      }
    }
  }, [visible, summaries, settled, firstLayer]);

  const activate = useCallback(
    (v: VNode, how: { shift: boolean }) => {
      if (v.more) {
        const key = revealKey(v.more.dir, v.more.parent);
        setReveal((r) => new Map(r).set(key, (r.get(key) ?? fan) + Math.max(fan, 10)));
        return;
      }
      if (onActivate(v.id, how)) return;
      const opened = v.expandable && !state.open.includes(v.id) ? [...state.open, v.id] : state.open;
      navigate({ ...state, sel: v.id, open: opened }, { replace: opened === state.open });
    },
    [fan, navigate, onActivate, state],
  );

  const presentKinds = useMemo(() => {
    const kinds = new Set<string>();
    Object.values(summaries).forEach((s) => Object.keys(s?.counts ?? {}).forEach((k) => kinds.add(k)));
    visible?.nodes.forEach((n) => n.kind !== 'MORE' && kinds.add(n.kind));
    return [...FILTER_KINDS.filter((k) => kinds.has(k)), ...[...kinds].filter((k) => !FILTER_KINDS.includes(k)).sort()];
  }, [summaries, visible]);

  if (error) {
    return (
      <section className="view graph-view" aria-label="Graph">
        <Failure error={error} retry={() => setAttempt((a) => a + 1)} />
      </section>
    );
  }
  const drawn = visible ? visible.nodes.filter((n) => !n.more).length : 0;
  return (
    <section
      className="view graph-view"
      aria-label={`Lineage of ${root?.name ?? state.node}`}
      data-state={settled ? 'ready' : 'loading'}
    >
      <div className="toolbar" role="toolbar" aria-label="Graph settings">
        <fieldset className="segmented">
          <legend className="visually-hidden">Direction</legend>
          {(['upstream', 'both', 'downstream'] as Dir[]).map((d) => (
            <label key={d} className={state.dir === d ? 'on' : ''}>
              <input
                type="radio"
                name="dir"
                value={d}
                checked={state.dir === d}
                onChange={() => update({ dir: d, open: [] })}
              />
              {d === 'both' ? 'both ways' : d}
            </label>
          ))}
        </fieldset>
        <label>
          Depth{' '}
          <select
            value={depth}
            onChange={(e) => update({ depth: Number(e.target.value) === DEFAULT_DEPTH ? null : Number(e.target.value) })}
          >
            {DEPTH_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d} {d === 1 ? 'hop' : 'hops'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Fan-out{' '}
          <select
            value={fan}
            onChange={(e) => update({ fan: Number(e.target.value) === DEFAULT_FAN ? null : Number(e.target.value) })}
          >
            {FAN_CHOICES.map((f) => (
              <option key={f} value={f}>
                {f} per node
              </option>
            ))}
          </select>
        </label>
        <fieldset className="kinds">
          <legend>Show</legend>
          {presentKinds.map((k) => (
            <label key={k} className="kind-filter">
              <input
                type="checkbox"
                checked={!state.hide.includes(k)}
                onChange={(e) =>
                  update({ hide: e.target.checked ? state.hide.filter((h) => h !== k) : [...state.hide, k] })
                }
              />
              <span className="swatch" style={{ background: kindStyle(k).color }} aria-hidden="true" />
              {kindStyle(k).label}
            </label>
          ))}
        </fieldset>
        {state.open.length > 0 && (
          <button type="button" className="link" onClick={() => update({ open: [] })}>
            collapse {state.open.length} expanded
          </button>
        )}
      </div>
      <div className="summary" aria-live="polite" data-testid="summary">
        {root === null && <Loading what="the node" />}
        {dirs.map((d) => {
          const s = summaries[d];
          if (!s) return root ? <Loading key={d} what={`the ${d} summary`} /> : null;
          const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
          return (
            <p key={d} className="closure" data-direction={d} data-total={total}>
              <strong>{d}</strong>: {fmt(total)} {total === 1 ? 'node' : 'nodes'}
              {total > 0 && (
                <>
                  {' ('}
                  {Object.entries(s.counts)
                    .sort((a, b) => b[1] - a[1])
                    .map(([k, n]) => `${fmt(n)} ${kindStyle(k).label}`)
                    .join(', ')}
                  {')'}
                </>
              )}
              , {s.receipt.depthReached} {s.receipt.depthReached === 1 ? 'hop' : 'hops'} deep
              {s.receipt.truncated && <span className="warn"> — cut by {s.receipt.cutBy ?? 'a limit'}</span>}
            </p>
          );
        })}
        {visible && (
          <p className="drawn">
            Drawing {fmt(drawn)} {drawn === 1 ? 'node' : 'nodes'}
            {visible.hidden > 0 && `, ${fmt(visible.hidden)} hidden by kind`}
            {!settled && ' — loading…'}
          </p>
        )}
      </div>
      {visible && laid && (
        <GraphCanvas
          nodes={visible.nodes}
          edges={visible.edges}
          laid={laid}
          selected={state.sel}
          onActivate={activate}
          fitKey={`${rootId}|${state.dir}`}
          focus={rootId}
          label={`Lineage graph of ${root?.name ?? state.node}: ${drawn} nodes drawn`}
        />
      )}
    </section>
  );
}
