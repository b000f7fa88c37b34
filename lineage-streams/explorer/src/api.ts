// The explorer's only way to the server: the public JSON API of the instance that served the page
// (relative URLs, same origin), typed here so no view walks JSON by hand.

export type Direction = 'downstream' | 'upstream';

export interface Receipt {
  visited: number;
  truncated: boolean;
  cutBy: string | null;
  depthReached: number;
  position?: Record<string, number> | string | null;
}

export interface NodeJson {
  id: string;
  kind: string;
  name?: string;
  version?: string;
  depth?: number;
  attributes?: Record<string, string>;
  signer?: string;
  firstSeen?: string;
  registered: boolean;
  mediaType?: string;
  sizeBytes?: number;
  recordCount?: number;
  processName?: string;
  processVersion?: string;
  configDigest?: string;
  manifestDigest?: string;
  startedAt?: string;
  endedAt?: string;
  environment?: Record<string, string>;
  equivalentTo?: Array<Record<string, unknown>>;
}

export interface Edge {
  from: string;
  to: string;
}

export interface Listing {
  start: string;
  direction: Direction;
  nodes: NodeJson[];
  edges: Edge[];
  page: { offset: number; limit: number; total: number; nextOffset?: number };
  receipt: Receipt;
}

export interface Summary {
  start: string;
  direction: Direction;
  counts: Record<string, number>;
  receipt: Receipt;
}

export interface PathStep {
  id: string;
  kind?: string;
  name?: string;
}

export interface PathsAnswer {
  from: string;
  to: string;
  paths: PathStep[][];
  receipt: Receipt;
}

export interface SearchHit {
  id: string;
  kind: string;
  name?: string;
  version?: string;
  versions?: number;
  match: string;
  registered: boolean;
}

export interface SearchAnswer {
  query: string;
  hits: SearchHit[];
  partial: boolean;
}

export interface KeyEvent {
  kind: 'GRANT' | 'REVOKE' | string;
  appendedAt: string;
  signedAt: string;
  roles?: string[];
  validFrom?: string;
  validUntil?: string;
  revokedFrom?: string;
  envelope: string;
}

export interface KeyAnswer {
  keyId: string;
  events: KeyEvent[];
}

export interface GateReason {
  code: string;
  detail?: string;
}

export interface Approval {
  envelope: string;
  decision: string;
  manifestDigest: string;
  signer: string;
  signedAt: string;
  comment?: string;
  valid: boolean;
  reasons: GateReason[];
}

export interface DeploymentVerdict {
  approved: boolean;
  model: string;
  decidedBy?: string;
  producedBy?: Array<{ run: string; signer: string; manifestDigest?: string }>;
  approvals?: Approval[];
  reasons: GateReason[];
}

export interface ManifestAnswer {
  digest: string;
  signatures: string[];
  signature: { trusted: boolean; signer?: string; reason?: string; detail?: string };
  statement: {
    subject: Array<{ name: string; digest: { sha256: string } }>;
    predicateType: string;
    predicate: {
      datasets?: Array<{ name: string; digest: { sha256: string } }>;
      featureSchema?: { name: string; digest: { sha256: string } };
      codeCommit?: string;
      lockfile?: { name: string; digest: { sha256: string } };
      containerImage?: string;
      seeds?: Record<string, number>;
      libraries?: Record<string, string>;
      hardware?: Record<string, string | number>;
      privacy?: { mechanism?: string; epsilon: number; delta: number };
      createdAt?: string;
    };
  };
}

export interface RequestStatus {
  requestId: string;
  cause: string;
  status: 'PENDING' | 'COMPLETE' | 'TRUNCATED' | string;
  countsByKind: Record<string, number>;
  models: string[];
  predictions: string[];
  triggers: number;
  receipt: (Receipt & { position?: string; pathsCut?: boolean }) | null;
  decisions?: Record<string, { action: string; rule: string }>;
  detail?: string;
  attempts?: number;
}

export interface LoggedRequest {
  requestId: string;
  cause: 'DELETION' | 'BUG' | string;
  subject?: string;
  recordCount?: number;
  recordSetDigest?: string;
  deadline?: string;
  process?: string;
  minVersion?: string;
  maxVersion?: string;
  windowStart?: string;
  windowEnd?: string;
  appendedAt: string;
  signer: string;
  envelope: string;
  topic: string;
  partition: number;
  offset: number;
}

export interface RequestLog {
  requests: LoggedRequest[];
  refused: number;
  complete: boolean;
}

export interface Trigger {
  triggerId: string;
  requestId: string;
  cause: string;
  modelId: string;
  modelName?: string;
  trainingRunId?: string;
  paths: Array<Array<{ id: string; name?: string }>>;
  action: string;
  rule: string;
  affectedFraction?: number;
  recordCount?: number;
  deadline?: string;
  signedAt: string;
  appendedAt: string;
  signer: string;
}

export interface TriggersAnswer {
  request: string;
  triggers: Trigger[];
  repeats: number;
  refused: number;
  complete: boolean;
  scanned: { perPartition: number; partitions: number };
}

export interface RejectedRecord {
  partition: number;
  offset: number;
  timestamp: string;
  reason: string | null;
  detail: string | null;
  sourceTopic: string | null;
  sourcePartition: number | null;
  sourceOffset: number | null;
  key?: string;
  keyDigest?: string;
  valueDigest?: string;
  valueBytes?: number;
  payloadType?: string;
  signedBy?: string[];
}

export interface RejectedAnswer {
  topic: string;
  limit: number;
  complete: boolean;
  records: RejectedRecord[];
}

/** A failed call: the server's status, reason and message when it sent them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

const RETRIES_ON_503 = 4;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/**
 * GET a JSON answer. A 503 (the group is rebalancing, or a store is moving) is asked again after
 * its Retry-After, a few times; every other failure becomes an ApiError with the server's message.
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(0, 'unreachable', 'the server did not answer (is lineage-streams running?)');
    }
    if (response.status === 503 && attempt < RETRIES_ON_503) {
      const after = Number(response.headers.get('Retry-After') ?? '1');
      await sleep(Math.min(Math.max(after, 0.2), 5) * 1000, signal);
      continue;
    }
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const b = (body ?? {}) as { reason?: string; message?: string };
      throw new ApiError(
        response.status,
        b.reason ?? 'error',
        b.message ?? `the server answered ${response.status}`,
      );
    }
    return body as T;
  }
}

const enc = encodeURIComponent;

/** Ids go into paths as they are, each segment encoded: ids may hold '/' (the server's {id*}). */
function idPath(id: string): string {
  return id.split('/').map(enc).join('/');
}

function query(params: Record<string, string | number | boolean | undefined | string[]>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x) => parts.push(`${enc(k)}=${enc(x)}`));
    else parts.push(`${enc(k)}=${enc(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export const api = {
  node: (id: string, signal?: AbortSignal) => getJson<NodeJson>(`v1/nodes/${idPath(id)}`, signal),

  summary: (id: string, direction: Direction, signal?: AbortSignal) =>
    getJson<Summary>(`v1/lineage/${idPath(id)}${query({ direction, summary: true })}`, signal),

  listing: (
    id: string,
    direction: Direction,
    opts: { depth?: number; limit?: number; offset?: number },
    signal?: AbortSignal,
  ) =>
    getJson<Listing>(
      `v1/lineage/${idPath(id)}${query({ direction, depth: opts.depth, limit: opts.limit, offset: opts.offset })}`,
      signal,
    ),

  paths: (from: string, to: string, maxPaths: number, signal?: AbortSignal) =>
    getJson<PathsAnswer>(`v1/paths${query({ from, to, maxPaths })}`, signal),

  search: (q: string, signal?: AbortSignal) =>
    getJson<SearchAnswer>(`v1/search${query({ q, limit: 12 })}`, signal),

  key: (keyId: string, signal?: AbortSignal) => getJson<KeyAnswer>(`v1/keys/${enc(keyId)}`, signal),

  deployment: (id: string, signal?: AbortSignal) =>
    getJson<DeploymentVerdict>(`v1/deployments/${idPath(id)}`, signal),

  manifest: (digest: string, signal?: AbortSignal) =>
    getJson<ManifestAnswer>(`v1/manifests/${enc(digest)}`, signal),

  request: (id: string, signal?: AbortSignal) =>
    getJson<RequestStatus>(`v1/requests/${idPath(id)}`, signal),

  requestLog: (opts: { limit?: number; id?: string }, signal?: AbortSignal) =>
    getJson<RequestLog>(`v1/request-log${query({ limit: opts.limit, id: opts.id })}`, signal),

  triggers: (request: string, models: string[], signal?: AbortSignal) =>
    getJson<TriggersAnswer>(`v1/triggers${query({ request, model: models })}`, signal),

  rejected: (limit: number, signal?: AbortSignal) =>
    getJson<RejectedAnswer>(`v1/rejected${query({ limit })}`, signal),
};

/** The roles a key holds now by its keyring events: grants in force, minus revocations. */
export function currentRoles(events: KeyEvent[], now: number = Date.now()): string[] {
  const revoked = events.some(
    (e) => e.kind.startsWith('REVOKE') && Date.parse(e.revokedFrom ?? e.appendedAt) <= now,
  );
  if (revoked) return [];
  const roles = new Set<string>();
  for (const e of events) {
    if (!e.kind.startsWith('GRANT')) continue;
    const from = Date.parse(e.validFrom ?? e.appendedAt);
    const until = e.validUntil ? Date.parse(e.validUntil) : Infinity;
    if (from <= now && now < until) (e.roles ?? []).forEach((r) => roles.add(r));
  }
  return [...roles].sort();
}
