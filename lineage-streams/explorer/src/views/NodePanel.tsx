import { useEffect, useState, type ReactNode } from 'react';
import {
  api,
  ApiError,
  currentRoles,
  type DeploymentVerdict,
  type KeyAnswer,
  type ManifestAnswer,
  type NodeJson,
} from '../api';
import { CopyText } from '../components/CopyText';
import { KindBadge } from '../components/KindBadge';
import { Failure, Loading } from '../components/Status';

interface Props {
  id: string;
  onClose: () => void;
  onOpenGraph: (id: string) => void;
  onPathFrom: (id: string) => void;
  /** the node a path pick started from, if one is running */
  pathFrom: string | null;
  onPathTo: (id: string) => void;
}

type Load<T> = { state: 'loading' } | { state: 'done'; value: T } | { state: 'error'; error: unknown } | { state: 'none'; why?: string };

function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Load<T> {
  const [result, setResult] = useState<Load<T>>({ state: 'none' });
  useEffect(() => {
    if (key === null) {
      setResult({ state: 'none' });
      return;
    }
    const ctl = new AbortController();
    setResult({ state: 'loading' });
    load(ctl.signal)
      .then((value) => setResult({ state: 'done', value }))
      .catch((error: Error) => {
        if (error.name !== 'AbortError') setResult({ state: 'error', error });
      });
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return result;
}

const time = (iso?: string) => (iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

function Row({ k, children }: { k: string; children: ReactNode }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Signer({ keyId }: { keyId: string }) {
  const key = useLoad<KeyAnswer>(keyId, (s) => api.key(keyId, s));
  return (
    <span className="signer">
      <CopyText value={keyId} label="signer key id" />
      {key.state === 'loading' && <span className="hint"> roles…</span>}
      {key.state === 'done' && (
        <span className="roles" data-testid="signer-roles">
          {currentRoles(key.value.events).map((r) => (
            <span key={r} className="role">
              {r}
            </span>
          ))}
          {currentRoles(key.value.events).length === 0 && <span className="hint">no role in force now</span>}
        </span>
      )}
      {key.state === 'error' && (
        <span className="hint">
          {key.error instanceof ApiError && key.error.notFound ? 'not in the keyring (a root key?)' : 'roles unavailable'}
        </span>
      )}
    </span>
  );
}

function Manifest({ digest }: { digest: string }) {
  const m = useLoad<ManifestAnswer>(digest, (s) => api.manifest(digest, s));
  if (m.state === 'loading') return <Loading what="the training manifest" />;
  if (m.state === 'error') {
    const e = m.error as ApiError;
    return <p className="hint">Manifest {digest.slice(0, 19)}…: {e.message}</p>;
  }
  if (m.state !== 'done') return null;
  const p = m.value.statement.predicate;
  const ref = (r?: { name: string; digest: { sha256: string } }) =>
    r ? (
      <>
        {r.name} <code className="mono small">sha256:{r.digest.sha256.slice(0, 12)}…</code>
      </>
    ) : (
      '—'
    );
  return (
    <section className="manifest" aria-label="Training manifest" data-testid="manifest">
      <h4>Training manifest</h4>
      <p className={m.value.signature.trusted ? 'ok' : 'warn'}>
        {m.value.signature.trusted
          ? `signed by ${m.value.signature.signer?.slice(0, 12)}…, a PRODUCER key`
          : `signature not trusted: ${m.value.signature.reason}`}
      </p>
      <dl>
        <Row k="digest">
          <CopyText value={m.value.digest} label="manifest digest" />
        </Row>
        <Row k="data snapshots">
          <ul className="plain">
            {(p.datasets ?? []).map((d) => (
              <li key={d.digest.sha256}>{ref(d)}</li>
            ))}
          </ul>
        </Row>
        <Row k="feature schema">{ref(p.featureSchema)}</Row>
        <Row k="commit">
          <code className="mono small">{p.codeCommit ?? '—'}</code>
        </Row>
        <Row k="lock file">{ref(p.lockfile)}</Row>
        <Row k="image">
          <code className="mono small">{p.containerImage ?? '—'}</code>
        </Row>
        <Row k="seeds">
          {Object.entries(p.seeds ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(', ') || '—'}
        </Row>
        <Row k="hardware">
          {Object.entries(p.hardware ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || '—'}
        </Row>
        <Row k="libraries">
          {Object.entries(p.libraries ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || '—'}
        </Row>
        <Row k="privacy">
          {p.privacy ? `${p.privacy.mechanism ?? 'DP'} ε=${p.privacy.epsilon} δ=${p.privacy.delta}` : 'none declared'}
        </Row>
        <Row k="created">{time(p.createdAt)}</Row>
      </dl>
    </section>
  );
}

function Deployment({ id }: { id: string }) {
  const v = useLoad<DeploymentVerdict>(id, (s) => api.deployment(id, s));
  if (v.state === 'loading') return <Loading what="the deployment verdict" />;
  if (v.state === 'error') return <Failure error={v.error} />;
  if (v.state !== 'done') return null;
  const d = v.value;
  const manifest = d.producedBy?.find((p) => p.manifestDigest)?.manifestDigest;
  return (
    <>
      <section className="verdict" aria-label="Deployment verdict" data-testid="verdict">
        <h4>Deployment</h4>
        <p className={d.approved ? 'ok' : 'warn'} data-approved={d.approved}>
          {d.approved ? '✓ approved for deployment' : '✗ not approved'}
          {d.decidedBy && <span className="hint"> by decision {d.decidedBy.slice(0, 19)}…</span>}
        </p>
        {d.reasons.length > 0 && (
          <ul className="reasons">
            {d.reasons.map((r, i) => (
              <li key={i}>
                <code>{r.code}</code> {r.detail}
              </li>
            ))}
          </ul>
        )}
        {(d.approvals ?? []).length > 0 && (
          <>
            <h5>Decisions</h5>
            <ul className="approvals">
              {d.approvals!.map((a) => (
                <li key={a.envelope}>
                  <strong>{a.decision}</strong> by <code className="mono small">{a.signer.slice(0, 12)}…</code> at{' '}
                  {time(a.signedAt)} — {a.valid ? 'counts' : `void: ${a.reasons.map((r) => r.code).join(', ')}`}
                  {a.comment && <div className="hint">{a.comment}</div>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {manifest && <Manifest digest={manifest} />}
    </>
  );
}

/**
 * What the graph knows of one node: kind, name, version, id (copyable), signer and the roles its
 * key holds now, first seen, the stated details; for a run its training manifest; for a model the
 * deployment verdict with its reasons and decisions, and its producing run's manifest.
 */
export function NodePanel({ id, onClose, onOpenGraph, onPathFrom, pathFrom, onPathTo }: Props) {
  const n = useLoad<NodeJson>(id, (s) => api.node(id, s));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="panel" aria-label="Node details" data-testid="node-panel" data-node={id}>
      <div className="panel-head">
        <h3>Node</h3>
        <button type="button" className="icon" onClick={onClose} aria-label="Close the node details">
          ×
        </button>
      </div>
      {n.state === 'loading' && <Loading what="the node" />}
      {n.state === 'error' && <Failure error={n.error} />}
      {n.state === 'done' && (
        <>
          <p className="panel-title">
            <KindBadge kind={n.value.kind} /> <strong>{n.value.name ?? n.value.id}</strong>
            {n.value.version && <span className="hint"> @{n.value.version}</span>}
          </p>
          <div className="actions">
            <button type="button" onClick={() => onOpenGraph(n.value.id)}>
              Graph from here
            </button>
            <button type="button" onClick={() => onPathFrom(n.value.id)}>
              Path from here…
            </button>
            {pathFrom && pathFrom !== n.value.id && (
              <button type="button" onClick={() => onPathTo(n.value.id)}>
                Path to here
              </button>
            )}
          </div>
          <dl>
            <Row k="kind">{n.value.kind}</Row>
            {n.value.name && <Row k="name">{n.value.name}</Row>}
            {n.value.version && <Row k="version">{n.value.version}</Row>}
            <Row k="id">
              <CopyText value={n.value.id} label="node id" />
            </Row>
            <Row k="signer">{n.value.signer ? <Signer keyId={n.value.signer} /> : <span className="hint">none: known only from edges</span>}</Row>
            <Row k="first seen">{time(n.value.firstSeen)}</Row>
            {n.value.mediaType && <Row k="media type">{n.value.mediaType}</Row>}
            {n.value.sizeBytes !== undefined && <Row k="size">{n.value.sizeBytes.toLocaleString('en-US')} bytes</Row>}
            {n.value.recordCount !== undefined && <Row k="records">{n.value.recordCount.toLocaleString('en-US')}</Row>}
            {n.value.processName && (
              <Row k="process">
                {n.value.processName} {n.value.processVersion}
              </Row>
            )}
            {n.value.configDigest && (
              <Row k="config">
                <CopyText value={n.value.configDigest} label="config digest" />
              </Row>
            )}
            {n.value.startedAt && <Row k="ran">{`${time(n.value.startedAt)} → ${time(n.value.endedAt)}`}</Row>}
            {n.value.environment && (
              <Row k="hardware">
                {Object.entries(n.value.environment)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')}
              </Row>
            )}
            {(n.value.equivalentTo ?? []).length > 0 && (
              <Row k="equivalent to">
                {n.value.equivalentTo!.map((e) => String(e.run)).join(', ')}
              </Row>
            )}
          </dl>
          {n.value.manifestDigest && <Manifest digest={n.value.manifestDigest} />}
          {n.value.kind === 'MODEL' && n.value.id.startsWith('sha256:') && <Deployment id={n.value.id} />}
        </>
      )}
    </aside>
  );
}
