// A sync credential as the province and national tiers list it (Mã kết nối đồng bộ): the schema
// the server checks its answers against, and the type the web app reads them with.
import { z } from 'zod';

export const credentialSchema = z.object({
  id: z.uuid(),
  clientId: z.string(),
  unit: z.object({ key: z.string(), name: z.string() }),
  status: z.enum(['active', 'expiring', 'expired', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export type Credential = z.infer<typeof credentialSchema>;
