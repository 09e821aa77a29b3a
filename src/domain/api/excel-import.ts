// What an Excel import answers (a dry run or the import itself): the schema the server checks its
// answer against, and the type the web app reads it with.
import { z } from 'zod';

export const importReportSchema = z.object({
  mode: z.enum(['dry-run', 'all-or-nothing', 'valid-only']),
  applied: z.boolean(),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  invalid: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
  /** Columns of the file that were not imported (a header nothing reads), each with why. */
  warnings: z.array(z.object({ column: z.string(), message: z.string() })).optional(),
});

export type ImportReportView = z.infer<typeof importReportSchema>;
