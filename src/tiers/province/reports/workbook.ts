// Báo cáo EMIS as an .xlsx: one sheet per table, each titled with the unit, the period and how
// many schools' approved figures it counts, so a sheet copied on its own still says what it is.
import type { EmisReport } from '#domain/api/reports.ts';
import { gradeName } from '#domain/grades.ts';
import { REPORTING_PERIOD_LABELS } from '#domain/reporting-periods.ts';
import { type SheetToWrite, writeWorkbook } from '#excel/write.ts';

export const GRADE_COLUMNS = [
  { key: 'grade', header: 'Khối' },
  { key: 'classes', header: 'Số lớp', kind: 'number' as const },
  { key: 'pupils', header: 'Số học sinh', kind: 'number' as const },
  { key: 'female', header: 'Học sinh nữ', kind: 'number' as const },
  { key: 'ethnicMinority', header: 'Dân tộc thiểu số', kind: 'number' as const },
  { key: 'disabled', header: 'Khuyết tật', kind: 'number' as const },
  { key: 'policyBeneficiary', header: 'Diện chính sách', kind: 'number' as const },
];

/** "Báo cáo Đầu năm 2026-2027 — Tỉnh Nghệ An — số liệu đã duyệt của 12/15 trường". */
export const reportTitle = (report: EmisReport) =>
  `Báo cáo ${REPORTING_PERIOD_LABELS[report.period]} ${report.schoolYear} — ${report.unit.name} — số liệu đã duyệt của ${report.schools.approved}/${report.schools.total} trường`;

export function emisWorkbook(report: EmisReport): Promise<Buffer> {
  const title = reportTitle(report);
  const count = { kind: 'number' as const };
  const sheets: SheetToWrite[] = [
    {
      name: 'Lớp và học sinh',
      title,
      columns: GRADE_COLUMNS,
      rows: [
        ...report.byGrade.map((row) => ({ ...row, grade: gradeName(row.grade) })),
        { grade: 'Tổng', ...report.totals },
      ],
    },
    {
      name: 'Giáo viên, nhân viên',
      title,
      columns: [
        { key: 'qualification', header: 'Trình độ chuyên môn' },
        { key: 'count', header: 'Số người', ...count },
      ],
      rows: [
        ...report.staff.byQualification,
        { qualification: 'Tổng', count: report.staff.total },
        { qualification: 'Trong đó nữ', count: report.staff.female },
      ],
    },
  ];
  if (report.lastYear) {
    const { lastYear } = report;
    const lines: [string, number, number][] = [
      ['Số lớp', lastYear.classes, report.totals.classes],
      ['Số học sinh', lastYear.pupils, report.totals.pupils],
      ['Giáo viên, nhân viên', lastYear.staff, report.staff.total],
    ];
    sheets.push({
      name: 'So với năm trước',
      title,
      columns: [
        { key: 'what', header: 'Chỉ tiêu' },
        { key: 'before', header: 'Năm học trước', ...count },
        { key: 'now', header: 'Năm học này', ...count },
        { key: 'change', header: 'Tăng (+) / giảm (−)', ...count },
      ],
      rows: lines.map(([what, before, now]) => ({ what, before, now, change: now - before })),
    });
  }
  return writeWorkbook(sheets);
}
