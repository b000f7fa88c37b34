import { useEffect, useMemo, useState } from 'react';
import { api, type PathsAnswer } from '../api';
import { GraphCanvas } from '../graph/GraphCanvas';
import { layout } from '../graph/layout';
import type { VNode } from '../graph/model';
import { Search } from '../components/Search';
import { Empty, Failure, Loading } from '../components/Status';
import type { AppState } from '../urlState';
import { pathGraph, pathKeys, stepText } from './pathGraph';
import { useNodes } from './useNodes';

type PathState = Extract<AppState, { view: 'path' }>;

interface Props {
  state: PathState;
  navigate: (next: AppState, how?: { replace?: boolean }) => void;
}

const MAX_PATHS = 50;

/**
 * Path mode: every path between two nodes (GET /v1/paths), drawn as one graph with all of them
 * highlighted; hovering or focusing one path in the list highlights that path alone.
 */
export function PathView({ state, navigate }: Props) {
  const [answer, setAnswer] = useState<PathsAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    setAnswer(null);
    setError(null);
    setFocus(null);
    api
      .paths(state.from, state.to, MAX_PATHS, ctl.signal)
      .then(setAnswer)
      .catch((e: Error) => {
      if (e.name !== 'AbortError') setError(e);
    });
    return () => ctl.abort();
  }, [state.from, state.to, attempt]);

  // the runs on the paths, for the process and version shown on their edges
  const runs = useNodes((answer?.paths ?? []).flat().filter((s) => s.kind === 'RUN').map((s) => s.id));
  const drawing = useMemo(() => {
    if (!answer || answer.paths.length === 0) return null;
    const g = pathGraph(answer.paths, runs, new Set([answer.from, answer.to]));
    return { ...g, laid: layout(g.nodes, g.edges) };
  }, [answer, runs]);
  const highlight = useMemo(() => {
    if (!answer) return null;
    return pathKeys(focus === null ? answer.paths : [answer.paths[focus]]);
  }, [answer, focus]);

  const nameOf = (id: string) => answer?.paths.flat().find((s) => s.id === id)?.name ?? id;
  const activate = (v: VNode) => navigate({ ...state, sel: v.id }, { replace: true });

  return (
    <section className="view path-view" aria-label="Paths" data-state={answer || error ? 'ready' : 'loading'}>
      <form
        className="path-form"
        onSubmit={(e) => e.preventDefault()}
        aria-label="Choose the two ends of the paths"
      >
        <Search
          label="From"
          placeholder="From: name, id or digest"
          initial={state.from}
          onPick={(id) => navigate({ view: 'path', from: id, to: state.to, sel: null })}
        />
        <button
          type="button"
          className="swap"
          onClick={() => navigate({ view: 'path', from: state.to, to: state.from, sel: null })}
          aria-label="Swap the ends"
          title="Swap"
        >
          ⇄
        </button>
        <Search
          label="To"
          placeholder="To: name, id or digest"
          initial={state.to}
          onPick={(id) => navigate({ view: 'path', from: state.from, to: id, sel: null })}
        />
      </form>
      {error !== null && <Failure error={error} retry={() => setAttempt((a) => a + 1)} />}
      {!answer && error === null && <Loading what="the paths" />}
      {answer && answer.paths.length === 0 && (
        <Empty>
          No path leads from {nameOf(answer.from)} to {nameOf(answer.to)}.{' '}
          <button type="button" className="link" onClick={() => navigate({ ...state, from: state.to, to: state.from })}>
            Try the other way
          </button>
        </Empty>
      )}
      {answer && answer.paths.length > 0 && (
        <div className="path-list">
          <p data-testid="path-count">
            {answer.paths.length} {answer.paths.length === 1 ? 'path' : 'paths'} from <strong>{nameOf(answer.from)}</strong> to{' '}
            <strong>{nameOf(answer.to)}</strong>
            {answer.receipt.truncated && <span className="warn"> (cut by {answer.receipt.cutBy}; more may exist)</span>}
            {answer.paths.length === MAX_PATHS && <span className="warn"> (showing the first {MAX_PATHS})</span>}
          </p>
          <ol>
            {answer.paths.map((p, i) => (
              <li
                key={i}
                tabIndex={0}
                className={focus === i ? 'on' : ''}
                onMouseEnter={() => setFocus(i)}
                onMouseLeave={() => setFocus(null)}
                onFocus={() => setFocus(i)}
                onBlur={() => setFocus(null)}
                data-testid="path"
              >
                {p.map(stepText).join(' → ')}
              </li>
            ))}
          </ol>
        </div>
      )}
      {drawing && (
        <GraphCanvas
          nodes={drawing.nodes}
          edges={drawing.edges}
          laid={drawing.laid}
          selected={state.sel}
          highlight={highlight}
          onActivate={activate}
          fitKey={`${state.from}|${state.to}`}
          label={`Paths from ${nameOf(state.from)} to ${nameOf(state.to)}`}
        />
      )}
    </section>
  );
}
