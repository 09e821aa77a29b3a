// Batches of the sync protocol as a sending tier builds them, and a sender speaking to a
// receiving tier's app with its sync credential.

import { recordHash } from '#domain/record-hash.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import type { ZodApp } from '#server/zod-app.ts';

/** A school's own record as it travels (primary school, Nghệ An unless told otherwise). */
export const schoolPayload = (code: string, communeCode = '16681', provinceCode = '40') => ({
  code,
  name: `Trường Tiểu học ${code}`,
  ownershipCode: '1',
  levelCode: 'TH',
  address: { provinceCode, communeCode },
  attributes: {},
  campuses: [],
});

/** One item of a batch: the record's envelope around its payload, with the payload's hash. */
export const item = (
  payload: object,
  options: { id?: string; version?: number; deleted?: boolean; schoolCode?: string } = {},
) => ({
  id: options.id ?? crypto.randomUUID(),
  version: options.version ?? 1,
  deleted: options.deleted ?? false,
  ...(options.schoolCode ? { schoolCode: options.schoolCode } : {}),
  payload: payload as Record<string, unknown>,
  hash: recordHash(payload),
});

export type Item = ReturnType<typeof item>;

/** POSTs a batch with the credential's HTTP Basic authorization; the key is the batch id. */
export function sendBatch(
  app: ZodApp,
  credential: { clientId: string; secret: string },
  batch: { batchId: string; kind: RecordKind; items: Item[] },
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/sync/v1/batches',
    headers: {
      authorization: basicAuthorization(credential.clientId, credential.secret),
      'idempotency-key': batch.batchId,
      'content-type': 'application/json',
      ...headers,
    },
    payload: JSON.stringify(batch),
  });
}
