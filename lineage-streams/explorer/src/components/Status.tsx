import type { ReactNode } from 'react';
import { ApiError } from '../api';

/** The loading state of a view or panel: announced to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="status loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** An error as the server said it, with a way to try again. */
export function Failure({ error, retry }: { error: unknown; retry?: () => void }) {
  const e = error as Error;
  const status = error instanceof ApiError && error.status ? ` (${error.status} ${error.reason})` : '';
  return (
    <div className="status error" role="alert">
      <strong>Could not load this{status}.</strong> {e?.message ?? String(error)}
      {retry && (
        <button type="button" className="link" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="status empty">{children}</p>;
}
