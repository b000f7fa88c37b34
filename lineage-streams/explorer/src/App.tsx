import { useCallback, useEffect, useState } from 'react';
import { Search } from './components/Search';
import { formatState, graphOf, parseState, type AppState } from './urlState';
import { GraphView } from './views/GraphView';
import { ImpactView } from './views/ImpactView';
import { NodePanel } from './views/NodePanel';
import { PathView } from './views/PathView';
import { RejectedView } from './views/RejectedView';
import { RequestsView } from './views/RequestsView';

const SEARCH_INPUT = 'global-search';

function titleOf(s: AppState): string {
  switch (s.view) {
    case 'graph':
      return `${s.node} · Lineage`;
    case 'path':
      return `${s.from} → ${s.to} · Lineage`;
    case 'request':
      return `${s.request} · Lineage`;
    case 'requests':
      return 'Requests · Lineage';
    case 'rejected':
      return 'Rejected events · Lineage';
    default:
      return 'Lineage explorer';
  }
}

/**
 * The explorer: one state, kept in the address (so every view is a link), changed by navigate()
 * and by the browser's back and forward buttons.
 */
export function App() {
  const [state, setState] = useState<AppState>(() => parseState(window.location.search));
  const [pathFrom, setPathFrom] = useState<string | null>(null);

  useEffect(() => {
    const onPop = () => setState(parseState(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.title = titleOf(state);
  }, [state]);

  // "/" jumps to the search from anywhere but a text field; Escape ends a path pick
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        document.getElementById(SEARCH_INPUT)?.focus();
      } else if (e.key === 'Escape' && pathFrom) {
        setPathFrom(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pathFrom]);

  const navigate = useCallback((next: AppState, how: { replace?: boolean } = {}) => {
    const url = `${window.location.pathname}${formatState(next)}`;
    if (how.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setState(next);
  }, []);

  /** A node activated in a drawing: ends a path pick when one runs (shift-click starts one). */
  const onActivate = useCallback(
    (id: string, how: { shift: boolean }): boolean => {
      if (pathFrom && pathFrom !== id) {
        setPathFrom(null);
        navigate({ view: 'path', from: pathFrom, to: id, sel: null });
        return true;
      }
      if (how.shift) {
        setPathFrom(id);
        return true;
      }
      return false;
    },
    [pathFrom, navigate],
  );

  const sel = 'sel' in state ? state.sel : null;
  const closePanel = useCallback(() => {
    if ('sel' in state && state.sel) navigate({ ...state, sel: null }, { replace: true });
  }, [state, navigate]);

  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a
          className="brand"
          href="./"
          onClick={(e) => {
            e.preventDefault();
            navigate({ view: 'home' });
          }}
        >
          Lineage
        </a>
        <Search
          label="Search the lineage graph"
          inputId={SEARCH_INPUT}
          onPick={(id) => navigate(graphOf(id))}
        />
        <nav aria-label="Views">
          <a
            href="?view=requests"
            aria-current={state.view === 'requests' || state.view === 'request' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate({ view: 'requests' });
            }}
          >
            Requests
          </a>
          <a
            href="?view=rejected"
            aria-current={state.view === 'rejected' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate({ view: 'rejected', limit: null });
            }}
          >
            Rejected
          </a>
        </nav>
      </header>
      {pathFrom && (
        <div className="banner" role="status">
          Path mode: pick the node the paths lead to (click it, or Enter on it). From <code className="mono">{pathFrom}</code>.{' '}
          <button type="button" className="link" onClick={() => setPathFrom(null)}>
            Cancel (Esc)
          </button>
        </div>
      )}
      <div className={`body${sel ? ' with-panel' : ''}`}>
        <main id="main" tabIndex={-1}>
          {state.view === 'home' && <Home navigate={navigate} />}
          {state.view === 'graph' && <GraphView state={state} navigate={navigate} onActivate={onActivate} />}
          {state.view === 'path' && <PathView state={state} navigate={navigate} />}
          {state.view === 'request' && <ImpactView state={state} navigate={navigate} />}
          {state.view === 'requests' && <RequestsView navigate={navigate} limit={50} />}
          {state.view === 'rejected' && <RejectedView limit={state.limit ?? 50} />}
        </main>
        {sel && (
          <NodePanel
            id={sel}
            onClose={closePanel}
            onOpenGraph={(id) => navigate(graphOf(id))}
            onPathFrom={(id) => setPathFrom(id)}
            pathFrom={pathFrom}
            onPathTo={(id) => {
              const from = pathFrom!;
              setPathFrom(null);
              navigate({ view: 'path', from, to: id, sel: null });
            }}
          />
        )}
      </div>
    </div>
  );
}

function Home({ navigate }: { navigate: (next: AppState) => void }) {
  return (
    <section className="view home" aria-label="Start">
      <h1>Lineage explorer</h1>
      <p>
        Search for a dataset, model, run or source above (press <kbd>/</kbd>), by name, <code>name@version</code>, node
        id or digest prefix. A node opens as its lineage, left to right; click a node to see its details and to expand
        it, shift-click two nodes for every path between them.
      </p>
      <h2>Latest requests</h2>
      <RequestsView navigate={navigate} limit={5} compact />
      <p className="hint">
        Links other tools can use: <code>/?node=&lt;id&gt;</code> (any id, <code>name:&lt;name&gt;</code> too),{' '}
        <code>/?from=&lt;id&gt;&amp;to=&lt;id&gt;</code>, <code>/?request=&lt;id&gt;</code>.
      </p>
    </section>
  );
}
