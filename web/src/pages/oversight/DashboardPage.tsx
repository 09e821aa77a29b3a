// The province's (or the ministry's) view of sync: totals, the units below, each school.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Input, Row, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { getJson } from '../../api.ts';

interface Counts {
  held: number;
  pending: number;
  success: number;
  failed: number;
}

interface UnitRow {
  key: string;
  name: string;
  kind: string;
  schools: number;
  totals: Counts;
}

interface SchoolRow {
  key: string;
  code: string;
  name: string;
  totals: Counts;
  topFailures: { code: string; count: number }[];
  lastSuccessAt: string | null;
  lastActivityAt: string | null;
}

interface Dashboard {
  unit: { key: string; name: string; kind: string };
  totals: Counts & { schools: number; schoolsWithFailures: number };
  children: UnitRow[];
  schools: SchoolRow[];
}

const when = (iso: string | null) => (iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : 'Chưa đồng bộ');

export function DashboardPage() {
  const [unitKey, setUnitKey] = useState<string>();
  const [q, setQ] = useState('');
  const query = new URLSearchParams({ ...(unitKey ? { unitKey } : {}), ...(q ? { q } : {}) });
  const dashboard = useQuery({
    queryKey: ['dashboard', query.toString()],
    queryFn: () => getJson<Dashboard>(`/api/dashboard?${query}`),
    refetchInterval: 10_000,
  });
  const data = dashboard.data;
  return (
    <Card
      title={data ? `Theo dõi đồng bộ — ${data.unit.name}` : 'Theo dõi đồng bộ'}
      loading={dashboard.isPending}
    >
      {data && (
        <>
          <Row gutter={16} style={{ marginBottom: 24 }}>
            <Col span={4}>
              <Statistic title="Số trường" value={data.totals.schools} />
            </Col>
            <Col span={5}>
              <Statistic title="Bản ghi đã nhận" value={data.totals.held} />
            </Col>
            <Col span={5}>
              <Statistic title="Chờ xử lý" value={data.totals.pending} />
            </Col>
            <Col span={5}>
              <Statistic title="Thành công" value={data.totals.success} valueStyle={{ color: '#389e0d' }} />
            </Col>
            <Col span={5}>
              <Statistic
                title="Thất bại"
                value={data.totals.failed}
                valueStyle={{ color: data.totals.failed ? '#cf1322' : undefined }}
              />
            </Col>
          </Row>
          {data.children.length > 0 && (
            <Table<UnitRow>
              rowKey="key"
              size="small"
              style={{ marginBottom: 24 }}
              pagination={false}
              dataSource={data.children}
              onRow={(child) => ({ onClick: () => setUnitKey(child.key), style: { cursor: 'pointer' } })}
              columns={[
                { title: 'Đơn vị', dataIndex: 'name' },
                { title: 'Số trường', dataIndex: 'schools' },
                { title: 'Bản ghi', dataIndex: ['totals', 'held'] },
                { title: 'Chờ xử lý', dataIndex: ['totals', 'pending'] },
                { title: 'Thất bại', dataIndex: ['totals', 'failed'] },
              ]}
            />
          )}
          <Input.Search
            allowClear
            placeholder="Tìm trường"
            style={{ width: 280, marginBottom: 16 }}
            onSearch={setQ}
          />
          <Table<SchoolRow>
            rowKey="key"
            size="small"
            dataSource={data.schools}
            columns={[
              { title: 'Mã trường', dataIndex: 'code' },
              { title: 'Tên trường', dataIndex: 'name' },
              { title: 'Bản ghi', dataIndex: ['totals', 'held'] },
              { title: 'Chờ xử lý', dataIndex: ['totals', 'pending'] },
              { title: 'Thành công', dataIndex: ['totals', 'success'] },
              {
                title: 'Thất bại',
                dataIndex: ['totals', 'failed'],
                render: (n: number) => <Tag color={n ? 'error' : 'default'}>{n}</Tag>,
              },
              {
                title: 'Lỗi thường gặp',
                dataIndex: 'topFailures',
                render: (failures: { code: string; count: number }[]) =>
                  failures.map((f) => <Tag key={f.code}>{`${f.code} (${f.count})`}</Tag>),
              },
              { title: 'Đồng bộ thành công gần nhất', dataIndex: 'lastSuccessAt', render: when },
            ]}
          />
        </>
      )}
    </Card>
  );
}
