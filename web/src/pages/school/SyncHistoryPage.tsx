// Lịch sử đồng bộ: each sync with its counts and progress; a click opens its records with the
// status, the tier that decided, the reason of a failure, and the national identifier. Counts
// are of records (each as its newest decision says); the bar turns red when any failed. At a
// phone's width, runs and records are cards.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS } from '#domain/record-kinds.ts';
import { ApiError, getJson, postJson } from '../../api.ts';
import { RecordCards } from '../../components/RecordCards.tsx';
import { SyncStateTag } from '../../components/SyncStateTag.tsx';
import { useNarrow } from '../../components/useNarrow.ts';

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
  counts: Counts;
  /** The records that travelled with the run's own (its classes, its school…). */
  dependencies: Counts;
  progress: number;
}

interface Counts {
  pending: number;
  success: number;
  failed: number;
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
      current.state.data?.items.some((r) => r.counts.pending + r.dependencies.pending > 0) ? 2000 : false,
  });
  const narrow = useNarrow();
  const columns: ColumnsType<Run> = [
    {
      title: 'Thời gian',
      dataIndex: 'createdAt',
      render: (v: string) => dayjs(v).format('DD/MM/YYYY HH:mm'),
    },
    { title: 'Hạng mục', dataIndex: 'kind', render: (v: string) => KIND_LABELS[v] ?? v },
    { title: 'Người đồng bộ', dataIndex: 'requestedBy' },
    {
      title: 'Số bản ghi',
      dataIndex: 'records',
      render: (n: number, run) => <RecordCount n={n} run={run} />,
    },
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
      render: (p: number, run) => <RunProgress progress={p} run={run} />,
    },
  ];
  return (
    <Card title="Lịch sử đồng bộ" styles={narrow ? { body: { padding: 12 } } : undefined}>
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
      {narrow ? (
        <RecordCards<Run>
          rows={runs.data?.items ?? []}
          loading={runs.isPending}
          columns={columns}
          onOpen={setOpen}
        />
      ) : (
        <Table<Run>
          rowKey="id"
          loading={runs.isPending}
          dataSource={runs.data?.items ?? []}
          onRow={(run) => ({ onClick: () => setOpen(run), style: { cursor: 'pointer' } })}
          columns={columns}
        />
      )}
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
  const narrow = useNarrow();
  const columns: ColumnsType<RunItem> = [
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
  ];
  // At a phone's width the drawer's title takes its whole header: the button goes below.
  const retry = run.counts.failed + run.dependencies.failed > 0 && (
    <Button danger onClick={retryFailed} data-testid="retry-failed">
      Đồng bộ lại các bản ghi lỗi
    </Button>
  );
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
      size={narrow ? '100%' : 900}
      onClose={onClose}
      title={`${KIND_LABELS[run.kind] ?? run.kind} — ${dayjs(run.createdAt).format('DD/MM/YYYY HH:mm')}`}
      extra={!narrow && retry}
    >
      <Space style={{ marginBottom: 16 }} wrap>
        {narrow && retry}
        <Select
          allowClear
          placeholder="Trạng thái"
          style={{ width: 180 }}
          onChange={setStatus}
          options={STATUS_OPTIONS}
        />
      </Space>
      {narrow ? (
        <RecordCards<RunItem> rows={items.data?.items ?? []} loading={items.isPending} columns={columns} />
      ) : (
        <Table<RunItem>
          rowKey={(item) => `${item.kind}:${item.id}:${item.version}`}
          size="small"
          loading={items.isPending}
          dataSource={items.data?.items ?? []}
          columns={columns}
        />
      )}
    </Drawer>
  );
}

/** The run's own records, and how many travelled with them (and failed, if any did). */
function RecordCount({ n, run }: { n: number; run: Run }) {
  const { pending, success, failed } = run.dependencies;
  const along = pending + success + failed;
  return (
    <Space size={4} wrap>
      {n}
      {along > 0 && <Typography.Text type="secondary">(kèm {along} bản ghi liên quan)</Typography.Text>}
      {failed > 0 && <Tag color="error">{failed} bản ghi liên quan thất bại</Tag>}
    </Space>
  );
}

/** Green only when every record went through; red as soon as one failed. */
function RunProgress({ progress, run }: { progress: number; run: Run }) {
  const failed = run.counts.failed + run.dependencies.failed > 0;
  return (
    <Progress
      percent={Math.round(progress * 100)}
      size="small"
      status={failed ? 'exception' : progress >= 1 ? 'success' : 'active'}
      data-testid="run-progress"
    />
  );
}
