// Báo cáo EMIS (đầu năm, cuối năm...): the figures of a unit for a reporting period, counted over
// the schools whose submission of that period the Sở approved, and last year's for comparison.
import { z } from 'zod';
import { REPORTING_PERIODS } from '../reporting-periods.ts';

const gradeRow = z.object({
  grade: z.string(),
  classes: z.number(),
  pupils: z.number(),
  female: z.number(),
  ethnicMinority: z.number(),
  disabled: z.number(),
  policyBeneficiary: z.number(),
});

export const emisReportSchema = z.object({
  unit: z.object({ key: z.string(), name: z.string() }),
  schoolYear: z.string(),
  period: z.enum(REPORTING_PERIODS),
  /** Which schools are counted: those approved, of all the unit's schools. */
  schools: z.object({ total: z.number(), approved: z.number() }),
  byGrade: z.array(gradeRow),
  totals: gradeRow.omit({ grade: true }),
  staff: z.object({
    total: z.number(),
    female: z.number(),
    byQualification: z.array(z.object({ qualification: z.string(), count: z.number() })),
  }),
  /** The same period of the year before, over the schools approved then; null when there is none. */
  lastYear: z.object({ pupils: z.number(), classes: z.number(), staff: z.number() }).nullable(),
});
export type EmisReport = z.infer<typeof emisReportSchema>;

/** The school's own figures for a year, before it submits (same shapes as the report's). */
export const ownReportSchema = emisReportSchema.pick({ byGrade: true, totals: true, staff: true }).extend({
  schoolYear: z.string(),
});
export type OwnReport = z.infer<typeof ownReportSchema>;
