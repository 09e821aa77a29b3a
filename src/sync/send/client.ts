// The HTTP side of sending: one batch up, one status down, with the unit's credential.
import { gzipSync } from 'node:zlib';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import type { Batch } from '../protocol.ts';

export interface Upstream {
  url: string;
  clientId: string;
  secret: string;
}

export type SendOutcome =
  /** Taken; `decided` when the upstream decided every item on receipt (the national tier does). */
  | { kind: 'accepted'; decided: boolean }
  /** Worth trying again: network trouble, 5xx, 408 (too slow a link), 409 (still being taken), 429. */
  | { kind: 'retry'; reason: string; status?: number; afterSeconds?: number }
  /** The upstream refused the batch itself (4xx): trying again would not help. */
  | { kind: 'rejected'; status: number; code: string; message: string };

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A batch's request body: its JSON, gzip-compressed. Made once when the batch is written to the
 * outbox; every attempt sends these same bytes. The fastest level: JSON of records still shrinks
 * several times, for a fraction of the CPU of the default level.
 */
export function encodeBatchBody(batch: Batch): Buffer {
  return gzipSync(JSON.stringify(batch), { level: 1 });
}

export async function postBatch(upstream: Upstream, batchId: string, body: Buffer): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(`${upstream.url}/api/sync/v1/batches`, {
      method: 'POST',
      headers: {
        authorization: basicAuthorization(upstream.clientId, upstream.secret),
        'idempotency-key': batchId,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'retry', reason: `không kết nối được ${upstream.url}: ${(error as Error).message}` };
  }
  if (response.status === 202) {
    const answer = (await response.json().catch(() => ({}))) as { status?: string };
    return { kind: 'accepted', decided: answer.status === 'done' };
  }
  const problem = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  // 408: the body was cut for arriving too slowly (a poor link), so the batch itself was fine.
  if (response.status >= 500 || [408, 409, 429].includes(response.status)) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      kind: 'retry',
      reason: `${response.status} ${problem.code ?? ''}`.trim(),
      status: response.status,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { afterSeconds: retryAfter } : {}),
    };
  }
  return {
    kind: 'rejected',
    status: response.status,
    code: problem.code ?? `HTTP_${response.status}`,
    message: problem.message ?? '',
  };
}

export interface UpstreamItem {
  index: number;
  id: string;
  version: number;
  status: 'pending' | 'success' | 'failed';
  decidedBy: 'province' | 'national' | null;
  error: { code: string; field: string; message: string } | null;
  nationalId: string | null;
}

export type StatusOutcome =
  | { kind: 'status'; done: boolean; items: UpstreamItem[] }
  /** No decision beyond the `known` ones the sender said it has. */
  | { kind: 'unchanged' }
  | { kind: 'unknown' }
  | { kind: 'retry'; reason: string };

/**
 * Every item's status; `unknown` when the upstream has no such batch (it never arrived). With
 * `knownDecided` (how many of its items the sender already knows decided), `unchanged` when the
 * upstream has decided no more.
 */
export async function getBatchStatus(
  upstream: Upstream,
  batchId: string,
  knownDecided?: number,
): Promise<StatusOutcome> {
  const items: UpstreamItem[] = [];
  for (let page = 1; ; page++) {
    const query = `page=${page}&pageSize=1000${page === 1 && knownDecided !== undefined ? `&decided=${knownDecided}` : ''}`;
    let response: Response;
    try {
      response = await fetch(`${upstream.url}/api/sync/v1/batches/${batchId}?${query}`, {
        headers: { authorization: basicAuthorization(upstream.clientId, upstream.secret) },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return { kind: 'retry', reason: (error as Error).message };
    }
    if (response.status === 404) return { kind: 'unknown' };
    if (!response.ok) return { kind: 'retry', reason: `HTTP ${response.status}` };
    const body = (await response.json()) as { total: number; items: UpstreamItem[]; unchanged?: boolean };
    if (body.unchanged) return { kind: 'unchanged' };
    items.push(...body.items);
    // Done when no item read is pending: pages are read one after another, and an earlier page
    // may predate a decision that the last page's own status already counts.
    if (items.length >= body.total || body.items.length === 0)
      return { kind: 'status', done: items.every((item) => item.status !== 'pending'), items };
  }
}

/** What the upstream holds of a school's category, with its (id, version) pairs. */
export async function getDigest(
  upstream: Upstream,
  kind: string,
  schoolCode?: string,
): Promise<{ count: number; hash: string; records: { id: string; version: number }[] }> {
  const query = new URLSearchParams({ kind, records: 'true', ...(schoolCode ? { schoolCode } : {}) });
  const response = await fetch(`${upstream.url}/api/sync/v1/digest?${query}`, {
    headers: { authorization: basicAuthorization(upstream.clientId, upstream.secret) },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`${upstream.url} trả lời ${response.status} khi đối chiếu`);
  return (await response.json()) as {
    count: number;
    hash: string;
    records: { id: string; version: number }[];
  };
}
