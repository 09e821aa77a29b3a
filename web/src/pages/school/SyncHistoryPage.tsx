// Lịch sử đồng bộ: each sync with its counts and progress; a click opens its records with the
// status, the tier that decided, the reason of a failure, and the national identifier.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS } from '#domain/record-kinds.ts';
import { ApiError, getJson, postJson } from '../../api.ts';
import { SyncStateTag } from '../../components/SyncStateTag.tsx';

const KIND_LABELS: Record<string, string> = Object.fromEntries(
  RECORD_KINDS.map((kind) => [kind, RECORD_KIND_DEFINITIONS[kind].label]),
);
const TIER_LABELS: Record<string, string> = { province: 'CSDL Tỉnh', national: 'CSDL Quốc gia' };
const STATUS_OPTIONS = [
  { value: 'pending', label: 'Chờ xử lý' },
  { value: 'success', label: 'Thành công' },
  { value: 'failed', label: 'Thất bại' },
];

interface Run {
  id: string;
  kind: string;
  createdAt: string;
  requestedBy: string | null;
  records: number;
  counts: { pending: number; success: number; failed: number };
  progress: number;
}

interface RunItem {
  kind: string;
  id: string;
  label: string;
  version: number;
  status: 'pending' | 'success' | 'failed';
  decidedBy: string | null;
  error: { code: string; field: string; message: string } | null;
  nationalId: string | null;
}

export function SyncHistoryPage() {
  const [kind, setKind] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [open, setOpen] = useState<Run>();
  const query = new URLSearchParams({ ...(kind ? { kind } : {}), ...(status ? { status } : {}) });
  const runs = useQuery({
    queryKey: ['sync-runs', query.toString()],
    queryFn: () => getJson<{ items: Run[] }>(`/api/sync/runs?${query}`),
    refetchInterval: (current) =>
      current.state.data?.items.some((r) => r.counts.pending > 0) ? 2000 : false,
  });
  return (
    <Card title="Lịch sử đồng bộ">
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          allowClear
          placeholder="Hạng mục"
          style={{ width: 200 }}
          onChange={setKind}
          options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="Có bản ghi đang"
          style={{ width: 200 }}
          onChange={setStatus}
          options={STATUS_OPTIONS}
        />
      </Space>
      <Table<Run>
        rowKey="id"
        loading={runs.isPending}
        dataSource={runs.data?.items ?? []}
        onRow={(run) => ({ onClick: () => setOpen(run), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: 'Thời gian',
            dataIndex: 'createdAt',
            render: (v: string) => dayjs(v).format('DD/MM/YYYY HH:mm'),
          },
          { title: 'Hạng mục', dataIndex: 'kind', render: (v: string) => KIND_LABELS[v] ?? v },
          { title: 'Người đồng bộ', dataIndex: 'requestedBy' },
          { title: 'Số bản ghi', dataIndex: 'records' },
          {
            title: 'Chờ xử lý',
            dataIndex: ['counts', 'pending'],
            render: (n: number) => <Tag color="processing">{n}</Tag>,
          },
          {
            title: 'Thành công',
            dataIndex: ['counts', 'success'],
            render: (n: number) => <Tag color="success">{n}</Tag>,
          },
          {
            title: 'Thất bại',
            dataIndex: ['counts', 'failed'],
            render: (n: number) => <Tag color={n ? 'error' : 'default'}>{n}</Tag>,
          },
          {
            title: 'Tiến độ',
            dataIndex: 'progress',
            width: 160,
            render: (p: number) => <Progress percent={Math.round(p * 100)} size="small" />,
          },
        ]}
      />
      {open && <RunDrawer run={open} onClose={() => setOpen(undefined)} />}
    </Card>
  );
}

function RunDrawer({ run, onClose }: { run: Run; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<string>();
  const items = useQuery({
    queryKey: ['sync-run-items', run.id, status],
    queryFn: () =>
      getJson<{ items: RunItem[] }>(`/api/sync/runs/${run.id}/items${status ? `?status=${status}` : ''}`),
    refetchInterval: (current) =>
      current.state.data?.items.some((i) => i.status === 'pending') ? 2000 : false,
  });
  async function retryFailed() {
    try {
      const answer = await postJson<{ records: number }>(`/api/sync/runs/${run.id}/retry-failed`);
      message.success(`Đã gửi lại ${answer.records} bản ghi.`);
      await client.invalidateQueries({ queryKey: ['sync-runs'] });
      onClose();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  }
  return (
    <Drawer
      open
      width={900}
      onClose={onClose}
      title={`${KIND_LABELS[run.kind] ?? run.kind} — ${dayjs(run.createdAt).format('DD/MM/YYYY HH:mm')}`}
      extra={
        run.counts.failed > 0 && (
          <Button danger onClick={retryFailed} data-testid="retry-failed">
            Đồng bộ lại các bản ghi lỗi
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="Trạng thái"
          style={{ width: 180 }}
          onChange={setStatus}
          options={STATUS_OPTIONS}
        />
      </Space>
      <Table<RunItem>
        rowKey={(item) => `${item.kind}:${item.id}:${item.version}`}
        size="small"
        loading={items.isPending}
        dataSource={items.data?.items ?? []}
        columns={[
          { title: 'Bản ghi', dataIndex: 'label' },
          { title: 'Loại', dataIndex: 'kind', render: (v: string) => KIND_LABELS[v] ?? v },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            render: (s: RunItem['status'], item) => <SyncStateTag state={s} reason={item.error?.message} />,
          },
          {
            title: 'Tầng quyết định',
            dataIndex: 'decidedBy',
            render: (v: string | null) => (v ? (TIER_LABELS[v] ?? v) : ''),
          },
          {
            title: 'Lý do',
            dataIndex: 'error',
            render: (error: RunItem['error']) =>
              error && (
                <Typography.Text type="danger">
                  {error.message} <Typography.Text type="secondary">({error.code})</Typography.Text>
                </Typography.Text>
              ),
          },
          { title: 'Mã định danh', dataIndex: 'nationalId' },
        ]}
      />
    </Drawer>
  );
}
