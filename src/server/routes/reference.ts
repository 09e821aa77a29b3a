import { z } from 'zod';
import { gender, isoDate, provinceCode } from '#domain/entities/common.ts';
import { AppError } from '#domain/errors.ts';
import { codeLists, communes, ethnicGroups, formerProvinces, provinces } from '#domain/reference/index.ts';
import { checkPersonalId } from '#domain/rules/personal-id.ts';
import type { ZodApp } from '../zod-app.ts';

/** The lists the forms need, by the name used in the URL. Read-only, the same at every tier. */
const referenceLists: Record<string, unknown> = {
  provinces,
  communes,
  'former-provinces': formerProvinces,
  'ethnic-groups': ethnicGroups,
  'school-ownership': codeLists.schoolOwnership,
  'school-levels': codeLists.schoolLevels,
  'school-areas': codeLists.schoolAreas,
  'student-statuses': codeLists.studentStatuses,
  'staff-statuses': codeLists.staffStatuses,
  'staff-contract-types': codeLists.staffContractTypes,
  'disability-types': codeLists.disabilityTypes,
  'dropout-reasons': codeLists.dropoutReasons,
  'foreign-languages': codeLists.foreignLanguages,
  religions: codeLists.religions,
  'sync-types': codeLists.syncTypes,
  'sync-statuses': codeLists.syncStatuses,
  'primary-evaluation': codeLists.primaryEvaluation_TT27_2020,
  'secondary-evaluation': codeLists.secondaryEvaluation_TT22_2021,
};

const CACHE_ONE_DAY = 'public, max-age=86400';

export function registerReferenceRoutes(app: ZodApp): void {
  app.get(
    '/api/reference',
    {
      schema: {
        tags: ['Danh mục'],
        summary: 'Tên các danh mục dùng chung',
        response: { 200: z.object({ lists: z.array(z.string()) }) },
      },
    },
    async () => ({ lists: Object.keys(referenceLists) }),
  );

  app.get(
    '/api/reference/:list',
    {
      schema: {
        tags: ['Danh mục'],
        summary: 'Một danh mục dùng chung (tỉnh, xã, dân tộc, trạng thái, …)',
        params: z.object({ list: z.string() }),
        querystring: z.object({
          province: provinceCode.optional().describe('Chỉ với danh mục communes: lọc theo mã tỉnh'),
        }),
      },
    },
    async (request, reply) => {
      const { list } = request.params;
      if (!Object.hasOwn(referenceLists, list)) throw new AppError('REFERENCE_LIST_UNKNOWN');
      const { province } = request.query;
      const items =
        list === 'communes' && province
          ? communes.filter((c) => c.provinceCode === province)
          : referenceLists[list];
      reply.header('cache-control', CACHE_ONE_DAY);
      return items;
    },
  );

  app.post(
    '/api/checks/personal-id',
    {
      schema: {
        tags: ['Danh mục'],
        summary: 'Kiểm tra số định danh cá nhân với năm sinh, thế kỷ, giới tính và mã tỉnh',
        // Any text up to a generous length gets a verdict; longer is no attempt at a personal ID.
        body: z.object({ personalId: z.string().max(50), birthDate: isoDate, gender }),
        response: {
          200: z.object({
            valid: z.boolean(),
            issues: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const issues = checkPersonalId(request.body);
      return { valid: issues.length === 0, issues };
    },
  );
}
