// The province serves its schools' transfer calls by relaying them to the national tier, naming
// the school its credential speaks for.
import type { FastifyRequest } from 'fastify';
import { readMeta } from '#db/meta.ts';
import { AppError, issue } from '#domain/errors.ts';
import { requireMachine } from '#server/auth/caller.ts';
import { provinceDb, type TierContext } from '#server/context.ts';
import { upstreamOf } from '#sync/send/upstream.ts';
import { PERSONS_PATH, TRANSFERS_PATH } from '#sync/transfers/protocol.ts';
import { callUpstream } from '#sync/transfers/relay.ts';
import type { TransferDesk } from '#sync/transfers/routes.ts';

export function provinceTransferDesk(context: TierContext): TransferDesk {
  const db = provinceDb(context);
  const national = async () =>
    context.secretKeys
      ? upstreamOf(db, context.secretKeys, `P${await readMeta<string>(db, 'province_code')}`)
      : undefined;
  const schoolOf = (request: FastifyRequest, named?: string) => {
    // The province knows the school from its credential; a school naming one is refused.
    if (named !== undefined)
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          issue(
            'schoolCode',
            'INVALID_FORMAT',
            'Trường không ghi mã trường: CSDL Tỉnh biết trường gửi từ mã kết nối đồng bộ.',
          ),
        ],
      });
    return requireMachine(request.caller).unitKey.slice(1);
  };
  return {
    findPupil: async (request, q, named) =>
      callUpstream(
        await national(),
        'GET',
        `${PERSONS_PATH}?${new URLSearchParams({ q, schoolCode: schoolOf(request, named) })}`,
      ),
    file: async (request, q, note, named) =>
      callUpstream(await national(), 'POST', TRANSFERS_PATH, {
        q,
        note,
        schoolCode: schoolOf(request, named),
      }),
    list: async (request, named) =>
      callUpstream(
        await national(),
        'GET',
        `${TRANSFERS_PATH}?${new URLSearchParams({ schoolCode: schoolOf(request, named) })}`,
      ),
    answer: async (request, id, accept, reason, named) =>
      callUpstream(await national(), 'POST', `${TRANSFERS_PATH}/${id}/answer`, {
        accept,
        reason,
        schoolCode: schoolOf(request, named),
      }),
  };
}
