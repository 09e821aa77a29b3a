// The routes of a CSDL Tỉnh: it receives its schools' batches and forwards them, relays transfer
// requests, issues its schools' sync credentials, and its officers watch.
import type { TierContext } from '#server/context.ts';
import { registerCredentialRoutes } from '#server/routes/credentials/routes.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { registerDigestRoutes } from '#sync/digest-routes.ts';
import { registerReceiveRoutes } from '#sync/receive/routes.ts';
import { registerTransferRoutes } from '#sync/transfers/routes.ts';
import { registerOversightRoutes } from '../oversight/routes.ts';
import { registerPeriodRoutes } from './periods/routes.ts';
import { provinceReceiver } from './receiver.ts';
import { registerReportRoutes } from './reports/routes.ts';
import { registerSubmissionRoutes } from './submissions/routes.ts';
import { provinceTransferDesk } from './transfer-desk.ts';

export function registerProvinceRoutes(app: ZodApp, context: TierContext): void {
  registerCredentialRoutes(app, context);
  registerReceiveRoutes(app, context, provinceReceiver(context));
  registerDigestRoutes(app, context);
  registerTransferRoutes(app, context, provinceTransferDesk(context));
  registerOversightRoutes(app, context);
  registerPeriodRoutes(app, context);
  registerSubmissionRoutes(app, context);
  registerReportRoutes(app, context);
}
