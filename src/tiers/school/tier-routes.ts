import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { registerClassRoutes } from './classes/routes.ts';
import { registerExcelRoutes } from './excel/routes.ts';
import { registerSchoolPeriodRoutes } from './periods/routes.ts';
import { registerResultExcelRoutes } from './results/excel.ts';
import { registerResultRoutes } from './results/routes.ts';
import { registerRolloverRoutes } from './rollover/routes.ts';
import { registerSchoolInfoRoutes } from './school-info/routes.ts';
import { registerStaffRoutes } from './staff/routes.ts';
import { registerStudentRoutes } from './students/routes.ts';
import { registerSchoolDigestRoutes } from './sync/digest-routes.ts';
import { registerSyncRoutes } from './sync/routes.ts';
import { registerTransferRoutes } from './transfers/routes.ts';

/** The routes of a school tier: its own records (Bước 2 of the school guide), results, sync and transfers. */
export function registerSchoolRoutes(app: ZodApp, context: TierContext): void {
  registerSchoolInfoRoutes(app, context);
  registerClassRoutes(app, context);
  registerStaffRoutes(app, context);
  registerStudentRoutes(app, context);
  registerExcelRoutes(app, context);
  registerResultRoutes(app, context);
  registerResultExcelRoutes(app, context);
  registerSyncRoutes(app, context);
  registerTransferRoutes(app, context);
  registerSchoolDigestRoutes(app, context);
  registerRolloverRoutes(app, context);
  registerSchoolPeriodRoutes(app, context);
}
