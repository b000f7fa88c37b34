import { describe, expect, it } from 'vitest';
import { formatState, graphOf, parseState, type AppState } from './urlState';

describe('the address holds the state', () => {
  it('opens a node graph from ?node= in any id form', () => {
    expect(parseState('?node=name:model_m92')).toMatchObject({ view: 'graph', node: 'name:model_m92', dir: 'both' });
    expect(parseState('?node=sha256%3Aabc')).toMatchObject({ view: 'graph', node: 'sha256:abc' });
    expect(parseState('?node=oci:ghcr.io/x/y@sha256:00')).toMatchObject({ node: 'oci:ghcr.io/x/y@sha256:00' });
  });

  it('opens path mode from ?from=&to= and a request from ?request=', () => {
    expect(parseState('?from=source:transactions_q1&to=name:model_m92')).toEqual({
      view: 'path',
      from: 'source:transactions_q1',
      to: 'name:model_m92',
      sel: null,
    });
    expect(parseState('?request=gdpr-demo-1')).toEqual({ view: 'request', request: 'gdpr-demo-1', sel: null });
  });

  it('falls back to defaults for what it does not understand', () => {
    expect(parseState('')).toEqual({ view: 'home' });
    expect(parseState('?view=nonsense')).toEqual({ view: 'home' });
    expect(parseState('?node=x&dir=sideways&depth=-3&fan=abc&hide=<script>')).toMatchObject({
      dir: 'both',
      depth: null,
      fan: null,
      hide: [],
    });
    expect(parseState('?from=a')).toEqual({ view: 'home' });
  });

  it('formats every state so that it parses back the same', () => {
    const states: AppState[] = [
      { view: 'home' },
      graphOf('name:model_m92'),
      { ...graphOf('sha256:ab', 'upstream'), depth: 6, fan: 15, hide: ['RUN', 'DATASET'], open: ['run:a,b', 'sha256:cd'], sel: 'run:x' },
      { view: 'path', from: 'source:t', to: 'name:m@2', sel: 'run:r' },
      { view: 'request', request: 'gdpr/1 2', sel: null },
      { view: 'requests' },
      { view: 'rejected', limit: 100 },
    ];
    for (const s of states) {
      const back = parseState(formatState(s));
      if (back.view === 'graph') back.hide.sort();
      const want = s.view === 'graph' ? { ...s, hide: [...s.hide].sort() } : s;
      expect(back).toEqual(want);
    }
  });

  it('keeps ids readable in the address', () => {
    expect(formatState(graphOf('name:model_m92'))).toBe('?node=name:model_m92');
    expect(formatState({ view: 'path', from: 'source:a', to: 'name:m@1', sel: null })).toBe('?from=source:a&to=name:m@1');
  });
});
