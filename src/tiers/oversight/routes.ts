// What the officers of a province or of the country watch: the sync dashboard, a school's
// drill-down, the statistics and the look-up of one person.

import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { registerDashboardRoutes } from './dashboard/routes.ts';
import { registerSchoolDrillDownRoutes } from './drill-down/routes.ts';
import { registerLookupRoutes } from './lookup/routes.ts';
import { registerStatisticsRoutes } from './statistics/routes.ts';

export function registerOversightRoutes(app: ZodApp, context: TierContext): void {
  registerDashboardRoutes(app, context);
  registerSchoolDrillDownRoutes(app, context);
  registerStatisticsRoutes(app, context);
  registerLookupRoutes(app, context);
}
