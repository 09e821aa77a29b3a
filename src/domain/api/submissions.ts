// Nộp và duyệt kỳ báo cáo: what the routes take and answer at the province (its officers review),
// over the sync protocol (a school's tier submits) and at the school.
import { z } from 'zod';
import { schoolYear } from '../entities/common.ts';
import { REPORTING_PERIODS } from '../reporting-periods.ts';
import { SUBMISSION_STATES } from '../rules/submissions.ts';

const figuresSchema = z.record(z.string(), z.object({ held: z.number(), failed: z.number() }));

export const submissionSchema = z.object({
  id: z.string(),
  schoolCode: z.string(),
  schoolName: z.string().nullable(),
  schoolYear: z.string(),
  period: z.enum(REPORTING_PERIODS),
  status: z.enum(SUBMISSION_STATES),
  figures: figuresSchema,
  note: z.string().nullable(),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  comment: z.string().nullable(),
});
export type SubmissionView = z.infer<typeof submissionSchema>;

/** Nộp: the period, and a note to the reviewer if the school has one. */
export const submitSchema = z.object({
  schoolYear,
  period: z.enum(REPORTING_PERIODS),
  note: z.string().trim().max(500).optional(),
});

/** Duyệt (a comment if any) or Trả lại (a comment, and until when editing is reopened). */
export const reviewSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), comment: z.string().trim().max(500).optional() }),
  z.object({
    decision: z.literal('return'),
    comment: z.string().trim().min(5, 'Hãy ghi lý do trả lại (ít nhất 5 ký tự).').max(500),
    reopenUntil: z.iso.datetime({ offset: true, error: 'Hãy chọn thời hạn mở lại cho trường sửa.' }),
  }),
]);

export const SCHOOL_SUBMISSION_STATES = ['not_submitted', ...SUBMISSION_STATES] as const;

/** One school's line in a period's review list. */
export const reviewRowSchema = z.object({
  schoolCode: z.string(),
  schoolName: z.string(),
  status: z.enum(SCHOOL_SUBMISSION_STATES),
  submissionId: z.string().nullable(),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
});

export const reviewListSchema = z.object({
  schoolYear: z.string(),
  period: z.enum(REPORTING_PERIODS),
  /** The period's last deadline: a school not submitted by then is late. */
  due: z.string().nullable(),
  counts: z.object({
    schools: z.number(),
    not_submitted: z.number(),
    submitted: z.number(),
    approved: z.number(),
    returned: z.number(),
    late: z.number(),
  }),
  items: z.array(reviewRowSchema),
});
export type ReviewList = z.infer<typeof reviewListSchema>;

/** A submission as its reviewer reads it: its figures, what changed since the one before, the failures now. */
export const submissionDetailSchema = submissionSchema.extend({
  previous: z.object({ submittedAt: z.string(), status: z.enum(SUBMISSION_STATES) }).nullable(),
  changes: z.array(
    z.object({ kind: z.string(), figure: z.enum(['held', 'failed']), before: z.number(), after: z.number() }),
  ),
  failures: z.array(z.object({ errorCode: z.string(), message: z.string().nullable(), count: z.number() })),
});
export type SubmissionDetail = z.infer<typeof submissionDetailSchema>;

/** Where a school's tier submits a period at its province. */
export const SYNC_SUBMISSIONS_PATH = '/api/sync/v1/submissions';
