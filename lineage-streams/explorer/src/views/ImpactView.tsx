import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, type LoggedRequest, type RequestStatus, type TriggersAnswer } from '../api';
import { GraphCanvas } from '../graph/GraphCanvas';
import { layout } from '../graph/layout';
import type { VNode } from '../graph/model';
import { CopyText } from '../components/CopyText';
import { Empty, Failure, Loading } from '../components/Status';
import { graphOf, type AppState } from '../urlState';
import { pathGraph, pathKeys, stepText } from './pathGraph';
import { useNodes } from './useNodes';

type RequestState = Extract<AppState, { view: 'request' }>;

interface Props {
  state: RequestState;
  navigate: (next: AppState, how?: { replace?: boolean }) => void;
}

const time = (iso?: string) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

/**
 * One deletion request or bug report: what was asked (the signed event, from the request log),
 * what the impact service made of it (GET /v1/requests/{id}: status, counts, decisions, receipt),
 * and its retraining triggers (the signed triggers themselves), each trigger's paths drawn on the
 * graph. A pending request is asked again every few seconds.
 */
export function ImpactView({ state, navigate }: Props) {
  const [status, setStatus] = useState<RequestStatus | null>(null);
  const [statusError, setStatusError] = useState<unknown>(null);
  const [event, setEvent] = useState<LoggedRequest | null | undefined>(undefined);
  const [triggers, setTriggers] = useState<TriggersAnswer | null>(null);
  const [triggersError, setTriggersError] = useState<unknown>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setStatus(null);
    setStatusError(null);
    setEvent(undefined);
    setTriggers(null);
    setTriggersError(null);
    setTick(0);
  }, [state.request]);

  useEffect(() => {
    const ctl = new AbortController();
    api
      .requestLog({ id: state.request }, ctl.signal)
      .then((log) => setEvent(log.requests.find((r) => r.requestId === state.request) ?? null))
      .catch((e: Error) => e.name !== 'AbortError' && setEvent(null));
    return () => ctl.abort();
  }, [state.request]);

  useEffect(() => {
    const ctl = new AbortController();
    api
      .request(state.request, ctl.signal)
      .then((s) => {
        setStatus(s);
        setStatusError(null);
        if (s.status === 'PENDING') setTimeout(() => setTick((t) => t + 1), 3000);
      })
      .catch((e: Error) => {
        if (e.name === 'AbortError') return;
        setStatusError(e);
        // not accepted yet (or never): ask again a few times, the impact service may be behind
        if (e instanceof ApiError && e.notFound && tick < 10) setTimeout(() => setTick((t) => t + 1), 3000);
      });
    return () => ctl.abort();
  }, [state.request, tick]);

  const done = status && status.status !== 'PENDING';
  useEffect(() => {
    if (!done || !status) return;
    const ctl = new AbortController();
    api
      .triggers(state.request, status.models, ctl.signal)
      .then(setTriggers)
      .catch((e: Error) => e.name !== 'AbortError' && setTriggersError(e));
    return () => ctl.abort();
  }, [done, status, state.request]);

  const allPaths = useMemo(() => (triggers ? triggers.triggers.flatMap((t) => t.paths) : []), [triggers]);
  const known = useNodes(allPaths.flat().map((s) => s.id));
  const drawing = useMemo(() => {
    if (allPaths.length === 0) return null;
    const starts = new Set(allPaths.map((p) => p[0].id));
    const g = pathGraph(allPaths, known, starts);
    return { ...g, laid: layout(g.nodes, g.edges) };
  }, [allPaths, known]);
  const highlight = useMemo(() => {
    if (!triggers) return null;
    const t = triggers.triggers.find((x) => x.triggerId === focus);
    return pathKeys(t ? t.paths : allPaths);
  }, [triggers, focus, allPaths]);

  const cause = status?.cause ?? event?.cause;
  const title = cause === 'BUG' ? 'Bug report' : cause === 'DELETION' ? 'Deletion request' : 'Request';
  return (
    <section className="view impact-view" aria-label={`${title} ${state.request}`} data-state={triggers || statusError ? 'ready' : 'loading'}>
      <h2>
        {title} <code className="mono">{state.request}</code>{' '}
        {status && (
          <span className={`badge status-${status.status.toLowerCase()}`} data-testid="request-status">
            {status.status}
          </span>
        )}
      </h2>
      <div className="impact-grid">
        <div className="impact-facts">
          <h3>Asked</h3>
          {event === undefined && <Loading what="the request" />}
          {event === null && <p className="hint">The signed request was not found in the latest records of its topic.</p>}
          {event && (
            <dl>
              {event.subject && (
                <>
                  <dt>subject</dt>
                  <dd>
                    <button type="button" className="link mono" onClick={() => navigate(graphOf(event.subject!, 'downstream'))}>
                      {event.subject}
                    </button>
                  </dd>
                </>
              )}
              {event.recordCount !== undefined && (
                <>
                  <dt>records</dt>
                  <dd>
                    {event.recordCount.toLocaleString('en-US')} record keys (list {event.recordSetDigest?.slice(0, 19)}…, kept
                    off the topic)
                  </dd>
                </>
              )}
              {event.process && (
                <>
                  <dt>process</dt>
                  <dd>
                    {event.process} {event.minVersion ?? '*'} – {event.maxVersion ?? '*'}
                  </dd>
                  <dt>window</dt>
                  <dd>
                    {time(event.windowStart)} → {time(event.windowEnd)}
                  </dd>
                </>
              )}
              {event.deadline && (
                <>
                  <dt>deadline</dt>
                  <dd>{time(event.deadline)}</dd>
                </>
              )}
              <dt>appended</dt>
              <dd>{time(event.appendedAt)}</dd>
              <dt>signed by</dt>
              <dd>
                <CopyText value={event.signer} label="requester key id" />
              </dd>
            </dl>
          )}
          <h3>Outcome</h3>
          {!status && !statusError && <Loading what="the status" />}
          {statusError !== null && !status && (
            statusError instanceof ApiError && statusError.notFound ? (
              <p className="hint" role="status">The impact service has not accepted a request with this id (yet).</p>
            ) : (
              <Failure error={statusError} retry={() => setTick((t) => t + 1)} />
            )
          )}
          {status && (
            <dl>
              {status.detail && (
                <>
                  <dt>detail</dt>
                  <dd>{status.detail}</dd>
                </>
              )}
              <dt>affected</dt>
              <dd>
                {Object.entries(status.countsByKind)
                  .map(([k, n]) => `${n} ${k.toLowerCase()}`)
                  .join(', ') || 'nothing'}
              </dd>
              <dt>models</dt>
              <dd>{status.models.length}</dd>
              <dt>predictions</dt>
              <dd>{status.predictions.length} to invalidate</dd>
              <dt>triggers</dt>
              <dd>{status.triggers}</dd>
              {status.receipt && (
                <>
                  <dt>receipt</dt>
                  <dd data-testid="receipt">
                    visited {status.receipt.visited}, depth {status.receipt.depthReached},{' '}
                    {status.receipt.truncated ? `cut by ${status.receipt.cutBy}` : 'nothing cut'}
                    {status.receipt.pathsCut && ', some paths cut'}
                  </dd>
                </>
              )}
            </dl>
          )}
        </div>
        <div className="impact-triggers">
          <h3>Retraining triggers</h3>
          {done && !triggers && !triggersError && <Loading what="the triggers" />}
          {triggersError !== null && <Failure error={triggersError} />}
          {triggers && triggers.triggers.length === 0 && (
            <Empty>
              No trigger of this request in the latest {triggers.scanned.perPartition.toLocaleString('en-US')} records of each
              partition.
            </Empty>
          )}
          <ul className="triggers">
            {triggers?.triggers.map((t) => (
              <li
                key={t.triggerId}
                className={`trigger${focus === t.triggerId ? ' on' : ''}`}
                tabIndex={0}
                onMouseEnter={() => setFocus(t.triggerId)}
                onMouseLeave={() => setFocus(null)}
                onFocus={() => setFocus(t.triggerId)}
                onBlur={() => setFocus(null)}
                data-testid="trigger"
              >
                <p className="trigger-head">
                  <span className={`badge action-${t.action.toLowerCase()}`}>{t.action}</span>{' '}
                  <button type="button" className="link" onClick={() => navigate(graphOf(t.modelId, 'upstream'))}>
                    {t.modelName ?? t.modelId}
                  </button>
                </p>
                <p className="rule">{t.rule}</p>
                <dl>
                  {t.trainingRunId && (
                    <>
                      <dt>trained by</dt>
                      <dd className="mono">{t.trainingRunId}</dd>
                    </>
                  )}
                  {t.affectedFraction !== undefined && (
                    <>
                      <dt>affected</dt>
                      <dd>{t.affectedFraction.toFixed(6)} of the source</dd>
                    </>
                  )}
                  {t.deadline && (
                    <>
                      <dt>deadline</dt>
                      <dd>{time(t.deadline)}</dd>
                    </>
                  )}
                  <dt>paths</dt>
                  <dd>
                    {t.paths.map((p, i) => (
                      <div key={i} className="path-text">
                        {p.map(stepText).join(' → ')}
                      </div>
                    ))}
                  </dd>
                  <dt>trigger</dt>
                  <dd>
                    <CopyText value={t.triggerId} label="trigger id" />
                  </dd>
                  <dt>signed</dt>
                  <dd>
                    by {t.signer.slice(0, 12)}… at {time(t.signedAt)} (verified)
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
          {triggers && (triggers.repeats > 0 || triggers.refused > 0) && (
            <p className="hint">
              {triggers.repeats} repeated and {triggers.refused} unverifiable trigger record(s) of this request left out.
            </p>
          )}
        </div>
      </div>
      {drawing && (
        <GraphCanvas
          nodes={drawing.nodes}
          edges={drawing.edges}
          laid={drawing.laid}
          selected={state.sel}
          highlight={highlight}
          onActivate={(v: VNode) => navigate({ ...state, sel: v.id }, { replace: true })}
          fitKey={state.request}
          label={`Paths of the triggers of ${state.request}`}
        />
      )}
    </section>
  );
}
