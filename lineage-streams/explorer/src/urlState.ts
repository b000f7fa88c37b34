// Everything a view shows is in the address, so any view can be shared, bookmarked and linked to
// from other tools. The deep links other tools use are part of the contract:
//   /?node=<id>              a node's graph (any id form, name:<name>[@<version>] included)
//   /?from=<id>&to=<id>      path mode between two nodes
//   /?request=<id>           a deletion request or bug report
// plus /?view=requests and /?view=rejected, and the graph's own settings (dir, depth, fan, hide, open,
// sel) that a shared link keeps.

export type Dir = 'both' | 'upstream' | 'downstream';

export interface GraphSettings {
  dir: Dir;
  /** hops expanded on opening; null: the default */
  depth: number | null;
  /** children shown per node before the rest fold into an "N more" node; null: the default */
  fan: number | null;
  /** kinds hidden from the drawing (their edges are bridged) */
  hide: string[];
  /** nodes expanded by hand beyond the depth */
  open: string[];
}

export type AppState =
  | { view: 'home' }
  | ({ view: 'graph'; node: string; sel: string | null } & GraphSettings)
  | { view: 'path'; from: string; to: string; sel: string | null }
  | { view: 'request'; request: string; sel: string | null }
  | { view: 'requests' }
  | { view: 'rejected'; limit: number | null };

export const DEFAULT_DEPTH = 4;
export const DEFAULT_FAN = 8;
export const DEPTH_CHOICES = [1, 2, 3, 4, 6, 8, 12];
export const FAN_CHOICES = [3, 5, 8, 15, 30];

const DIRS: Dir[] = ['both', 'upstream', 'downstream'];

function positive(text: string | null, max: number): number | null {
  if (text === null || !/^\d{1,4}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= max ? n : null;
}

function list(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (const v of params.getAll(name)) {
    for (const part of v.split(',')) {
      const t = part.trim();
      if (t && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

/** The state an address names; anything unknown or malformed falls back to a default. */
export function parseState(search: string): AppState {
  const p = new URLSearchParams(search);
  const sel = p.get('sel')?.trim() || null;
  const node = p.get('node')?.trim();
  const from = p.get('from')?.trim();
  const to = p.get('to')?.trim();
  const request = p.get('request')?.trim();
  if (from && to) return { view: 'path', from, to, sel };
  if (request) return { view: 'request', request, sel };
  if (node) {
    const dir = p.get('dir') as Dir | null;
    return {
      view: 'graph',
      node,
      sel,
      dir: dir && DIRS.includes(dir) ? dir : 'both',
      depth: positive(p.get('depth'), 50),
      fan: positive(p.get('fan'), 500),
      // kinds are upper-case words; ids to open are node ids (never split on commas)
      hide: list(p, 'hide').map((k) => k.toUpperCase()).filter((k) => /^[A-Z_]{1,40}$/.test(k)),
      open: p.getAll('open').map((s) => s.trim()).filter(Boolean),
    };
  }
  const view = p.get('view');
  if (view === 'requests') return { view: 'requests' };
  if (view === 'rejected') return { view: 'rejected', limit: positive(p.get('limit'), 500) };
  return { view: 'home' };
}

/** The address of a state: the shortest one that parses back to it. */
export function formatState(state: AppState): string {
  const p = new URLSearchParams();
  switch (state.view) {
    case 'home':
      break;
    case 'graph':
      p.set('node', state.node);
      if (state.dir !== 'both') p.set('dir', state.dir);
      if (state.depth !== null) p.set('depth', String(state.depth));
      if (state.fan !== null) p.set('fan', String(state.fan));
      if (state.hide.length) p.set('hide', [...state.hide].sort().join(','));
      state.open.forEach((id) => p.append('open', id));
      if (state.sel) p.set('sel', state.sel);
      break;
    case 'path':
      p.set('from', state.from);
      p.set('to', state.to);
      if (state.sel) p.set('sel', state.sel);
      break;
    case 'request':
      p.set('request', state.request);
      if (state.sel) p.set('sel', state.sel);
      break;
    case 'requests':
      p.set('view', 'requests');
      break;
    case 'rejected':
      p.set('view', 'rejected');
      if (state.limit !== null) p.set('limit', String(state.limit));
      break;
  }
  const s = p.toString();
  // ':' and '@' are legal in a query; keep ids readable in the address bar
  return s ? `?${s.replace(/%3A/gi, ':').replace(/%40/gi, '@')}` : '';
}

/** A graph of a node with the default settings. */
export function graphOf(node: string, dir: Dir = 'both'): Extract<AppState, { view: 'graph' }> {
  return { view: 'graph', node, sel: null, dir, depth: null, fan: null, hide: [], open: [] };
}
