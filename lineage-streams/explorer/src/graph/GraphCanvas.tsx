import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { kindStyle } from '../kinds';
import type { Laid } from './layout';
import type { VEdge, VNode } from './model';

export interface Highlight {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

interface Props {
  nodes: VNode[];
  edges: VEdge[];
  laid: Laid;
  selected: string | null;
  highlight?: Highlight | null;
  /** a click, Enter or Space on a node */
  onActivate: (v: VNode, how: { shift: boolean }) => void;
  /** when this changes, the view is fitted again (a new root, a new direction) */
  fitKey: string;
  label: string;
  /** the node the first view centres on when the whole drawing would be too small to read */
  focus?: string | null;
}

/** The smallest scale the first view uses: below it, labels are not legible. */
const READABLE = 0.7;
const MARGIN = 24;

/** A path through dagre's points, smoothed with quadratic curves between midpoints. */
function pathOf(points: Array<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const q = points[i + 1];
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = points[points.length - 1];
  return `${d} L${last.x},${last.y}`;
}

/**
 * The graph drawn in SVG at the layout's positions, with zoom and pan (d3-zoom: wheel, drag,
 * pinch; keys + - 0), fit, hover labels on edges, and keyboard access to every node: Tab reaches
 * them, the arrow keys follow edges (left, right) and layers (up, down), Enter opens.
 */
export function GraphCanvas({ nodes, edges, laid, selected, highlight, onActivate, fitKey, label, focus }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const movedByUser = useRef(false);
  const fittedKey = useRef<string | null>(null);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);

  useEffect(() => {
    const svg = svgRef.current!;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      .on('zoom', (event) => {
        transformRef.current = event.transform;
        layerRef.current?.setAttribute('transform', event.transform.toString());
        if (event.sourceEvent) movedByUser.current = true;
      });
    select(svg).call(z).on('dblclick.zoom', null);
    zoomRef.current = z;
    return () => {
      select(svg).on('.zoom', null);
    };
  }, []);

  const apply = useCallback((t: ZoomTransform) => {
    const svg = svgRef.current;
    if (svg && zoomRef.current) select(svg).call(zoomRef.current.transform, t);
  }, []);

  /**
   * Fits the drawing into the view; `readable` keeps the text legible instead (never smaller than
   * READABLE), with the focus node as central as the drawing's edges allow.
   */
  const fit = useCallback(
    (readable = false) => {
      const svg = svgRef.current;
      if (!svg || laid.width === 0) return;
      const { width, height } = svg.getBoundingClientRect();
      const fitted = Math.min(1.25, (0.95 * width) / laid.width, (0.95 * height) / laid.height);
      const k = Math.max(0.05, readable ? Math.max(fitted, READABLE) : fitted);
      const centre = focus ? laid.nodes.get(focus) : undefined;
      const along = (size: number, extent: number, at: number | undefined) => {
        if (extent * k <= size || at === undefined) return (size - extent * k) / 2;
        return Math.min(MARGIN, Math.max(size - extent * k - MARGIN, size / 2 - at * k));
      };
      apply(zoomIdentity.translate(along(width, laid.width, centre?.x), along(height, laid.height, centre?.y)).scale(k));
      movedByUser.current = false;
    },
    [laid, apply, focus],
  );

  const zoomBy = useCallback(
    (factor: number) => {
      const svg = svgRef.current;
      if (svg && zoomRef.current) select(svg).call(zoomRef.current.scaleBy, factor);
    },
    [],
  );

  // fit on a new subject, and while the user has not moved the view as it grows
  useLayoutEffect(() => {
    if (fittedKey.current !== fitKey || !movedByUser.current) {
      fittedKey.current = fitKey;
      fit(true);
    }
  }, [fitKey, laid, fit]);

  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const out = useMemo(() => {
    const m = new Map<string, string[]>();
    const inn = new Map<string, string[]>();
    for (const e of edges) {
      if (!m.has(e.from)) m.set(e.from, []);
      m.get(e.from)!.push(e.to);
      if (!inn.has(e.to)) inn.set(e.to, []);
      inn.get(e.to)!.push(e.from);
    }
    return { out: m, in: inn };
  }, [edges]);

  const focusNode = (id: string) => {
    const el = svgRef.current?.querySelector<SVGGElement>(`[data-node-id="${CSS.escape(id)}"]`);
    el?.focus();
  };

  /** Keeps a focused node in view: pans when it lies outside the visible area. */
  const reveal = (id: string) => {
    const svg = svgRef.current;
    const box = laid.nodes.get(id);
    if (!svg || !box) return;
    const t = transformRef.current;
    const { width, height } = svg.getBoundingClientRect();
    const [sx, sy] = t.apply([box.x, box.y]);
    const margin = 60;
    if (sx < margin || sy < margin || sx > width - margin || sy > height - margin) {
      apply(zoomIdentity.translate(width / 2 - box.x * t.k, height / 2 - box.y * t.k).scale(t.k));
    }
  };

  const neighbourInLayer = (id: string, down: boolean): string | undefined => {
    const me = laid.nodes.get(id);
    if (!me) return undefined;
    let best: string | undefined;
    let bestDy = Infinity;
    for (const [other, box] of laid.nodes) {
      if (other === id || Math.abs(box.x - me.x) > 30) continue;
      const dy = down ? box.y - me.y : me.y - box.y;
      if (dy > 0 && dy < bestDy) {
        bestDy = dy;
        best = other;
      }
    }
    return best;
  };

  const onNodeKey = (e: React.KeyboardEvent, v: VNode) => {
    let next: string | undefined;
    switch (e.key) {
      case 'Enter':
      case ' ':
        e.preventDefault();
        onActivate(v, { shift: e.shiftKey });
        return;
      case 'ArrowRight':
        next = out.out.get(v.id)?.[0];
        break;
      case 'ArrowLeft':
        next = out.in.get(v.id)?.[0];
        break;
      case 'ArrowDown':
        next = neighbourInLayer(v.id, true);
        break;
      case 'ArrowUp':
        next = neighbourInLayer(v.id, false);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (next) focusNode(next);
  };

  const onCanvasKey = (e: React.KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === '+' || e.key === '=') zoomBy(1.25);
    else if (e.key === '-' || e.key === '_') zoomBy(0.8);
    else if (e.key === '0' || e.key === 'f') fit();
    else if (e.key === 'r') fit(true);
    else return;
    e.preventDefault();
  };

  const showTip = (e: React.MouseEvent, text: string) => {
    const host = svgRef.current?.parentElement?.getBoundingClientRect();
    if (!host) return;
    setTip({ x: e.clientX - host.left + 12, y: e.clientY - host.top + 12, text });
  };

  const dimOthers = !!highlight && highlight.nodes.size > 0;
  return (
    <div className="canvas" onKeyDown={onCanvasKey}>
      <div className="canvas-tools" role="toolbar" aria-label="Zoom">
        <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in" title="Zoom in (+)">
          +
        </button>
        <button type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out" title="Zoom out (-)">
          −
        </button>
        <button type="button" onClick={() => fit()} aria-label="Fit the whole graph" title="Fit (0)">
          fit
        </button>
        <button type="button" onClick={() => fit(true)} aria-label="Readable size around the root" title="Readable (r)">
          1:1
        </button>
      </div>
      <svg ref={svgRef} className="graph" role="group" aria-label={label} data-nodes={nodes.length}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="arrowhead" />
          </marker>
          <marker id="arrow-hl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="arrowhead hl" />
          </marker>
        </defs>
        <g ref={layerRef}>
          {edges.map((e) => {
            const points = laid.edges.get(e.id);
            if (!points) return null;
            const hl = highlight?.edges.has(`${e.from}->${e.to}`) ?? false;
            const d = pathOf(points);
            const text = e.label
              ? `${e.label}${e.via ? ' (through hidden nodes)' : ''}`
              : e.more
                ? 'more neighbours, not drawn'
                : `${byId.get(e.from)?.label ?? e.from} → ${byId.get(e.to)?.label ?? e.to}`;
            return (
              <g
                key={e.id}
                className={`edge${hl ? ' hl' : ''}${dimOthers && !hl ? ' dim' : ''}${e.more ? ' more' : ''}${e.via ? ' bridged' : ''}`}
                data-edge={e.id}
              >
                <path d={d} className="edge-line" markerEnd={hl ? 'url(#arrow-hl)' : 'url(#arrow)'} />
                <path
                  d={d}
                  className="edge-hit"
                  onMouseMove={(ev) => showTip(ev, text)}
                  onMouseLeave={() => setTip(null)}
                >
                  <title>{text}</title>
                </path>
              </g>
            );
          })}
          {nodes.map((v) => {
            const box = laid.nodes.get(v.id);
            if (!box) return null;
            const style = kindStyle(v.kind);
            const x = box.x - box.width / 2;
            const y = box.y - box.height / 2;
            const hl = highlight?.nodes.has(v.id) ?? false;
            const classes = [
              'node',
              v.more ? 'more' : '',
              v.kind === 'RUN' ? 'run' : '',
              v.root ? 'root' : '',
              selected === v.id ? 'selected' : '',
              hl ? 'hl' : '',
              dimOthers && !hl ? 'dim' : '',
            ]
              .filter(Boolean)
              .join(' ');
            const name = v.more
              ? `${v.label} ${v.more.dir} of ${byId.get(v.more.parent)?.label ?? v.more.parent}; press Enter to show them`
              : `${style.label} ${v.label}${v.sublabel ? ` ${v.sublabel}` : ''}${v.expandable ? ', has more neighbours: press Enter to expand' : ''}`;
            return (
              <g
                key={v.id}
                className={classes}
                transform={`translate(${x},${y})`}
                tabIndex={0}
                role="button"
                aria-label={name}
                aria-pressed={selected === v.id}
                data-node-id={v.id}
                data-kind={v.kind}
                data-label={v.label}
                onClick={(ev) => onActivate(v, { shift: ev.shiftKey })}
                onKeyDown={(ev) => onNodeKey(ev, v)}
                onFocus={() => reveal(v.id)}
                onMouseMove={(ev) => showTip(ev, v.more ? name : `${v.id}${v.sublabel ? `\n${v.sublabel}` : ''}`)}
                onMouseLeave={() => setTip(null)}
              >
                <rect
                  className="node-box"
                  width={box.width}
                  height={box.height}
                  rx={v.kind === 'RUN' ? box.height / 2 : v.more ? 17 : 7}
                  style={{ stroke: style.color }}
                />
                {!v.more && v.kind !== 'RUN' && (
                  <rect className="node-stripe" width={6} height={box.height} rx={3} style={{ fill: style.color }} />
                )}
                {v.more ? (
                  <text className="node-label" x={box.width / 2} y={box.height / 2 + 4} textAnchor="middle">
                    {v.label}
                  </text>
                ) : (
                  <>
                    <text className="node-kind" x={v.kind === 'RUN' ? 18 : 14} y={15} style={{ fill: style.color }}>
                      {style.tag}
                    </text>
                    <text className="node-label" x={v.kind === 'RUN' ? 18 : 14} y={31}>
                      {v.label}
                    </text>
                    {v.sublabel && (
                      <text className="node-sub" x={v.kind === 'RUN' ? 18 : 14} y={43}>
                        {v.sublabel}
                      </text>
                    )}
                  </>
                )}
                {v.expandable && !v.more && (
                  <g
                    className="expander"
                    transform={`translate(${v.side === 'upstream' ? 0 : box.width},${box.height / 2})`}
                    aria-hidden="true"
                  >
                    <circle r={8} />
                    <text y={4} textAnchor="middle">
                      +
                    </text>
                  </g>
                )}
              </g>
            );
          })}
        </g>
      </svg>
      {tip && (
        <div className="tooltip" style={{ left: tip.x, top: tip.y }} role="tooltip">
          {tip.text}
        </div>
      )}
    </div>
  );
}
