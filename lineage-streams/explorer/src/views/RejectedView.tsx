import { useEffect, useMemo, useState } from 'react';
import { api, type RejectedAnswer } from '../api';
import { Empty, Failure, Loading } from '../components/Status';

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/**
 * The latest records on the rejected topic with the reason and detail the app gave, where each
 * came from, and what can be said of it without its content: the value's digest and size, the
 * event type and signing keys of an envelope. What an operator checks first when a pipeline's
 * events do not appear.
 */
export function RejectedView({ limit }: { limit: number }) {
  const [answer, setAnswer] = useState<RejectedAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    api
      .rejected(limit, ctl.signal)
      .then(setAnswer)
      .catch((e: Error) => e.name !== 'AbortError' && setError(e));
    return () => ctl.abort();
  }, [limit, attempt]);

  const reasons = useMemo(
    () => [...new Set((answer?.records ?? []).map((r) => r.reason ?? '(none)'))].sort(),
    [answer],
  );
  const shown = (answer?.records ?? []).filter((r) => !reason || (r.reason ?? '(none)') === reason);

  return (
    <section className="view rejected-view" aria-label="Rejected events" data-state={answer || error ? 'ready' : 'loading'}>
      <h2>Rejected events</h2>
      <div className="toolbar">
        <label>
          Reason{' '}
          <select value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">all</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setAttempt((a) => a + 1)}>
          Refresh
        </button>
        {answer && (
          <span className="hint">
            latest {answer.limit} of <code>{answer.topic}</code>
            {!answer.complete && ' (not every partition answered in time)'}; values are shown as digests only
          </span>
        )}
      </div>
      {error !== null && <Failure error={error} retry={() => setAttempt((a) => a + 1)} />}
      {!answer && error === null && <Loading what="the rejected topic" />}
      {answer && shown.length === 0 && <Empty>Nothing was rejected{reason && ` for ${reason}`}.</Empty>}
      {answer && shown.length > 0 && (
        <table className="table" data-testid="rejected">
          <thead>
            <tr>
              <th scope="col">time</th>
              <th scope="col">reason</th>
              <th scope="col">detail</th>
              <th scope="col">from</th>
              <th scope="col">key</th>
              <th scope="col">event</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.partition}/${r.offset}`}>
                <td>{time(r.timestamp)}</td>
                <td>
                  <code className="reason">{r.reason ?? '—'}</code>
                </td>
                <td>{r.detail}</td>
                <td className="mono small">
                  {r.sourceTopic}
                  {r.sourcePartition !== null && `/${r.sourcePartition}@${r.sourceOffset}`}
                </td>
                <td className="mono small" title={r.keyDigest}>
                  {r.key ?? (r.keyDigest ? `${r.keyDigest.slice(0, 19)}…` : '—')}
                </td>
                <td className="small">
                  {r.payloadType && <div>{r.payloadType.replace('application/vnd.lineage.', '').replace('+avro', '')}</div>}
                  {(r.signedBy ?? []).length > 0 && <div className="mono">key {r.signedBy![0].slice(0, 12)}…</div>}
                  {r.valueDigest && (
                    <div className="mono hint" title={r.valueDigest}>
                      {r.valueDigest.slice(0, 19)}… ({r.valueBytes} B)
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
