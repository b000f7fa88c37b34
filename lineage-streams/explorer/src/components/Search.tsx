import { useEffect, useId, useRef, useState } from 'react';
import { api, type SearchHit } from '../api';
import { KindBadge } from './KindBadge';

interface Props {
  /** called with the chosen node id (or, on Enter without a hit, the text as typed) */
  onPick: (id: string, hit?: SearchHit) => void;
  label: string;
  placeholder?: string;
  initial?: string;
  autoFocus?: boolean;
  /** an id for the input, so a shortcut or a label can reach it */
  inputId?: string;
}

/**
 * Search by name, name@version, node id or digest prefix (GET /v1/search), as an ARIA combobox:
 * type, move with the arrow keys, Enter picks, Escape closes.
 */
export function Search({ onPick, label, placeholder, initial, autoFocus, inputId }: Props) {
  const [text, setText] = useState(initial ?? '');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<'idle' | 'loading' | 'error' | 'done'>('idle');
  const [error, setError] = useState('');
  const listId = useId();
  const generated = useId();
  const id = inputId ?? generated;
  const seq = useRef(0);

  useEffect(() => setText(initial ?? ''), [initial]);

  useEffect(() => {
    const q = text.trim();
    if (!open || q.length === 0) {
      setHits([]);
      setState('idle');
      return;
    }
    const mine = ++seq.current;
    const ctl = new AbortController();
    setState('loading');
    const t = setTimeout(() => {
      api
        .search(q, ctl.signal)
        .then((a) => {
          if (mine !== seq.current) return;
          setHits(a.hits);
          setActive(a.hits.length ? 0 : -1);
          setState('done');
        })
        .catch((e: Error) => {
          if (e.name === 'AbortError' || mine !== seq.current) return;
          setError(e.message);
          setState('error');
        });
    }, 120);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [text, open]);

  const pick = (hit?: SearchHit) => {
    const q = text.trim();
    if (!hit && !q) return;
    setOpen(false);
    onPick(hit ? hit.id : q, hit);
  };

  const onKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(active >= 0 ? hits[active] : undefined);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const expanded = open && text.trim().length > 0;
  return (
    <div className="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder ?? 'Search: name, name@version, id or digest prefix'}
        value={text}
        autoFocus={autoFocus}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKey}
      />
      {expanded && (
        <ul id={listId} role="listbox" className="hits" aria-label={`${label}: results`}>
          {state === 'loading' && hits.length === 0 && <li className="hint">Searching…</li>}
          {state === 'error' && <li className="hint error">{error}</li>}
          {state === 'done' && hits.length === 0 && (
            <li className="hint">Nothing found. Enter opens the text as an id.</li>
          )}
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'hit active' : 'hit'}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <KindBadge kind={h.kind} />
              <span className="hit-name">{h.name ?? h.id}</span>
              {h.version && <span className="hit-version">@{h.version}</span>}
              {h.versions && <span className="hint">{h.versions} versions</span>}
              {h.name && <span className="hit-id mono">{h.id}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
