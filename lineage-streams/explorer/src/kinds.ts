// How each kind of node looks: one colour and a short tag, the same in the graph, the lists and
// the legend. Runs are drawn as pills (processes), everything else as cards (things).

export interface KindStyle {
  tag: string;
  label: string;
  color: string;
}

const STYLES: Record<string, KindStyle> = {
  SOURCE: { tag: 'SRC', label: 'source', color: '#0f766e' },
  DATASET: { tag: 'DATA', label: 'dataset', color: '#1d4ed8' },
  FEATURE_SCHEMA: { tag: 'FEAT', label: 'feature schema', color: '#0369a1' },
  RUN: { tag: 'RUN', label: 'run', color: '#57534e' },
  MODEL: { tag: 'MODEL', label: 'model', color: '#7e22ce' },
  PREDICTIONS: { tag: 'PRED', label: 'predictions', color: '#c2410c' },
  MANIFEST: { tag: 'MANI', label: 'manifest', color: '#a16207' },
  CODE: { tag: 'CODE', label: 'code', color: '#4d7c0f' },
  LOCKFILE: { tag: 'LOCK', label: 'lock file', color: '#65a30d' },
  CONTAINER_IMAGE: { tag: 'IMG', label: 'container image', color: '#0e7490' },
  ARTIFACT: { tag: 'ART', label: 'artifact', color: '#475569' },
  OTHER: { tag: 'OTHER', label: 'other', color: '#475569' },
  MORE: { tag: '…', label: 'more', color: '#94a3b8' },
};

export function kindStyle(kind: string): KindStyle {
  return STYLES[kind] ?? { tag: kind.slice(0, 5), label: kind.toLowerCase(), color: '#475569' };
}

/** The kinds offered as filters, in the order of a pipeline. */
export const FILTER_KINDS = [
  'SOURCE',
  'DATASET',
  'FEATURE_SCHEMA',
  'RUN',
  'MODEL',
  'PREDICTIONS',
  'MANIFEST',
  'CODE',
  'CONTAINER_IMAGE',
];
