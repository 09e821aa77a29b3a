// Accounts: the IT officer manages the school's staff accounts and their grants; the province
// admin the officers of the province and its communes; the national admin the ministry's.

import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import { containsPattern, foldedNameContains } from '#db/like.ts';
import type { UserTable } from '#db/schema.ts';
import {
  GRANTABLE,
  type Permission,
  permissionsOf,
  ROLE_LABELS,
  ROLE_PLACE,
  type Role,
  rolesAnAdminMayCreate,
} from '#domain/access/permissions.ts';
import { AppError, issue } from '#domain/errors.ts';
import { assertAccessible, unitInScope } from '../../access/scope.ts';
import { writeAudit } from '../../audit.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { randomReadablePassword } from '../../auth/secrets.ts';
import { endSessionsOfUser } from '../../auth/sessions.ts';
import { clearFailures, failuresOf } from '../../auth/throttle.ts';
import { accessDb, type TierContext } from '../../context.ts';
import type { UserRequest } from '../../services.ts';
import { findUnits } from '../../units/units.ts';
import type { Account, createAccountSchema, listAccountsQuery, updateAccountSchema } from './schemas.ts';

type UserRow = Selectable<UserTable>;

type Services = UserRequest;

const db = accessDb;

async function toAccounts(context: TierContext, rows: UserRow[]): Promise<Account[]> {
  const units = new Map(
    (await findUnits(context, [...new Set(rows.map((r) => r.unit_key))])).map((u) => [u.key, u]),
  );
  const failures = await failuresOf(
    context.db,
    rows.map((r) => r.username),
  );
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    roleLabel: ROLE_LABELS[row.role as Role],
    unit: { key: row.unit_key, name: units.get(row.unit_key)?.name ?? row.unit_key },
    grants: row.grants,
    permissions: permissionsOf(row.role as Role, row.grants),
    mustChangePassword: row.must_change_password,
    disabled: row.disabled_at !== null,
    failedLogins: failures.get(row.username) ?? 0,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }));
}

export async function listAccounts({ context, caller }: Services, query: z.infer<typeof listAccountsQuery>) {
  let select = db(context)
    .selectFrom('users')
    .where(unitInScope(context.tier, caller, 'unit_key'));
  if (query.q) {
    const typed = query.q;
    select = select.where((eb) =>
      eb.or([
        eb('username', 'ilike', containsPattern(typed)),
        foldedNameContains(sql.ref('name_search'), typed),
      ]),
    );
  }
  if (query.role) select = select.where('role', '=', query.role);
  if (query.unitKey) select = select.where('unit_key', '=', query.unitKey);
  if (query.status) select = select.where('disabled_at', query.status === 'disabled' ? 'is not' : 'is', null);
  const [rows, total] = await Promise.all([
    select
      .selectAll()
      .orderBy('username')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    select.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: await toAccounts(context, rows),
    total: total.n,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getAccount({ context, caller }: Services, id: string): Promise<Account> {
  await assertAccessible(context.db, context.tier, caller, 'user', [id]);
  const row = await db(context)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return (await toAccounts(context, [row]))[0]!;
}

/** The role must be one the administrator may give, at this tier, on a unit of the right kind in scope. */
async function checkPlacement(
  services: Services,
  role: Role,
  unitKey: string,
  grants: string[],
): Promise<void> {
  const { context, caller } = services;
  if (!rolesAnAdminMayCreate(caller.role).includes(role) || ROLE_PLACE[role].tier !== context.tier) {
    throw new AppError('VALIDATION_FAILED', { issues: [issue('role', 'ROLE_NOT_ALLOWED')] });
  }
  const [unit] = await findUnits(context, [unitKey]);
  const inScope =
    unit && (context.tier === 'school' ? unitKey === caller.unitKey : unit.path.startsWith(caller.unitPath));
  if (!inScope || unit.kind !== ROLE_PLACE[role].unitKind) {
    throw new AppError('VALIDATION_FAILED', { issues: [issue('unitKey', 'UNIT_NOT_ALLOWED')] });
  }
  if (role !== 'school_staff' && grants.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        issue(
          'grants',
          'GRANT_UNKNOWN',
          'Chỉ tài khoản giáo viên / nhân viên được cấp quyền riêng; các vai trò khác có quyền cố định.',
        ),
      ],
    });
  }
  if (grants.some((grant) => !GRANTABLE.includes(grant as Permission))) {
    throw new AppError('VALIDATION_FAILED', { issues: [issue('grants', 'GRANT_UNKNOWN')] });
  }
}

export async function createAccount(services: Services, input: z.infer<typeof createAccountSchema>) {
  const { context, caller, request } = services;
  const unitKey = input.unitKey ?? caller.unitKey;
  await checkPlacement(services, input.role, unitKey, input.grants);
  const password = randomReadablePassword();
  const row = await db(context)
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      unit_key: unitKey,
      grants: [...new Set(input.grants)].sort(),
      password_hash: await hashPassword(password),
      must_change_password: true,
      created_by: caller.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: { code?: string }) => {
      throw error.code === '23505'
        ? new AppError('USERNAME_TAKEN', { issues: [issue('username', 'USERNAME_TAKEN')] })
        : error;
    });
  await writeAudit(context.db, request, {
    action: 'account.created',
    unitKey,
    targetKind: 'user',
    targetId: row.id,
    details: { username: row.username, role: row.role, grants: row.grants },
  });
  return { account: (await toAccounts(context, [row]))[0]!, password };
}

export async function updateAccount(
  services: Services,
  id: string,
  input: z.infer<typeof updateAccountSchema>,
) {
  const { context, caller, request } = services;
  await assertAccessible(context.db, context.tier, caller, 'user', [id]);
  const before = await db(context)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const role = input.role ?? (before.role as Role);
  const grants = input.grants
    ? [...new Set(input.grants)].sort()
    : role === 'school_staff'
      ? before.grants
      : [];
  if (id === caller.id && role !== before.role) throw new AppError('CANNOT_CHANGE_OWN_ACCOUNT');
  await checkPlacement(services, role, before.unit_key, grants);
  const after = await db(context)
    .updateTable('users')
    .set({ display_name: input.displayName ?? before.display_name, role, grants, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(context.db, request, {
    action: 'account.updated',
    unitKey: before.unit_key,
    targetKind: 'user',
    targetId: id,
    details: {
      username: before.username,
      before: { displayName: before.display_name, role: before.role, grants: before.grants },
      after: { displayName: after.display_name, role: after.role, grants: after.grants },
    },
  });
  return (await toAccounts(context, [after]))[0]!;
}

export async function setAccountDisabled(services: Services, id: string, disabled: boolean) {
  const { context, caller, request } = services;
  await assertAccessible(context.db, context.tier, caller, 'user', [id]);
  if (id === caller.id) throw new AppError('CANNOT_CHANGE_OWN_ACCOUNT');
  const row = await db(context)
    .updateTable('users')
    .set({
      disabled_at: disabled ? sql`coalesce(disabled_at, now())` : null,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await clearFailures(context.db, row.username);
  // A disabled account loses its sessions at once.
  if (disabled) await endSessionsOfUser(context.db, id);
  await writeAudit(context.db, request, {
    action: disabled ? 'account.disabled' : 'account.enabled',
    unitKey: row.unit_key,
    targetKind: 'user',
    targetId: id,
    details: { username: row.username },
  });
  return (await toAccounts(context, [row]))[0]!;
}

export async function resetPassword(services: Services, id: string) {
  const { context, caller, request } = services;
  await assertAccessible(context.db, context.tier, caller, 'user', [id]);
  const password = randomReadablePassword();
  const row = await db(context)
    .updateTable('users')
    .set({
      password_hash: await hashPassword(password),
      must_change_password: true,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await clearFailures(context.db, row.username);
  await endSessionsOfUser(context.db, id);
  await writeAudit(context.db, request, {
    action: 'account.password_reset',
    unitKey: row.unit_key,
    targetKind: 'user',
    targetId: id,
    details: { username: row.username },
  });
  return { account: (await toAccounts(context, [row]))[0]!, password };
}
