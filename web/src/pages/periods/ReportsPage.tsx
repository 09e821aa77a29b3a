// Báo cáo EMIS for officers: a period's figures over the unit's approved schools — classes and
// pupils by grade, staff by qualification, the change from last year — and the same as Excel.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table } from 'antd';
import type { EmisReport } from '#domain/api/reports.ts';
import { getJson } from '../../api.ts';
import { useNarrow } from '../../components/useNarrow.ts';
import { GradeTable } from './GradeTable.tsx';
import { periodLabel } from './labels.tsx';
import { usePeriodChoice } from './usePeriodChoice.tsx';

const number = (title: string, key: string) => ({ title, dataIndex: key, align: 'right' as const });

export function ReportsPage() {
  const { key, query, picker } = usePeriodChoice();
  const report = useQuery({
    queryKey: ['emis', key],
    enabled: Boolean(key),
    queryFn: () => getJson<EmisReport>(`/api/reports/emis?${query}`),
  });
  const data = report.data;
  const narrow = useNarrow();
  // On a phone the title takes the card's head; the period and Excel go below it.
  const controls = (
    <Space wrap>
      {picker}
      <Button href={`/api/reports/emis.xlsx?${query}`} disabled={!data} data-testid="report-excel">
        Xuất Excel
      </Button>
    </Space>
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={data ? `Báo cáo ${periodLabel(data.schoolYear, data.period)} — ${data.unit.name}` : 'Báo cáo'}
        loading={report.isPending && Boolean(key)}
        extra={narrow ? undefined : controls}
      >
        {narrow && <div style={{ marginBottom: 12 }}>{controls}</div>}
        {!key && <Alert type="info" showIcon message="Sở GD&ĐT chưa mở kỳ báo cáo nào." />}
        {data && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Alert
              type={data.schools.approved < data.schools.total ? 'warning' : 'success'}
              showIcon
              data-testid="report-approval"
              message={`Số liệu đã duyệt của ${data.schools.approved}/${data.schools.total} trường. Trường chưa được duyệt chưa được tính.`}
            />
            <GradeTable report={data} />
            <Table
              size="small"
              rowKey="qualification"
              pagination={false}
              dataSource={[
                ...data.staff.byQualification,
                { qualification: `Tổng (nữ: ${data.staff.female})`, count: data.staff.total },
              ]}
              columns={[
                { title: 'Trình độ chuyên môn', dataIndex: 'qualification' },
                number('Giáo viên, nhân viên', 'count'),
              ]}
            />
            {data.lastYear ? (
              <Table
                size="small"
                rowKey="what"
                pagination={false}
                dataSource={[
                  { what: 'Số lớp', before: data.lastYear.classes, now: data.totals.classes },
                  { what: 'Số học sinh', before: data.lastYear.pupils, now: data.totals.pupils },
                  { what: 'Giáo viên, nhân viên', before: data.lastYear.staff, now: data.staff.total },
                ].map((row) => ({ ...row, change: row.now - row.before }))}
                columns={[
                  { title: 'So với năm học trước', dataIndex: 'what' },
                  number('Năm trước', 'before'),
                  number('Năm nay', 'now'),
                  number('Tăng / giảm', 'change'),
                ]}
              />
            ) : (
              <Alert type="info" message="Năm học trước chưa có kỳ báo cáo này để so sánh." />
            )}
          </Space>
        )}
      </Card>
    </Space>
  );
}
