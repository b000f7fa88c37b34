import { useEffect, useState } from 'react';
import { api, ApiError, type LoggedRequest, type RequestStatus } from '../api';
import { Empty, Failure, Loading } from '../components/Status';
import type { AppState } from '../urlState';

interface Props {
  navigate: (next: AppState) => void;
  /** how many of the latest to list */
  limit: number;
  /** a compact list (the home page) */
  compact?: boolean;
}

type Row = { event: LoggedRequest; status: RequestStatus | null | 'unknown' };

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/**
 * The latest deletion requests and bug reports (the request log: signed, verified), each with
 * the status the impact service gives it.
 */
export function RequestsView({ navigate, limit, compact }: Props) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    setRows(null);
    setError(null);
    (async () => {
      const log = await api.requestLog({ limit }, ctl.signal);
      const base: Row[] = log.requests.map((event) => ({ event, status: null }));
      setRows(base);
      const statuses = await Promise.all(
        log.requests.map((r) =>
          api.request(r.requestId, ctl.signal).catch((e: Error) => {
            if (e.name === 'AbortError') throw e;
            return e instanceof ApiError && e.notFound ? ('unknown' as const) : null;
          }),
        ),
      );
      setRows(log.requests.map((event, i) => ({ event, status: statuses[i] })));
    })().catch((e: Error) => e.name !== 'AbortError' && setError(e));
    return () => ctl.abort();
  }, [limit, attempt]);

  const body = () => {
    if (error) return <Failure error={error} retry={() => setAttempt((a) => a + 1)} />;
    if (!rows) return <Loading what="the latest requests" />;
    if (rows.length === 0) return <Empty>No deletion request or bug report has been published yet.</Empty>;
    return (
      <table className="table">
        <thead>
          <tr>
            <th scope="col">request</th>
            <th scope="col">kind</th>
            <th scope="col">about</th>
            {!compact && <th scope="col">appended</th>}
            <th scope="col">status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ event, status }) => (
            <tr key={`${event.topic}/${event.partition}/${event.offset}`}>
              <td>
                <a
                  href={`?request=${encodeURIComponent(event.requestId)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ view: 'request', request: event.requestId, sel: null });
                  }}
                  className="mono"
                  data-testid="request-link"
                >
                  {event.requestId}
                </a>
              </td>
              <td>{event.cause === 'BUG' ? 'bug report' : 'deletion'}</td>
              <td className="mono small">
                {event.subject ?? `${event.process} ${event.minVersion ?? '*'}–${event.maxVersion ?? '*'}`}
              </td>
              {!compact && <td>{time(event.appendedAt)}</td>}
              <td>
                {status === null && <span className="hint">…</span>}
                {status === 'unknown' && <span className="hint">not accepted</span>}
                {status && status !== 'unknown' && (
                  <span className={`badge status-${status.status.toLowerCase()}`}>
                    {status.status}
                    {status.status !== 'PENDING' && ` · ${status.triggers} trigger${status.triggers === 1 ? '' : 's'}`}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  };

  return (
    <section className={compact ? 'requests compact' : 'view requests-view'} aria-label="Deletion requests and bug reports">
      {!compact && <h2>Deletion requests and bug reports</h2>}
      {body()}
    </section>
  );
}
