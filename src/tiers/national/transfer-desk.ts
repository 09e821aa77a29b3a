// The national tier serves transfer calls itself, for the school a province names (one of that
// province's own): the registry of transfer requests is kept here.
import type { FastifyRequest } from 'fastify';
import { requireMachine } from '#server/auth/caller.ts';
import { nationalDb, type TierContext } from '#server/context.ts';
import type { TransferDesk } from '#sync/transfers/routes.ts';
import {
  answerTransfer,
  fileTransfer,
  findPupil,
  schoolOfProvince,
  transfersOf,
} from './transfer-registry.ts';

export function nationalTransferDesk(context: TierContext): TransferDesk {
  const db = nationalDb(context);
  const school = (request: FastifyRequest, code?: string) =>
    schoolOfProvince(db, requireMachine(request.caller).unitKey.slice(1), code);
  return {
    findPupil: async (request, q, code) => {
      await school(request, code);
      return findPupil(db, q);
    },
    file: async (request, q, note, code) => fileTransfer(db, await school(request, code), q, note),
    list: async (request, code) => transfersOf(db, await school(request, code)),
    answer: async (request, id, accept, reason, code) =>
      answerTransfer(db, await school(request, code), id, accept, reason),
  };
}
