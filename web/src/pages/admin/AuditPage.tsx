import { useQuery } from '@tanstack/react-query';
import { Card, Input, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { getJson } from '../../api.ts';

interface Entry {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** Nhật ký: who did what, when, from where; filters by person and action. */
export function AuditPage() {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const query = new URLSearchParams({
    pageSize: '200',
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
  });
  const entries = useQuery({
    queryKey: ['audit', query.toString()],
    queryFn: () => getJson<{ items: Entry[] }>(`/api/audit?${query}`),
  });
  return (
    <Card title="Nhật ký">
      <Space style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="Tên đăng nhập" onSearch={setActor} style={{ width: 220 }} />
        <Input.Search
          allowClear
          placeholder="Thao tác (ví dụ auth.)"
          onSearch={setAction}
          style={{ width: 220 }}
        />
      </Space>
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={entries.isPending}
        dataSource={entries.data?.items ?? []}
        columns={[
          {
            title: 'Thời gian',
            dataIndex: 'at',
            render: (v: string) => dayjs(v).format('DD/MM/YYYY HH:mm:ss'),
          },
          { title: 'Người thực hiện', dataIndex: 'actorName' },
          { title: 'Thao tác', dataIndex: 'action' },
          { title: 'Đối tượng', render: (_, e) => [e.targetKind, e.targetId].filter(Boolean).join(' ') },
          { title: 'IP', dataIndex: 'ip' },
          {
            title: 'Chi tiết',
            dataIndex: 'details',
            render: (d: Record<string, unknown>) => (Object.keys(d).length ? JSON.stringify(d) : ''),
          },
        ]}
      />
    </Card>
  );
}
