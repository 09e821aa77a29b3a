// Nhật ký: who did what, when, from where — in words: the action by its name, the record it
// touched by its kind and name. The codes and ids stay at hand for support: the action's code
// and the record's id in a tooltip, the whole entry in the row's detail.
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { AUDIT_ACTION_LABELS, auditActionLabel, auditTargetLabel } from '#domain/api/audit.ts';
import { getJson } from '../../api.ts';
import { useT } from '../../i18n.tsx';

interface Entry {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  targetName: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const ACTION_OPTIONS = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }));

/** The record an entry touched, in words: "Lớp 4A", "Tài khoản Nguyễn Thị Lan (co.lan)", "Lô đồng bộ". */
function targetText(e: Entry): string {
  if (!e.targetKind) return '';
  const kind = auditTargetLabel(e.targetKind);
  // "Trường Tiểu học Thạch Thị" says it is a school already: no "Trường" before it.
  if (!e.targetName) return kind;
  return e.targetName.toLowerCase().startsWith(kind.toLowerCase()) ? e.targetName : `${kind} ${e.targetName}`;
}

export function AuditPage() {
  const t = useT();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState<string>();
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
    <Card title={t('Nhật ký')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="Tên đăng nhập" onSearch={setActor} style={{ width: 220 }} />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="Thao tác"
          options={ACTION_OPTIONS}
          value={action}
          onChange={setAction}
          style={{ width: 260 }}
          data-testid="audit-action"
        />
      </Space>
      <Table<Entry>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={entries.isPending}
        dataSource={entries.data?.items ?? []}
        expandable={{ expandedRowRender: (e) => <EntryDetail entry={e} /> }}
        columns={[
          {
            title: 'Thời gian',
            dataIndex: 'at',
            render: (v: string) => dayjs(v).format('DD/MM/YYYY HH:mm:ss'),
          },
          { title: 'Người thực hiện', dataIndex: 'actorName' },
          {
            title: 'Thao tác',
            dataIndex: 'action',
            render: (a: string) => <Tooltip title={a}>{auditActionLabel(a)}</Tooltip>,
          },
          {
            title: 'Đối tượng',
            render: (_, e) =>
              e.targetId ? <Tooltip title={`Mã: ${e.targetId}`}>{targetText(e)}</Tooltip> : targetText(e),
          },
          { title: 'IP', dataIndex: 'ip' },
        ]}
      />
    </Card>
  );
}

/** One entry whole, codes and ids included, as support asks for them. */
function EntryDetail({ entry }: { entry: Entry }) {
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { label: 'Mã thao tác', children: <Typography.Text code>{entry.action}</Typography.Text> },
        ...(entry.targetId
          ? [
              {
                label: 'Mã đối tượng',
                children: (
                  <Typography.Text code copyable>
                    {`${entry.targetKind ?? ''} ${entry.targetId}`.trim()}
                  </Typography.Text>
                ),
              },
            ]
          : []),
        ...(Object.keys(entry.details).length
          ? [
              {
                label: 'Chi tiết',
                children: <Typography.Text code>{JSON.stringify(entry.details)}</Typography.Text>,
              },
            ]
          : []),
      ]}
    />
  );
}
