// One valid request for each write endpoint, on records made for it alone, as the base the
// bad-input cases spoil one part of (and, sent as is at the end, the proof that the base is
// valid, so every refusal was about the spoilt part). An endpoint missing here still gets every
// case, on an empty base: the body-wide cases stay as strong, the field cases test less deep.
import type { Kysely } from 'kysely';
import type { AnyTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import type { Role } from '#domain/access/permissions.ts';
import { makePersonalId } from '#domain/rules/personal-id.ts';
import type { TierName } from '#domain/tiers.ts';
import {
  CREDENTIAL_UNITS,
  createCredential,
  createUser,
  type FixtureUser,
  ROLE_UNITS,
} from '../helpers/access.ts';
import type { RequestParts } from '../helpers/bad-input.ts';
import {
  classData,
  createSchoolRecords,
  SCHOOL_YEAR,
  staffData,
  studentData,
} from '../helpers/school-records.ts';
import { item } from '../helpers/sync-batches.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExampleContext {
  tier: TierName;
  db: AnyTierDatabase;
  /** The tier's administrator, who sends every request an example does not give to someone else. */
  admin: FixtureUser;
  /** A password and its stored hash, for accounts that must really sign in. */
  password: { text: string; hash: string };
  /** GETs a file as the administrator (Excel templates to import). */
  download(url: string): Promise<Buffer>;
}

export interface Example {
  request: Partial<RequestParts>;
  /** Sent by this user instead of the administrator. */
  as?: FixtureUser;
}

const ADMIN_ROLE: Record<TierName, Role> = {
  school: 'school_admin',
  province: 'province_admin',
  national: 'national_admin',
};
/** An account role each tier's administrator may create and manage. */
const MANAGED_ROLE: Record<TierName, Role> = {
  school: 'school_staff',
  province: 'province_officer',
  national: 'national_officer',
};

const ownUnit = (tier: TierName) => ROLE_UNITS[ADMIN_ROLE[tier]].own;
const managedAccount = ({ db, tier }: ExampleContext) => createUser(db, MANAGED_ROLE[tier], ownUnit(tier));
const schoolRecords = ({ db, tier }: ExampleContext) =>
  createSchoolRecords(db as Kysely<SchoolTierDatabase>, ownUnit(tier).slice(1));
const unique = () => crypto.randomUUID().slice(0, 8);
const withoutSchoolYear = <T extends { schoolYear?: string }>({ schoolYear: _, ...rest }: T) => rest;

type MakeExample = (context: ExampleContext) => Promise<Example>;

const excelImport =
  (list: string): MakeExample =>
  async (context) => ({
    request: {
      query: { mode: 'dry-run' },
      raw: { payload: await context.download(`/api/${list}/template.xlsx`), contentType: XLSX },
    },
  });

export const EXAMPLES: Record<string, MakeExample> = {
  'POST /api/checks/personal-id': async () => ({
    request: {
      body: {
        personalId: makePersonalId({ provinceCode: '40', birthYear: 2015, gender: 'male', serial: 7 }),
        birthDate: '2015-05-05',
        gender: 'male',
      },
    },
  }),
  'POST /api/auth/login': async (context) => {
    const user = await createUser(context.db, ADMIN_ROLE[context.tier], ownUnit(context.tier), {
      passwordHash: context.password.hash,
    });
    return { request: { body: { username: user.username, password: context.password.text } } };
  },
  'POST /api/auth/logout': async () => ({ request: {} }),
  'POST /api/auth/password': async (context) => {
    const user = await createUser(context.db, ADMIN_ROLE[context.tier], ownUnit(context.tier), {
      passwordHash: context.password.hash,
    });
    return {
      as: user,
      request: { body: { currentPassword: context.password.text, newPassword: 'Sông Lam xanh mát 2026!' } },
    };
  },
  'POST /api/accounts': async ({ tier }) => ({
    request: {
      body: {
        username: `moi.${unique()}`,
        displayName: 'Người dùng mới',
        role: MANAGED_ROLE[tier],
        unitKey: ownUnit(tier),
        grants: tier === 'school' ? ['students:view'] : [],
      },
    },
  }),
  'PATCH /api/accounts/:id': async (context) => ({
    request: { params: { id: (await managedAccount(context)).id }, body: { displayName: 'Tên đã sửa' } },
  }),
  'POST /api/accounts/:id/disable': async (context) => ({
    request: { params: { id: (await managedAccount(context)).id } },
  }),
  'POST /api/accounts/:id/enable': async (context) => ({
    request: { params: { id: (await managedAccount(context)).id } },
  }),
  'POST /api/accounts/:id/reset-password': async (context) => ({
    request: { params: { id: (await managedAccount(context)).id } },
  }),
  'PUT /api/settings/columns/:list': async () => ({
    request: { params: { list: 'students' }, body: { columns: ['fullName', 'birthDate'] } },
  }),

  'POST /api/credentials': async ({ tier }) => ({
    request: { body: { unitKey: CREDENTIAL_UNITS[tier as 'province'].own, overlapDays: 7 } },
  }),
  'POST /api/credentials/:id/revoke': async ({ db, tier }) => ({
    request: { params: { id: (await createCredential(db, CREDENTIAL_UNITS[tier as 'province'].own)).id } },
  }),
  'POST /api/sync/v1/batches': async ({ tier }) => {
    const batchId = crypto.randomUUID();
    const items = [item(staffData(), tier === 'national' ? { schoolCode: '4000001' } : {})];
    return { request: { headers: { 'idempotency-key': batchId }, body: { batchId, kind: 'staff', items } } };
  },

  'PUT /api/school': async () => ({
    request: {
      body: {
        name: 'Trường Tiểu học Kiểm Thử',
        ownershipCode: '1',
        levelCode: 'TH',
        address: { provinceCode: '40', communeCode: '16681', street: 'Xóm 1' },
        phone: '0912345678',
        email: 'truong@example.vn',
        principal: { name: 'Hồ Văn Hiệu', phone: '0912345679' },
        attributes: { internet: true },
        campuses: [{ id: crypto.randomUUID(), name: 'Điểm trường Bản Vẽ', distanceKm: 3.5 }],
      },
    },
  }),
  'PUT /api/school/current-year': async () => ({ request: { body: { schoolYear: SCHOOL_YEAR } } }),
  'POST /api/classes': async () => ({
    request: { body: withoutSchoolYear(classData({ homeroomStaffId: undefined })) },
  }),
  'PUT /api/classes/:id': async (context) => {
    const { emptyClassId } = await schoolRecords(context);
    return { request: { params: { id: emptyClassId }, body: classData({ name: `1Đ${unique()}` }) } };
  },
  'DELETE /api/classes/:id': async (context) => ({
    request: { params: { id: (await schoolRecords(context)).emptyClassId } },
  }),
  'POST /api/classes/:id/dissolve': async (context) => ({
    request: {
      params: { id: (await schoolRecords(context)).emptyClassId },
      body: { dissolvedOn: '2026-12-01' },
    },
  }),
  'POST /api/staff': async () => ({
    request: {
      body: staffData({
        personalId: makePersonalId({
          provinceCode: '40',
          birthYear: 1985,
          gender: 'female',
          serial: 4242,
        }),
        phone: '0987654321',
        email: 'co.hoa@example.vn',
      }),
    },
  }),
  'PUT /api/staff/:id': async (context) => ({
    request: {
      params: { id: (await schoolRecords(context)).staffId },
      body: staffData({ fullName: 'Trần Thị Hồng' }),
    },
  }),
  'DELETE /api/staff/:id': async (context) => ({
    request: { params: { id: (await schoolRecords(context)).staffId } },
  }),
  'POST /api/students': async (context) => {
    const { classId } = await schoolRecords(context);
    const father = { name: 'Nguyễn Văn Bố', phone: '0911111111' };
    return {
      request: {
        body: withoutSchoolYear(
          studentData(classId, { permanentAddress: { provinceCode: '40', communeCode: '16681' }, father }),
        ),
      },
    };
  },
  'PUT /api/students/:id': async (context) => {
    const { classId, studentId } = await schoolRecords(context);
    return {
      request: {
        params: { id: studentId },
        body: withoutSchoolYear(studentData(classId, { fullName: 'Nguyễn Văn Bình' })),
      },
    };
  },
  'POST /api/students/:id/status': async (context) => ({
    request: {
      params: { id: (await schoolRecords(context)).studentId },
      body: { statusCode: '04', statusDate: '2026-12-20' },
    },
  }),
  'DELETE /api/students/:id': async (context) => ({
    request: { params: { id: (await schoolRecords(context)).studentId } },
  }),
  'POST /api/students/move': async (context) => {
    const { studentId, emptyClassId } = await schoolRecords(context);
    return { request: { body: { studentIds: [studentId], toClassId: emptyClassId } } };
  },
  'POST /api/classes/import': excelImport('classes'),
  'POST /api/staff/import': excelImport('staff'),
  'POST /api/students/import': excelImport('students'),
  'PUT /api/results': async (context) => {
    const { classId, studentId } = await schoolRecords(context);
    const entry = {
      subjects: { Toán: { level: 'T' } },
      competencies: { 'Tự chủ và tự học': 'T' },
      qualities: {},
    };
    return { request: { body: { classId, period: 'GK1', entries: [{ studentId, entry }] } } };
  },
  'POST /api/results/import': async (context) => {
    const { classId } = await schoolRecords(context);
    const file = await context.download(`/api/results/template.xlsx?classId=${classId}&period=GK1`);
    return {
      request: {
        query: { classId, period: 'GK1', mode: 'dry-run' },
        raw: { payload: file, contentType: XLSX },
      },
    };
  },
  'POST /api/school/sync': async () => ({ request: { body: { allUnsynced: true } } }),
  'POST /api/classes/sync': async (context) => ({
    request: { body: { ids: [(await schoolRecords(context)).classId] } },
  }),
  'POST /api/staff/sync': async (context) => ({
    request: { body: { ids: [(await schoolRecords(context)).staffId] } },
  }),
  'POST /api/students/sync': async (context) => ({
    request: { body: { ids: [(await schoolRecords(context)).studentId] } },
  }),
  'POST /api/results/sync': async () => ({ request: { body: { allUnsynced: true } } }),
  'POST /api/sync/runs/:id/retry-failed': async (context) => ({
    request: { params: { id: (await schoolRecords(context)).runId } },
  }),
};
