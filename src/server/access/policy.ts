// The access policy of every route, in one table: who may call it. A route missing here does
// not start (fail closed). The generated access tests read this same table.
import type { Permission } from '#domain/access/permissions.ts';

/**
 * - `public`: anyone, signed in or not.
 * - `session`: any signed-in person, also one who must still change the password given to them.
 * - `machine`: a school or province tier with its sync credential (HTTP Basic).
 * - a permission: a signed-in person holding it, password already changed.
 */
export type Access = 'public' | 'session' | 'machine' | Permission;

export const ROUTE_POLICY: Record<string, Access> = {
  'GET /api/health': 'public',
  'GET /api/info': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/reference': 'public',
  'GET /api/reference/:list': 'public',
  'POST /api/checks/personal-id': 'public',

  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'session',
  'GET /api/auth/me': 'session',
  'POST /api/auth/password': 'session',

  'GET /api/units': 'school_info:view',

  'GET /api/accounts': 'accounts:view',
  'POST /api/accounts': 'accounts:manage',
  'GET /api/accounts/:id': 'accounts:view',
  'PATCH /api/accounts/:id': 'accounts:manage',
  'POST /api/accounts/:id/disable': 'accounts:manage',
  'POST /api/accounts/:id/enable': 'accounts:manage',
  'POST /api/accounts/:id/reset-password': 'accounts:manage',

  'GET /api/audit': 'audit:view',

  'GET /api/credentials': 'accounts:view',
  'POST /api/credentials': 'accounts:manage',
  'POST /api/credentials/:id/revoke': 'accounts:manage',

  'GET /api/sync/v1/whoami': 'machine',
  'POST /api/sync/v1/batches': 'machine',
  'GET /api/sync/v1/batches/:id': 'machine',
  'GET /api/sync/v1/persons': 'machine',
  'POST /api/sync/v1/transfers': 'machine',
  'GET /api/sync/v1/transfers': 'machine',
  'POST /api/sync/v1/transfers/:id/answer': 'machine',
  'GET /api/sync/v1/reporting-periods': 'machine',
  'POST /api/sync/v1/unlock-requests': 'machine',
  'GET /api/periods': 'sync_history:view',
  'PUT /api/periods/:schoolYear/:period': 'accounts:manage',
  'GET /api/unlock-requests': 'sync_history:view',
  'POST /api/unlock-requests/:id/answer': 'accounts:manage',
  'GET /api/reporting-periods': 'sync_history:view',
  'POST /api/reporting-periods/unlock-requests': 'sync_history:view',
  'POST /api/sync/v1/submissions': 'machine',
  'GET /api/submissions': 'reports:view',
  'GET /api/submissions/:id': 'reports:view',
  'POST /api/submissions/:id/review': 'reports:manage',
  'GET /api/reports/emis': 'reports:view',
  'GET /api/reports/emis.xlsx': 'reports:view',
  'POST /api/reporting-periods/submit': 'school_info:sync',
  'GET /api/reporting-periods/own-report': 'sync_history:view',

  'GET /api/settings/columns/:list': 'session',
  'PUT /api/settings/columns/:list': 'session',

  'GET /api/school': 'school_info:view',
  'PUT /api/school': 'school_info:edit',
  'PUT /api/school/current-year': 'school_info:edit',
  'GET /api/school/rollover': 'school_info:edit',
  'POST /api/school/close-year': 'school_info:edit',
  'POST /api/school/rollover': 'school_info:edit',

  'GET /api/classes': 'classes:view',
  'POST /api/classes': 'classes:edit',
  'GET /api/classes/:id': 'classes:view',
  'PUT /api/classes/:id': 'classes:edit',
  'POST /api/classes/:id/dissolve': 'classes:edit',
  'DELETE /api/classes/:id': 'classes:edit',

  'GET /api/staff': 'staff:view',
  'POST /api/staff': 'staff:edit',
  'GET /api/staff/:id': 'staff:view',
  'PUT /api/staff/:id': 'staff:edit',
  'DELETE /api/staff/:id': 'staff:edit',

  'GET /api/students': 'students:view',
  'POST /api/students': 'students:edit',
  'POST /api/students/move': 'students:edit',
  'GET /api/students/:id': 'students:view',
  'PUT /api/students/:id': 'students:edit',
  'POST /api/students/:id/status': 'students:edit',
  'DELETE /api/students/:id': 'students:edit',
  'GET /api/transfers/lookup': 'students:edit',
  'GET /api/transfers': 'students:view',
  'POST /api/transfers': 'students:edit',
  'POST /api/transfers/:id/answer': 'students:edit',

  'GET /api/classes/template.xlsx': 'classes:view',
  'GET /api/classes/export.xlsx': 'classes:view',
  'POST /api/classes/import': 'classes:edit',
  'GET /api/staff/template.xlsx': 'staff:view',
  'GET /api/staff/export.xlsx': 'staff:view',
  'POST /api/staff/import': 'staff:edit',
  'GET /api/students/template.xlsx': 'students:view',
  'GET /api/students/export.xlsx': 'students:view',
  'POST /api/students/import': 'students:edit',
  'GET /api/results': 'results:view',
  'PUT /api/results': 'results:edit',
  'GET /api/results/export.xlsx': 'results:view',
  'GET /api/results/template.xlsx': 'results:view',
  'POST /api/results/import': 'results:edit',
  'POST /api/school/sync': 'school_info:sync',
  'POST /api/classes/sync': 'classes:sync',
  'POST /api/staff/sync': 'staff:sync',
  'POST /api/students/sync': 'students:sync',
  'POST /api/results/sync': 'results:sync',
  'GET /api/sync/runs': 'sync_history:view',
  'GET /api/sync/digest': 'sync_history:view',
  'GET /api/sync/v1/digest': 'machine',
  'GET /api/dashboard': 'sync_history:view',
  'GET /api/dashboard/school-records': 'sync_history:view',
  'GET /api/dashboard/school-failures': 'sync_history:view',
  'GET /api/dashboard/statistics': 'sync_history:view',
  'POST /api/export/table.xlsx': 'session',
  'GET /api/registry/lookup': 'students:view',
  'GET /api/sync/runs/:id/items': 'sync_history:view',
  'POST /api/sync/runs/:id/retry-failed': 'sync_history:view',
};

/**
 * The access of a route. Read-only requests outside /api (the web app's files) and the API
 * documentation are public; anything else must be in the table.
 */
export function accessOf(method: string, url: string): Access | undefined {
  const declared = ROUTE_POLICY[`${method === 'HEAD' ? 'GET' : method} ${url}`];
  if (declared) return declared;
  const readOnly = method === 'GET' || method === 'HEAD';
  if (readOnly && (!url.startsWith('/api/') || url === '/api/docs' || url.startsWith('/api/docs/')))
    return 'public';
  return undefined;
}
