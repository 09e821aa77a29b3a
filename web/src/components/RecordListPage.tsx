// A school list (classes, staff, students): search and filters, paging, row ticks, each row's
// sync status and national identifier, and "Đồng bộ lên CSDL Quốc gia" with a confirmation.

import { DeleteOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { ApiError, getJson, type Page, request, type SyncState } from '../api.ts';
import { useT } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { ColumnSettings, useColumnChoice } from './ColumnSettings.tsx';
import { ExcelImport } from './ExcelImport.tsx';
import { SyncStateTag } from './SyncStateTag.tsx';
import { useSyncConfirm } from './useSyncConfirm.tsx';

export interface ListRow {
  id: string;
  syncState: SyncState;
  syncError?: string | null;
  nationalId: string | null;
}

export interface Filter {
  key: string;
  placeholder: string;
  options: { value: string; label: string }[];
}

interface Props<Row extends ListRow> {
  title: string;
  listUrl: string;
  syncUrl: string;
  category: string;
  columns: ColumnsType<Row>;
  filters?: Filter[];
  searchPlaceholder?: string;
  extra?: ReactNode;
  /** Base of the list's Excel routes, e.g. /api/students (export.xlsx, template.xlsx, import). */
  excelBase?: string;
  /** Extra actions on each row (e.g. Giải thể for a class). */
  rowActions?: (row: Row, refresh: () => Promise<void>) => ReactNode;
  /** The add / edit form, when the list has one. */
  editor?: (props: { id?: string; onClose: (saved: boolean) => void }) => ReactNode;
}

export function RecordListPage<Row extends ListRow>(props: Props<Row>) {
  const { message } = App.useApp();
  const t = useT();
  const session = useSession();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [editing, setEditing] = useState<{ id?: string }>();

  const filtered = new URLSearchParams(q ? { q } : {});
  for (const [key, value] of Object.entries(filters)) if (value) filtered.set(key, value);
  const filterQuery = filtered.toString();
  const query = new URLSearchParams({
    page: String(page),
    pageSize: String(pageSize),
    ...Object.fromEntries(filtered),
  });
  const list = useQuery({
    queryKey: [props.listUrl, query.toString()],
    queryFn: () => getJson<Page<Row>>(`${props.listUrl}?${query}`),
    // While a sync is under way, the statuses are refreshed until they settle.
    refetchInterval: (current) =>
      current.state.data?.items.some((r) => r.syncState === 'pending') ? 2000 : false,
  });

  const canSync = session.can(`${props.category}:sync`);

  const confirmSync = useSyncConfirm(props.syncUrl, async () => {
    setSelected([]);
    await client.invalidateQueries({ queryKey: [props.listUrl] });
  });

  const keyOf = (column: ColumnsType<Row>[number]) =>
    String(column.key ?? ['dataIndex' in column ? column.dataIndex : ''].flat().join('.'));
  const choice = useColumnChoice(props.listUrl.replace('/api/', ''));
  const all = props.columns.map((column) => ({ key: keyOf(column), title: String(column.title), column }));
  const translated = (column: ColumnsType<Row>[number]) =>
    typeof column.title === 'string' ? { ...column, title: t(column.title) } : column;
  const shown = choice.columns
    ? choice.columns.map((key) => all.find((c) => c.key === key)).filter((c) => c !== undefined)
    : all;
  const columns: ColumnsType<Row> = [
    ...shown.map((c) => translated(c.column)),
    {
      title: t('Đồng bộ'),
      dataIndex: 'syncState',
      width: 130,
      render: (state: SyncState, row: Row) => (
        <SyncStateTag state={state} reason={row.syncError ?? undefined} />
      ),
    },
    {
      title: t('Mã định danh'),
      dataIndex: 'nationalId',
      width: 140,
      render: (value: string | null) => value ?? '',
    },
    ...(props.rowActions && session.can(`${props.category}:edit`)
      ? [
          {
            title: '',
            key: 'row-actions',
            render: (_: unknown, row: Row) =>
              props.rowActions?.(row, () => client.invalidateQueries({ queryKey: [props.listUrl] })),
          },
        ]
      : []),
    ...(props.editor && session.can(`${props.category}:edit`)
      ? [
          {
            title: '',
            key: 'actions',
            width: 150,
            // Kept in view when a wide list scrolls sideways on a laptop screen.
            fixed: 'right' as const,
            render: (_: unknown, row: Row) => (
              <Space>
                <Button size="small" onClick={() => setEditing({ id: row.id })}>
                  {t('Chỉnh sửa')}
                </Button>
                <Popconfirm
                  title={t('Xoá bản ghi này?')}
                  description={t('Bản ghi xoá vẫn được đồng bộ để CSDL Tỉnh biết.')}
                  okText={t('Xoá')}
                  cancelText={t('Huỷ')}
                  onConfirm={async () => {
                    try {
                      await request('DELETE', `${props.listUrl}/${row.id}`);
                      message.success(t('Đã xoá.'));
                      await client.invalidateQueries({ queryKey: [props.listUrl] });
                    } catch (error) {
                      message.error(error instanceof ApiError ? error.message : String(error));
                    }
                  }}
                >
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('Xoá')}
                    title={t('Xoá')}
                    data-testid="row-delete"
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t(props.title)}
      extra={
        canSync && (
          <Space>
            <Button
              disabled={selected.length === 0}
              type="primary"
              onClick={() => confirmSync(selected)}
              data-testid="sync-selected"
            >
              {t('Đồng bộ lên CSDL Quốc gia')}
              {selected.length ? ` (${selected.length})` : ''}
            </Button>
            <Button onClick={() => confirmSync('all')} data-testid="sync-all">
              Đồng bộ tất cả bản ghi chưa đồng bộ
            </Button>
          </Space>
        )
      }
    >
      {/* Sized so that the whole toolbar fits one line of a 1366-px laptop screen. */}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={props.searchPlaceholder ?? 'Tìm kiếm'}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
          style={{ width: 240 }}
        />
        {props.filters?.map((filter) => (
          <Select
            key={filter.key}
            allowClear
            placeholder={filter.placeholder}
            options={filter.options}
            style={{ minWidth: 140 }}
            popupMatchSelectWidth={false}
            onChange={(value: string | undefined) => {
              setFilters((current) => ({ ...current, [filter.key]: value }));
              setPage(1);
            }}
          />
        ))}
        {props.editor && session.can(`${props.category}:edit`) && (
          <Button type="primary" ghost onClick={() => setEditing({})}>
            {t('Thêm mới')}
          </Button>
        )}
        <ColumnSettings
          all={all}
          visible={shown.map((c) => c.key)}
          onChange={(next) => void choice.save(next)}
        />
        {props.extra}
        {props.excelBase && (
          <>
            <Button href={`${props.excelBase}/export.xlsx?${filterQuery}`}>{t('Xuất Excel')}</Button>
            <Button href={`${props.excelBase}/template.xlsx`}>{t('Tải tệp mẫu')}</Button>
            {session.can(`${props.category}:edit`) && (
              <ExcelImport
                importUrl={`${props.excelBase}/import`}
                onImported={() => void client.invalidateQueries({ queryKey: [props.listUrl] })}
              />
            )}
          </>
        )}
      </Space>
      {list.isError && <Typography.Text type="danger">{list.error.message}</Typography.Text>}
      {/* The user's own columns, not a flash of the default ones first. */}
      {choice.ready && (
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          columns={columns}
          rowSelection={
            canSync
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
              : undefined
          }
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `${total} ${t('bản ghi')}`,
            onChange: (next, size) => {
              setPage(next);
              setPageSize(size);
            },
          }}
          scroll={{ x: 'max-content' }}
        />
      )}
      {editing &&
        props.editor?.({
          id: editing.id,
          onClose: (saved) => {
            setEditing(undefined);
            if (saved) void client.invalidateQueries({ queryKey: [props.listUrl] });
          },
        })}
    </Card>
  );
}
