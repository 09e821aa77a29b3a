// The dashboard's charts: decisions per day, failures by code, and the students held by
// grade, gender and ethnic group.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row } from 'antd';
import { getJson } from '../../api.ts';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { failureReason } from './format.ts';

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

/** Room for a category's label beside or under its bar: wide enough to read, never the whole chart. */
const labelWidth = (width: number) => Math.round(Math.min(260, Math.max(96, width * 0.42)));

/**
 * Bars, one per label. Every label is drawn whole: wrapped over lines where it is long (a failure's
 * reason beside a horizontal bar), turned where many short ones share a narrow axis (grades on a
 * phone). The grid takes the room its labels need (ECharts' outer bounds), so none is cut off.
 */
const bars =
  (labels: string[], values: number[], color: string, horizontal = false) =>
  (width: number): ChartOption => {
    const crowded = !horizontal && width / Math.max(labels.length, 1) < 64;
    return {
      tooltip: { trigger: 'axis', confine: true },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      [horizontal ? 'yAxis' : 'xAxis']: {
        type: 'category',
        data: labels,
        inverse: horizontal,
        axisLabel: horizontal
          ? { width: labelWidth(width), overflow: 'break', lineHeight: 14, interval: 0 }
          : { interval: 0, rotate: crowded ? 40 : 0 },
      },
      [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: values, itemStyle: { color }, barMaxWidth: 28 }],
    };
  };

/** Lines a label wraps to in `labelWidth` (about 6.5 px a character at 12 px), for the chart's height. */
const linesOf = (label: string, width: number) => Math.ceil((label.length * 6.5) / labelWidth(width));

const reasonOf = (f: { code: string; message: string }) => failureReason(f.code, f.message);

// Slices carry no labels of their own (a long name at the edge of a phone's screen would be cut):
// the legend, which wraps, names each with its count, and the tooltip gives the share.
const pie = (counts: Count[]): ChartOption => ({
  tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)', confine: true },
  legend: {
    bottom: 0,
    formatter: (name: string) => `${name}: ${counts.find((c) => c.label === name)?.count ?? ''}`,
  },
  series: [
    {
      type: 'pie',
      radius: ['30%', '58%'],
      center: ['50%', '40%'],
      label: { show: false },
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
            height={Math.max(
              260,
              32 + s.failuresByCode.reduce((h, f) => h + 14 * linesOf(reasonOf(f), 390) + 16, 0),
            )}
            option={bars(
              s.failuresByCode.map(reasonOf),
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
            testId="chart-grades"
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
          <EChart testId="chart-genders" option={pie(s.studentsByGender)} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard title="Học sinh theo dân tộc" empty={s.studentsByEthnicity.length === 0}>
          <EChart testId="chart-ethnic-groups" height={300} option={pie(s.studentsByEthnicity)} />
        </ChartCard>
      </Col>
    </Row>
  );
}
