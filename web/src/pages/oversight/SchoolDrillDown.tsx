// One school as this tier holds it: its records per category (with the last sync decision of
// each) and the records whose last sync failed, with the reasons.
import { useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Input, Segmented, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { getJson, type SyncState } from '../../api.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { SyncStateTag, syncStateLabel } from '../../components/SyncStateTag.tsx';
import { KIND_LABELS, type SchoolRow } from './dashboard-types.ts';
import { day as date, moment } from './format.ts';

interface PageOf<T> {
  school: { key: string; code: string; name: string };
  items: T[];
  total: number;
}

interface HeldRecord {
  id: string;
  /** A person's, a class's or the school's name; a learning result's pupil's. */
  name: string;
  /** A pupil's or a result's class. */
  className: string | null;
  schoolYear: string | null;
  /** A result's evaluation period by its name (Giữa học kỳ I…). */
  period: string | null;
  birthDate: string | null;
  personalId: string | null;
  nationalId: string | null;
  deleted: boolean;
  /** A dissolved class: the day it was dissolved at its school. */
  dissolvedOn: string | null;
  status: Exclude<SyncState, 'unsynced'> | null;
  error: { code: string; message: string } | null;
}

interface Failure {
  recordId: string;
  kind: keyof typeof KIND_LABELS;
  version: number;
  name: string | null;
  decidedBy: string | null;
  error: { code: string; message: string } | null;
  at: string;
}

const TIERS: Record<string, string> = { province: 'CSDL Tỉnh', national: 'CSDL Quốc gia' };

export function SchoolDrillDown({ school, onClose }: { school: SchoolRow; onClose: () => void }) {
  return (
    <Drawer open size={1000} title={`${school.name} (${school.code})`} onClose={onClose}>
      <Tabs
        items={[
          { key: 'records', label: 'Bản ghi đang giữ', children: <HeldRecords school={school} /> },
          {
            key: 'failures',
            label: (
              <span>
                Thất bại {school.totals.failed > 0 && <Tag color="error">{school.totals.failed}</Tag>}
              </span>
            ),
            children: <Failures school={school} />,
          },
        ]}
      />
    </Drawer>
  );
}

function HeldRecords({ school }: { school: SchoolRow }) {
  const [kind, setKind] = useState<keyof typeof KIND_LABELS>('student');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const query = new URLSearchParams({
    schoolKey: school.key,
    kind,
    page: String(page),
    pageSize: '20',
    ...(q ? { q } : {}),
  });
  const records = useQuery({
    queryKey: ['school-records', query.toString()],
    queryFn: () => getJson<PageOf<HeldRecord>>(`/api/dashboard/school-records?${query}`),
  });
  const person = kind === 'student' || kind === 'staff';
  const result = kind === 'result';
  // A result is named by its pupil, and placed by class, school year and period. The school year
  // is the same down a page of results: a phone leaves it out (`wideOnly`).
  const extra = [
    { title: 'Lớp', value: (r: HeldRecord) => r.className, shown: kind === 'student' || result },
    { title: 'Năm học', value: (r: HeldRecord) => r.schoolYear, shown: result, wideOnly: true },
    { title: 'Kỳ đánh giá', value: (r: HeldRecord) => r.period, shown: result },
  ].filter((column) => column.shown);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={kind}
          options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(value) => {
            setKind(value as keyof typeof KIND_LABELS);
            setPage(1);
          }}
        />
        <Input.Search
          allowClear
          placeholder="Tên, số định danh hoặc mã định danh"
          style={{ width: 280 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <ExportButton
          title={`${KIND_LABELS[kind]} — ${school.name}`}
          rows={records.data?.items ?? []}
          columns={[
            { header: result ? 'Học sinh' : 'Tên', value: (r) => r.name },
            ...extra.map(({ title, value }) => ({ header: title, value })),
            ...(person
              ? [
                  { header: 'Ngày sinh', value: (r: HeldRecord) => date(r.birthDate) },
                  { header: 'Số định danh cá nhân', value: (r: HeldRecord) => r.personalId },
                ]
              : []),
            ...(result ? [] : [{ header: 'Mã định danh', value: (r: HeldRecord) => r.nationalId }]),
            ...(kind === 'class'
              ? [{ header: 'Giải thể ngày', value: (r: HeldRecord) => date(r.dissolvedOn) }]
              : []),
            { header: 'Trạng thái', value: (r) => syncStateLabel(r.status) },
            { header: 'Lý do', value: (r) => r.error?.message ?? null },
          ]}
        />
      </Space>
      {records.isError && <Alert type="error" showIcon message={records.error.message} />}
      <Table<HeldRecord>
        rowKey="id"
        size="small"
        loading={records.isPending}
        dataSource={records.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: records.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `${n} bản ghi`,
        }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: result ? 'Học sinh' : 'Tên',
            dataIndex: 'name',
            render: (name: string, r) => (
              <>
                {r.deleted ? <s>{name}</s> : name}
                {r.dissolvedOn !== null && (
                  <Tag style={{ marginLeft: 8 }}>
                    Đã giải thể{r.dissolvedOn ? ` ngày ${date(r.dissolvedOn)}` : ''}
                  </Tag>
                )}
              </>
            ),
          },
          ...extra.map(({ title, value, wideOnly }) => ({
            title,
            key: title,
            render: (_: unknown, r: HeldRecord) => value(r),
            responsive: wideOnly ? ['md' as const] : undefined,
          })),
          ...(person
            ? [
                { title: 'Ngày sinh', dataIndex: 'birthDate', render: date },
                { title: 'Số định danh cá nhân', dataIndex: 'personalId' },
              ]
            : []),
          ...(result ? [] : [{ title: 'Mã định danh', dataIndex: 'nationalId' }]),
          {
            title: 'Đồng bộ',
            dataIndex: 'status',
            render: (status: HeldRecord['status'], r) =>
              status ? <SyncStateTag state={status} reason={r.error?.message} /> : null,
          },
        ]}
      />
    </>
  );
}

function Failures({ school }: { school: SchoolRow }) {
  const [page, setPage] = useState(1);
  const failures = useQuery({
    queryKey: ['school-failures', school.key, page],
    queryFn: () =>
      getJson<PageOf<Failure>>(
        `/api/dashboard/school-failures?schoolKey=${school.key}&page=${page}&pageSize=20`,
      ),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <ExportButton
          title={`Bản ghi thất bại — ${school.name}`}
          rows={failures.data?.items ?? []}
          columns={[
            { header: 'Loại', value: (f) => KIND_LABELS[f.kind] ?? f.kind },
            { header: 'Tên', value: (f) => f.name },
            { header: 'Mã lỗi', value: (f) => f.error?.code ?? null },
            { header: 'Lý do', value: (f) => f.error?.message ?? null },
            { header: 'Nơi quyết định', value: (f) => TIERS[f.decidedBy ?? ''] ?? f.decidedBy },
            { header: 'Thời điểm', value: (f) => moment(f.at) },
          ]}
        />
      </Space>
      {failures.isError && <Alert type="error" showIcon message={failures.error.message} />}
      <Table<Failure>
        rowKey={(f) => `${f.recordId}:${f.version}`}
        size="small"
        loading={failures.isPending}
        dataSource={failures.data?.items ?? []}
        locale={{ emptyText: 'Không có bản ghi thất bại.' }}
        pagination={{ current: page, pageSize: 20, total: failures.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: 'Loại', dataIndex: 'kind', render: (k: Failure['kind']) => KIND_LABELS[k] ?? k },
          {
            title: 'Tên',
            dataIndex: 'name',
            render: (n: string | null) => n ?? <i>(tỉnh không giữ bản ghi)</i>,
          },
          {
            title: 'Mã lỗi',
            dataIndex: ['error', 'code'],
            render: (c: string) => <Tag color="error">{c}</Tag>,
          },
          { title: 'Lý do', dataIndex: ['error', 'message'] },
          {
            title: 'Nơi quyết định',
            dataIndex: 'decidedBy',
            render: (d: string | null) => TIERS[d ?? ''] ?? d,
          },
          {
            title: 'Thời điểm',
            dataIndex: 'at',
            render: moment,
          },
        ]}
      />
    </>
  );
}
