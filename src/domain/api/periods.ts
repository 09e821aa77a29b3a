// What the reporting-period routes take and answer, at the province (officers), over the sync
// protocol (a school's tier) and at the school: the schemas the servers check and the web reads.
import { z } from 'zod';
import { schoolYear } from '../entities/common.ts';
import { RECORD_KINDS } from '../record-kinds.ts';
import { REPORTING_PERIODS } from '../reporting-periods.ts';
import { submissionSchema } from './submissions.ts';

const day = z.iso.date({ error: 'Ngày phải có dạng yyyy-mm-dd.' });
const kinds = z.array(z.enum(RECORD_KINDS)).min(1).nullable();

export const periodSchema = z.object({
  schoolYear: z.string(),
  period: z.enum(REPORTING_PERIODS),
  opensOn: z.string(),
  deadlines: z.partialRecord(z.enum(RECORD_KINDS), z.string()),
  updatedAt: z.string().nullable(),
});
export type PeriodView = z.infer<typeof periodSchema>;

/** Opening or changing a period: the day it opens and a deadline per kind (none: never locked). */
export const openPeriodSchema = z
  .object({
    opensOn: day,
    deadlines: z.partialRecord(z.enum(RECORD_KINDS), day),
  })
  .refine((body) => Object.values(body.deadlines).every((deadline) => deadline! >= body.opensOn), {
    path: ['deadlines'],
    message: 'Hạn nộp không được trước ngày mở kỳ báo cáo.',
  });

export const periodKeySchema = z.object({ schoolYear, period: z.enum(REPORTING_PERIODS) });

export const unlockRequestSchema = z.object({
  id: z.string(),
  schoolCode: z.string(),
  schoolName: z.string().nullable(),
  schoolYear: z.string(),
  period: z.enum(REPORTING_PERIODS),
  kinds: z.array(z.enum(RECORD_KINDS)).nullable(),
  reason: z.string(),
  status: z.enum(['open', 'granted', 'refused']),
  until: z.string().nullable(),
  answerReason: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type UnlockRequestView = z.infer<typeof unlockRequestSchema>;

export const unlockSchema = z.object({
  schoolYear: z.string(),
  period: z.enum(REPORTING_PERIODS),
  kinds: z.array(z.enum(RECORD_KINDS)).nullable(),
  until: z.string(),
  reason: z.string(),
  source: z.enum(['request', 'returned']),
});

export const fileUnlockRequestSchema = z.object({
  schoolYear,
  period: z.enum(REPORTING_PERIODS),
  kinds,
  reason: z.string().trim().min(5, 'Hãy ghi lý do (ít nhất 5 ký tự).').max(500),
});

/** Cấp (until a time) or Từ chối (with a reason). */
export const answerUnlockSchema = z.discriminatedUnion('grant', [
  z.object({
    grant: z.literal(true),
    until: z.iso.datetime({ offset: true }),
    reason: z.string().max(500).optional(),
  }),
  z.object({ grant: z.literal(false), reason: z.string().trim().min(5, 'Hãy ghi lý do từ chối.').max(500) }),
]);

/** What a school learns from its province: every period, its unlocks in force and its requests. */
export const schoolPeriodsSchema = z.object({
  periods: z.array(periodSchema),
  unlocks: z.array(unlockSchema),
  requests: z.array(unlockRequestSchema),
  /** The school's newest submission of each period (none in a copy kept before there were any). */
  submissions: z.array(submissionSchema).default([]),
});
export type SchoolPeriods = z.infer<typeof schoolPeriodsSchema>;

/** Where a school's tier reads its periods, and files unlock requests, at its province. */
export const SYNC_PERIODS_PATH = '/api/sync/v1/reporting-periods';
export const SYNC_UNLOCK_REQUESTS_PATH = '/api/sync/v1/unlock-requests';
