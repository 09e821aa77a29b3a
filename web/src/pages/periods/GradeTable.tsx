// Classes and pupils by grade, with the totals row: the same table in the Sở's report and in the
// school's own figures before it submits.
import { Table } from 'antd';
import type { OwnReport } from '#domain/api/reports.ts';
import { gradeName } from '#domain/grades.ts';

const number = (title: string, key: string) => ({ title, dataIndex: key, align: 'right' as const });

export function GradeTable({ report }: { report: Pick<OwnReport, 'byGrade' | 'totals'> }) {
  return (
    <Table
      size="small"
      rowKey="grade"
      pagination={false}
      scroll={{ x: true }}
      dataSource={[
        ...report.byGrade.map((row) => ({ ...row, grade: gradeName(row.grade) })),
        { grade: 'Tổng', ...report.totals },
      ]}
      columns={[
        { title: 'Khối', dataIndex: 'grade' },
        number('Số lớp', 'classes'),
        number('Số học sinh', 'pupils'),
        number('Nữ', 'female'),
        number('Dân tộc thiểu số', 'ethnicMinority'),
        number('Khuyết tật', 'disabled'),
        number('Diện chính sách', 'policyBeneficiary'),
      ]}
    />
  );
}

/** "7 giáo viên, nhân viên (nữ: 5): Đại học 6, Thạc sĩ 1". */
export const staffLine = (staff: OwnReport['staff']) =>
  `${staff.total} giáo viên, nhân viên (nữ: ${staff.female})${staff.byQualification.length ? `: ${staff.byQualification.map((q) => `${q.qualification} ${q.count}`).join(', ')}` : ''}`;
