import { useEffect, useState } from 'react';
import { api, type NodeJson } from '../api';

/** At most this many nodes are asked for one drawing of paths; the rest keep what the paths say. */
const MAX = 60;

/**
 * The details of the nodes on some paths (kind, name, a run's process and version), for drawing
 * them: paths name their steps, the node answers say what each is. Nodes that fail to load are
 * drawn from the paths alone.
 */
export function useNodes(ids: string[]): ReadonlyMap<string, NodeJson> {
  const key = [...new Set(ids)].slice(0, MAX).join('\n');
  const [nodes, setNodes] = useState<ReadonlyMap<string, NodeJson>>(new Map());
  useEffect(() => {
    if (!key) {
      setNodes(new Map());
      return;
    }
    const ctl = new AbortController();
    Promise.all(key.split('\n').map((id) => api.node(id, ctl.signal).catch(() => null))).then((found) => {
      if (!ctl.signal.aborted) {
        setNodes(new Map(found.filter((n): n is NodeJson => n !== null).map((n) => [n.id, n])));
      }
    });
    return () => ctl.abort();
  }, [key]);
  return nodes;
}
