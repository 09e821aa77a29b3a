// The province's (or the ministry's) view of sync over the officer's subtree: totals, the units
// below, every school with its figures per category and how fresh its last sync is (stale ones
// stand out), charts, and a drill-down into a school's records and failures.
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { getJson } from '../../api.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { useT } from '../../i18n.tsx';
import { SubmissionSummary } from '../periods/SubmissionSummary.tsx';
import { useCodeList } from '../school/useReference.ts';
import { DashboardCharts } from './DashboardCharts.tsx';
import { type Dashboard, KIND_LABELS, type Kind, type SchoolRow, type UnitRow } from './dashboard-types.ts';
import { failureReason } from './format.ts';
import { SchoolDrillDown } from './SchoolDrillDown.tsx';

/** A school whose last successful sync is older than this stands out. */
const STALE_AFTER_DAYS = 7;
const isStale = (s: SchoolRow) =>
  !s.lastSuccessAt || dayjs().diff(s.lastSuccessAt, 'day') >= STALE_AFTER_DAYS;
const when = (iso: string | null) => (iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : 'Chưa đồng bộ');

const STATUS_FILTERS: Record<string, { label: string; test: (s: SchoolRow) => boolean }> = {
  failed: { label: 'Có bản ghi thất bại', test: (s) => s.totals.failed > 0 },
  pending: { label: 'Đang chờ xử lý', test: (s) => s.totals.pending > 0 },
  stale: { label: `Quá ${STALE_AFTER_DAYS} ngày chưa đồng bộ`, test: isStale },
  never: { label: 'Chưa đồng bộ lần nào', test: (s) => !s.lastActivityAt },
};

/** `submissions`: the tier keeps reporting periods (the province), so their submissions show on top. */
export function DashboardPage({ submissions = false }: { submissions?: boolean }) {
  const t = useT();
  const levels = useCodeList('school-levels');
  const [trail, setTrail] = useState<{ key: string; name: string }[]>([]);
  const [q, setQ] = useState('');
  const [level, setLevel] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [school, setSchool] = useState<SchoolRow>();
  const unitKey = trail.at(-1)?.key;
  const query = new URLSearchParams({ ...(unitKey ? { unitKey } : {}), ...(q ? { q } : {}) });
  const dashboard = useQuery({
    queryKey: ['dashboard', query.toString()],
    queryFn: () => getJson<Dashboard>(`/api/dashboard?${query}`),
    refetchInterval: 10_000,
  });
  const data = dashboard.data;
  const schools = (data?.schools ?? []).filter(
    (s) => (!level || s.levelCode === level) && (!status || STATUS_FILTERS[status]!.test(s)),
  );
  const held = (kind: Kind) => (data?.schools ?? []).reduce((sum, s) => sum + (s.byKind[kind]?.held ?? 0), 0);
  const title = data ? `${t('Theo dõi đồng bộ')} — ${data.unit.name}` : t('Theo dõi đồng bộ');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {submissions && <SubmissionSummary />}
      <Card title={title} loading={dashboard.isPending}>
        {dashboard.isError && <Alert type="error" showIcon message={dashboard.error.message} />}
        {trail.length > 0 && (
          <Breadcrumb
            style={{ marginBottom: 16 }}
            items={[{ key: '', name: 'Toàn bộ' }, ...trail].map((unit, i) => ({
              title: (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={() => setTrail(trail.slice(0, i))}
                >
                  {unit.name}
                </Button>
              ),
            }))}
          />
        )}
        {data && (
          <Row gutter={16} data-testid="dashboard-totals">
            {[
              ['Số trường', data.totals.schools],
              ['Lớp', held('class')],
              ['Giáo viên', held('staff')],
              ['Học sinh', held('student')],
              ['Chờ xử lý', data.totals.pending],
              ['Thất bại', data.totals.failed],
            ].map(([label, value]) => (
              <Col span={4} key={label}>
                <Statistic
                  title={label}
                  value={value}
                  valueStyle={label === 'Thất bại' && Number(value) > 0 ? { color: '#cf1322' } : undefined}
                />
              </Col>
            ))}
          </Row>
        )}
      </Card>
      {data && <DashboardCharts unitKey={unitKey} />}
      {data && data.children.length > 0 && (
        <Card
          size="small"
          title="Theo đơn vị"
          extra={
            <ExportButton
              title={`Tình hình đồng bộ theo đơn vị — ${data.unit.name}`}
              rows={data.children}
              columns={[
                { header: 'Đơn vị', value: (u) => u.name },
                { header: 'Số trường', value: (u) => u.schools },
                { header: 'Bản ghi', value: (u) => u.totals.held },
                { header: 'Chờ xử lý', value: (u) => u.totals.pending },
                { header: 'Thất bại', value: (u) => u.totals.failed },
              ]}
            />
          }
        >
          <Table<UnitRow>
            rowKey="key"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={data.children}
            onRow={(child) => ({
              onClick: () => setTrail([...trail, { key: child.key, name: child.name }]),
              style: { cursor: 'pointer' },
            })}
            columns={[
              { title: 'Đơn vị', dataIndex: 'name' },
              { title: 'Số trường', dataIndex: 'schools' },
              { title: 'Bản ghi', dataIndex: ['totals', 'held'] },
              { title: 'Chờ xử lý', dataIndex: ['totals', 'pending'] },
              {
                title: 'Thất bại',
                dataIndex: ['totals', 'failed'],
                render: (n: number) => <Tag color={n ? 'error' : 'default'}>{n}</Tag>,
              },
            ]}
          />
        </Card>
      )}
      {data && (
        <Card
          size="small"
          title={`Các trường (${schools.length})`}
          extra={
            <ExportButton
              title={`Tình hình đồng bộ các trường — ${data.unit.name}`}
              rows={schools}
              columns={[
                { header: 'Mã trường', value: (s) => s.code },
                { header: 'Tên trường', value: (s) => s.name },
                { header: 'Cấp học', value: (s) => (s.levelCode ? levels.nameOf(s.levelCode) : '') },
                ...(Object.keys(KIND_LABELS) as Kind[]).map((kind) => ({
                  header: `${KIND_LABELS[kind]}: đã nhận / thất bại`,
                  value: (s: SchoolRow) => `${s.byKind[kind]?.held ?? 0} / ${s.byKind[kind]?.failed ?? 0}`,
                })),
                { header: 'Chờ xử lý', value: (s) => s.totals.pending },
                { header: 'Thất bại', value: (s) => s.totals.failed },
                { header: 'Đồng bộ thành công gần nhất', value: (s) => when(s.lastSuccessAt) },
              ]}
            />
          }
        >
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search allowClear placeholder="Tìm trường" style={{ width: 240 }} onSearch={setQ} />
            <Select
              allowClear
              placeholder="Cấp học"
              style={{ width: 200 }}
              options={levels.options}
              onChange={setLevel}
            />
            <Select
              allowClear
              placeholder="Tình trạng"
              style={{ width: 240 }}
              options={Object.entries(STATUS_FILTERS).map(([value, f]) => ({ value, label: f.label }))}
              onChange={setStatus}
              data-testid="dashboard-status-filter"
            />
          </Space>
          <Table<SchoolRow>
            rowKey="key"
            size="small"
            dataSource={schools}
            rowClassName={(s) => (isStale(s) ? 'stale-school' : '')}
            onRow={(s) => ({ onClick: () => setSchool(s), style: { cursor: 'pointer' } })}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: 'Mã trường', dataIndex: 'code' },
              { title: 'Tên trường', dataIndex: 'name' },
              ...(['student', 'staff', 'class', 'result'] as Kind[]).map((kind) => ({
                title: KIND_LABELS[kind],
                key: kind,
                render: (_: unknown, s: SchoolRow) => {
                  const counts = s.byKind[kind];
                  if (!counts) return <span style={{ color: '#999' }}>—</span>;
                  return (
                    <Tooltip
                      title={`Đã nhận ${counts.held}, thành công ${counts.success}, chờ ${counts.pending}, thất bại ${counts.failed}`}
                    >
                      {counts.held}
                      {counts.pending > 0 && (
                        <Tag color="processing" style={{ marginLeft: 4 }}>
                          {counts.pending}
                        </Tag>
                      )}
                      {counts.failed > 0 && (
                        <Tag color="error" style={{ marginLeft: 4 }}>
                          {counts.failed}
                        </Tag>
                      )}
                    </Tooltip>
                  );
                },
              })),
              {
                title: 'Lỗi thường gặp',
                dataIndex: 'topFailures',
                render: (failures: { code: string; count: number }[]) =>
                  failures.map((f) => (
                    <Tooltip key={f.code} title={f.code}>
                      <Tag style={{ whiteSpace: 'normal', maxWidth: 320 }}>
                        {`${failureReason(f.code)} (${f.count})`}
                      </Tag>
                    </Tooltip>
                  )),
              },
              {
                title: 'Đồng bộ thành công gần nhất',
                dataIndex: 'lastSuccessAt',
                render: (iso: string | null, s: SchoolRow) =>
                  isStale(s) ? <Tag color="warning">{when(iso)}</Tag> : when(iso),
              },
            ]}
          />
        </Card>
      )}
      {school && <SchoolDrillDown school={school} onClose={() => setSchool(undefined)} />}
    </Space>
  );
}
