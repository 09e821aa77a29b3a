import { z } from 'zod';
import { GRANTABLE, ROLES } from '#domain/access/permissions.ts';
import { text } from '#domain/entities/common.ts';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{2,49}$/,
    'Tên đăng nhập gồm 3–50 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.',
  );

export const grantsSchema = z.array(z.enum(GRANTABLE as [string, ...string[]])).max(GRANTABLE.length);

export const accountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  unit: z.object({ key: z.string(), name: z.string() }),
  grants: z.array(z.string()),
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  failedLogins: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const createAccountSchema = z.object({
  username: usernameSchema,
  displayName: text(100).check(z.minLength(1)),
  role: z.enum(ROLES),
  /** The unit the account is bound to; by default the administrator's own. */
  unitKey: z.string().max(20).optional(),
  grants: grantsSchema.default([]),
});

export const updateAccountSchema = z.object({
  displayName: text(100).check(z.minLength(1)).optional(),
  role: z.enum(ROLES).optional(),
  grants: grantsSchema.optional(),
});

export const listAccountsQuery = z.object({
  q: z.string().max(100).optional().describe('tìm theo tên đăng nhập hoặc họ tên'),
  role: z.enum(ROLES).optional(),
  unitKey: z.string().max(20).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const passwordOnceSchema = z.object({
  account: accountSchema,
  password: z.string().describe('Mật khẩu chỉ hiện một lần; người dùng phải đổi ở lần đăng nhập đầu.'),
});
