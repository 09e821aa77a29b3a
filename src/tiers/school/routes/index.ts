import type { ZodApp } from '../../../server/app.ts';
import type { TierContext } from '../../../server/context.ts';
import { registerExcelRoutes } from '../excel/routes.ts';
import { registerResultExcelRoutes } from '../results/excel.ts';
import { registerResultRoutes } from '../results/routes.ts';
import { registerSyncRoutes } from '../sync/routes.ts';
import { registerTransferRoutes } from '../transfers/routes.ts';
import { registerClassRoutes } from './classes.ts';
import { registerSchoolInfoRoutes } from './school-info.ts';
import { registerStaffRoutes } from './staff.ts';
import { registerStudentRoutes } from './students.ts';

/** The school's own records: Bước 2 of the school guide. */
export function registerSchoolRecordRoutes(app: ZodApp, context: TierContext): void {
  registerSchoolInfoRoutes(app, context);
  registerClassRoutes(app, context);
  registerStaffRoutes(app, context);
  registerStudentRoutes(app, context);
  registerExcelRoutes(app, context);
  registerResultRoutes(app, context);
  registerResultExcelRoutes(app, context);
  registerSyncRoutes(app, context);
  registerTransferRoutes(app, context);
}
