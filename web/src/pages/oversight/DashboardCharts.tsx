// The dashboard's charts: decisions per day, failures by code, and the students held by
// grade, gender and ethnic group.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row } from 'antd';
import { getJson } from '../../api.ts';
import { type ChartOption, EChart } from '../../components/EChart.tsx';

interface Count {
  key: string;
  label: string;
  count: number;
}

interface Statistics {
  progress: { day: string; success: number; failed: number }[];
  failuresByCode: { code: string; message: string; count: number }[];
  studentsByGrade: Count[];
  studentsByGender: Count[];
  studentsByEthnicity: Count[];
}

const bars = (labels: string[], values: number[], color: string, horizontal = false): ChartOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: horizontal ? 150 : 40, right: 16, top: 16, bottom: 32 },
  [horizontal ? 'yAxis' : 'xAxis']: {
    type: 'category',
    data: labels,
    axisLabel: { width: 140, overflow: 'truncate' },
  },
  [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: values, itemStyle: { color } }],
});

const pie = (counts: Count[]): ChartOption => ({
  tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
  legend: { bottom: 0, type: 'scroll' },
  series: [
    {
      type: 'pie',
      radius: ['35%', '65%'],
      top: -20,
      data: counts.map((c) => ({ name: c.label, value: c.count })),
    },
  ],
});

function ChartCard({ title, empty, children }: { title: string; empty: boolean; children: React.ReactNode }) {
  return (
    <Card size="small" title={title}>
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có số liệu" style={{ height: 228 }} />
      ) : (
        children
      )}
    </Card>
  );
}

export function DashboardCharts({ unitKey }: { unitKey?: string }) {
  const statistics = useQuery({
    queryKey: ['dashboard-statistics', unitKey],
    queryFn: () => getJson<Statistics>(`/api/dashboard/statistics${unitKey ? `?unitKey=${unitKey}` : ''}`),
    refetchInterval: 30_000,
  });
  const s = statistics.data;
  if (!s) return <Card loading={statistics.isPending}>{statistics.error?.message}</Card>;
  return (
    <Row gutter={[16, 16]} data-testid="dashboard-charts">
      <Col xs={24} xl={12}>
        <ChartCard title="Tiến độ đồng bộ 30 ngày qua" empty={s.progress.length === 0}>
          <EChart
            testId="chart-progress"
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 48, right: 16, top: 32, bottom: 32 },
              xAxis: {
                type: 'category',
                data: s.progress.map((p) => p.day.slice(5).split('-').reverse().join('/')),
              },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                {
                  name: 'Thành công',
                  type: 'line',
                  smooth: true,
                  data: s.progress.map((p) => p.success),
                  itemStyle: { color: '#389e0d' },
                },
                {
                  name: 'Thất bại',
                  type: 'line',
                  smooth: true,
                  data: s.progress.map((p) => p.failed),
                  itemStyle: { color: '#cf1322' },
                },
              ],
            }}
          />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title="Lỗi theo mã" empty={s.failuresByCode.length === 0}>
          <EChart
            testId="chart-failures"
            option={bars(
              s.failuresByCode.map((f) => f.code),
              s.failuresByCode.map((f) => f.count),
              '#cf1322',
              true,
            )}
          />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard title="Học sinh theo khối" empty={s.studentsByGrade.length === 0}>
          <EChart
            option={bars(
              s.studentsByGrade.map((g) => g.label),
              s.studentsByGrade.map((g) => g.count),
              '#1661ab',
            )}
          />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard title="Học sinh theo giới tính" empty={s.studentsByGender.length === 0}>
          <EChart option={pie(s.studentsByGender)} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard title="Học sinh theo dân tộc" empty={s.studentsByEthnicity.length === 0}>
          <EChart option={pie(s.studentsByEthnicity)} />
        </ChartCard>
      </Col>
    </Row>
  );
}
