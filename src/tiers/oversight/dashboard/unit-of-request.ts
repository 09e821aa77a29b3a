import type { FastifyRequest } from 'fastify';
import { AppError } from '#domain/errors.ts';
import { assertAccessible } from '#server/access/scope.ts';
import type { TierContext } from '#server/context.ts';
import { userRequest } from '#server/services.ts';
import { findUnit, type Unit } from '#server/units/units.ts';

/**
 * The unit an oversight screen asks about (the caller's own by default), once it is known to lie
 * in the caller's subtree; another unit is answered 404, like a missing one.
 */
export async function unitOfRequest(
  context: TierContext,
  request: FastifyRequest,
  unitKey?: string,
): Promise<Unit> {
  const { caller } = userRequest(context, request);
  const key = unitKey ?? caller.unitKey;
  await assertAccessible(context.db, context.tier, caller, 'unit', [key]);
  const unit = await findUnit(context, key);
  if (!unit) throw new AppError('NOT_FOUND');
  return unit;
}
