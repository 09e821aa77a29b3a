// Who may do what. A permission is a data category × an action ("students:edit"). Roles give
// fixed sets, except the school staff role, whose rights the school's IT officer grants one by
// one. Shared with the web app, which hides what a user may not do; the server checks anyway.
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS, type RecordCategory } from '../record-kinds.ts';
import type { TierName } from '../tiers.ts';

/** One category per kind of record (record-kinds.ts), then the categories of the tier's own work. */
export const DATA_CATEGORIES: readonly RecordCategory[] = RECORD_KINDS.map(
  (kind) => RECORD_KIND_DEFINITIONS[kind].category,
);
const OTHER_CATEGORIES = ['sync_history', 'reports', 'accounts', 'audit'] as const;
export const CATEGORIES: readonly Category[] = [...DATA_CATEGORIES, ...OTHER_CATEGORIES];
export const ACTIONS = ['view', 'edit', 'sync', 'manage'] as const;

export type DataCategory = RecordCategory;
export type Category = DataCategory | (typeof OTHER_CATEGORIES)[number];
export type Action = (typeof ACTIONS)[number];
export type Permission = `${Category}:${Action}`;

export const CATEGORY_LABELS: Record<Category, string> = {
  ...(Object.fromEntries(
    RECORD_KINDS.map((kind) => [RECORD_KIND_DEFINITIONS[kind].category, RECORD_KIND_DEFINITIONS[kind].label]),
  ) as Record<DataCategory, string>),
  sync_history: 'Lịch sử đồng bộ',
  reports: 'Nộp và duyệt kỳ báo cáo',
  accounts: 'Tài khoản & phân quyền',
  audit: 'Nhật ký',
};

export const ACTION_LABELS: Record<Action, string> = {
  view: 'Xem',
  edit: 'Cập nhật',
  sync: 'Đồng bộ',
  manage: 'Quản lý',
};

/** A permission in words, as the accounts screens show it: "classes:view" is "Thông tin lớp: xem". */
export function permissionLabel(permission: string): string {
  const [category, action] = permission.split(':') as [Category, Action];
  const what = CATEGORY_LABELS[category];
  const how = ACTION_LABELS[action];
  return what && how ? `${what}: ${how.toLowerCase()}` : permission;
}

export const ROLES = [
  'school_admin',
  'school_staff',
  'province_admin',
  'province_officer',
  'commune_officer',
  'national_admin',
  'national_officer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  school_admin: 'Cán bộ tin học (quản trị trường)',
  school_staff: 'Giáo viên / nhân viên',
  province_admin: 'Quản trị Sở GD&ĐT',
  province_officer: 'Chuyên viên Sở GD&ĐT',
  commune_officer: 'Cán bộ xã (Phòng VH-XH)',
  national_admin: 'Quản trị CSDL Quốc gia',
  national_officer: 'Chuyên viên Bộ GD&ĐT',
};

/** The tier a role belongs to, and the kind of org unit an account of that role is bound to. */
export const ROLE_PLACE: Record<
  Role,
  { tier: TierName; unitKind: 'school' | 'province' | 'commune' | 'nation' }
> = {
  school_admin: { tier: 'school', unitKind: 'school' },
  school_staff: { tier: 'school', unitKind: 'school' },
  province_admin: { tier: 'province', unitKind: 'province' },
  province_officer: { tier: 'province', unitKind: 'province' },
  commune_officer: { tier: 'province', unitKind: 'commune' },
  national_admin: { tier: 'national', unitKind: 'nation' },
  national_officer: { tier: 'national', unitKind: 'nation' },
};

export const rolesOfTier = (tier: TierName): Role[] => ROLES.filter((role) => ROLE_PLACE[role].tier === tier);

const each = (categories: readonly Category[], actions: readonly Action[]): Permission[] =>
  categories.flatMap((category) => actions.map((action) => `${category}:${action}` as Permission));

/** What the school's IT officer may grant a staff account: view, edit, sync of the school's data. */
export const GRANTABLE: readonly Permission[] = [
  ...each(DATA_CATEGORIES, ['view', 'edit', 'sync']),
  'sync_history:view',
];

const readAll = each([...DATA_CATEGORIES, 'sync_history'], ['view']);
const administer = each(['accounts'], ['view', 'manage']).concat(each(['audit'], ['view']));
// Officers above the schools review what the schools submit (duyệt or trả lại).
const review = each(['reports'], ['manage']);

const ROLE_PERMISSIONS: Record<Exclude<Role, 'school_staff'>, readonly Permission[]> = {
  school_admin: [...GRANTABLE, ...administer],
  province_admin: [...readAll, ...administer, ...review],
  province_officer: [...readAll, ...review],
  commune_officer: [...readAll, ...review],
  national_admin: [...readAll, ...administer, ...review],
  national_officer: [...readAll, ...review],
};

/** Editing or syncing a category lets one see it too. */
function withImpliedViews(permissions: Iterable<Permission>): Permission[] {
  const all = new Set<Permission>(permissions);
  for (const permission of [...all]) {
    const [category, action] = permission.split(':') as [Category, Action];
    if (action === 'edit' || action === 'sync' || action === 'manage') all.add(`${category}:view`);
  }
  return [...all].sort();
}

/** The permissions of an account: its role's, or for school staff the ones granted. */
export function permissionsOf(role: Role, grants: readonly string[]): Permission[] {
  if (role === 'school_staff')
    return withImpliedViews(grants.filter((g): g is Permission => GRANTABLE.includes(g as Permission)));
  return withImpliedViews(ROLE_PERMISSIONS[role]);
}

/** The roles an administrator may give to the accounts they create. */
export function rolesAnAdminMayCreate(role: Role): Role[] {
  const byAdmin: Partial<Record<Role, Role[]>> = {
    school_admin: ['school_admin', 'school_staff'],
    province_admin: ['province_admin', 'province_officer', 'commune_officer'],
    national_admin: ['national_admin', 'national_officer'],
  };
  return byAdmin[role] ?? [];
}
