// A school list (classes, staff, students): search and filters, paging, row ticks, each row's
// sync status and national identifier, and "Đồng bộ lên CSDL Quốc gia" with a confirmation.
// A click on a row opens the record; at a phone's width the rows are cards.

import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { ApiError, getJson, type Page, request, type SyncState } from '../api.ts';
import { useT } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { ColumnSettings, useColumnChoice } from './ColumnSettings.tsx';
import { ExcelImport } from './ExcelImport.tsx';
import { RecordCards } from './RecordCards.tsx';
import { SyncStateTag } from './SyncStateTag.tsx';
import { isRowClick, useNarrow } from './useNarrow.ts';
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

/** A header given a width wraps within it rather than widening its column. */
const wrapHeader = () => ({ style: { whiteSpace: 'normal' as const } });

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
  const canEdit = session.can(`${props.category}:edit`);
  const narrow = useNarrow();

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
    ...shown.map((c) => ({ ...translated(c.column), onHeaderCell: wrapHeader })),
    {
      title: t('Đồng bộ'),
      dataIndex: 'syncState',
      render: (state: SyncState, row: Row) => (
        <SyncStateTag state={state} reason={row.syncError ?? undefined} />
      ),
    },
    {
      title: t('Mã định danh'),
      dataIndex: 'nationalId',
      render: (value: string | null) => value ?? '',
    },
    ...(canEdit && (props.editor || props.rowActions)
      ? [
          {
            title: '',
            key: 'actions',
            // Kept in view when a wide list scrolls sideways on a laptop screen. Every action of a
            // row is in this one column: a column beside a sticky one would slide under it.
            fixed: 'right' as const,
            render: (_: unknown, row: Row) => actionsOf(row),
          },
        ]
      : []),
  ];

  const refresh = () => client.invalidateQueries({ queryKey: [props.listUrl] });
  const openRecord = (row: Row) => {
    if (props.editor && canEdit) setEditing({ id: row.id });
  };
  function actionsOf(row: Row) {
    return (
      <Space size="small" style={{ whiteSpace: 'nowrap' }}>
        {props.rowActions?.(row, refresh)}
        {props.editor && (
          // An icon: a click on the row opens the record too, and the list needs the room.
          <Button
            size="small"
            icon={<EditOutlined />}
            aria-label={t('Chỉnh sửa')}
            title={t('Chỉnh sửa')}
            onClick={() => setEditing({ id: row.id })}
          />
        )}
        {props.editor && (
          <Popconfirm
            title={t('Xoá bản ghi này?')}
            description={t('Bản ghi xoá vẫn được đồng bộ để CSDL Tỉnh biết.')}
            okText={t('Xoá')}
            cancelText={t('Huỷ')}
            onConfirm={async () => {
              try {
                await request('DELETE', `${props.listUrl}/${row.id}`);
                message.success(t('Đã xoá.'));
                await refresh();
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
        )}
      </Space>
    );
  }

  const syncButtons = canSync && (
    <>
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
        {t('Đồng bộ tất cả bản ghi chưa đồng bộ')}
      </Button>
    </>
  );
  const pagination = {
    current: page,
    pageSize,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    showTotal: (total: number) => `${total} ${t('bản ghi')}`,
    onChange: (next: number, size: number) => {
      setPage(next);
      setPageSize(size);
    },
  };

  return (
    <Card title={t(props.title)} extra={!narrow && syncButtons && <Space>{syncButtons}</Space>}>
      {/* Sized so that the whole toolbar fits one line of a 1366-px laptop screen. */}
      <Space wrap style={{ marginBottom: 16 }}>
        {/* A phone has no room beside the title: the sync buttons lead the toolbar. */}
        {narrow && syncButtons}
        <Input.Search
          allowClear
          placeholder={props.searchPlaceholder ?? 'Tìm kiếm'}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
          style={{ width: narrow ? '100%' : 240 }}
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
        {props.editor && canEdit && (
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
            {canEdit && (
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
      {choice.ready && narrow && (
        <RecordCards<Row>
          rows={list.data?.items ?? []}
          loading={list.isPending}
          columns={columns}
          selection={canSync ? { selected, onChange: setSelected } : undefined}
          actions={canEdit && (props.editor || props.rowActions) ? actionsOf : undefined}
          onOpen={props.editor && canEdit ? openRecord : undefined}
          pagination={pagination}
        />
      )}
      {choice.ready && !narrow && (
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
          // A click on the row opens the record, as the Ministry's software does; its tick box
          // and buttons keep their own meaning.
          onRow={(row) =>
            props.editor && canEdit
              ? {
                  onClick: (event) => {
                    if (isRowClick(event)) openRecord(row);
                  },
                  style: { cursor: 'pointer' },
                }
              : {}
          }
          pagination={pagination}
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
