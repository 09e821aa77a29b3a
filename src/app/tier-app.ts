// A tier's app, composed: the HTTP plumbing and shared routes of src/server, then the routes of
// the tier it is. Several may run in one process, each on its own port; they reach each other
// only over HTTP.
import type { TierName } from '#domain/tiers.ts';
import { buildHttpApp, type TierAppOptions } from '#server/app.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { registerNationalRoutes } from '#tiers/national/tier-routes.ts';
import { registerProvinceRoutes } from '#tiers/province/tier-routes.ts';
import { registerSchoolRoutes } from '#tiers/school/tier-routes.ts';

const TIER_ROUTES: Record<TierName, (app: ZodApp, context: TierContext) => void> = {
  school: registerSchoolRoutes,
  province: registerProvinceRoutes,
  national: registerNationalRoutes,
};

export function buildTierApp(options: TierAppOptions): Promise<ZodApp> {
  return buildHttpApp(options, (app) => TIER_ROUTES[options.tier](app, options));
}
