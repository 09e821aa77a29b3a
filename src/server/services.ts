import type { FastifyRequest } from 'fastify';
import { requireUser, type UserCaller } from './auth/caller.ts';
import type { TierContext } from './context.ts';

/** What a service needs from a request made by a signed-in person. */
export interface UserRequest {
  context: TierContext;
  caller: UserCaller;
  request: FastifyRequest;
}

export function userRequest(context: TierContext, request: FastifyRequest): UserRequest {
  return { context, caller: requireUser(request.caller), request };
}
