// The routes of the CSDL Quốc gia: it receives the provinces' batches and decides them, keeps
// transfer requests, issues the provinces' sync credentials, and its officers watch the country.
import type { TierContext } from '#server/context.ts';
import { registerCredentialRoutes } from '#server/routes/credentials/routes.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { registerDigestRoutes } from '#sync/digest-routes.ts';
import { registerReceiveRoutes } from '#sync/receive/routes.ts';
import { registerTransferRoutes } from '#sync/transfers/routes.ts';
import { registerOversightRoutes } from '../oversight/routes.ts';
import { nationalReceiver } from './receiver.ts';
import { nationalTransferDesk } from './transfer-desk.ts';

export function registerNationalRoutes(app: ZodApp, context: TierContext): void {
  registerCredentialRoutes(app, context);
  registerReceiveRoutes(app, context, nationalReceiver());
  registerDigestRoutes(app, context);
  registerTransferRoutes(app, context, nationalTransferDesk(context));
  registerOversightRoutes(app, context);
}
