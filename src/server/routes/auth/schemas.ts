import { z } from 'zod';
import { CATEGORIES, ROLES } from '#domain/access/permissions.ts';

export const meSchema = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    roleLabel: z.string(),
    mustChangePassword: z.boolean(),
  }),
  unit: z.object({ key: z.string(), kind: z.string(), code: z.string(), name: z.string() }),
  permissions: z.array(z.string()).describe(`"<hạng mục>:<thao tác>", hạng mục: ${CATEGORIES.join(', ')}`),
});

export const okSchema = z.object({ ok: z.literal(true) });

export const loginBody = z.object({
  username: z.string().trim().toLowerCase().max(100),
  password: z.string().max(200),
});

export const passwordBody = z.object({
  currentPassword: z.string().max(200),
  newPassword: z.string().max(200),
});
