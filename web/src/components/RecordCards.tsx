// A list at a phone's width: one card per record — its first column as the title, the other
// columns as label and value, its actions at the foot — instead of a table wider than the screen.
import { Card, Checkbox, Descriptions, List, type PaginationProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { isRowClick } from './useNarrow.ts';

interface Props<Row extends { id: string }> {
  rows: Row[];
  loading: boolean;
  columns: ColumnsType<Row>;
  selection?: { selected: string[]; onChange: (ids: string[]) => void };
  actions?: (row: Row) => ReactNode;
  onOpen?: (row: Row) => void;
  /** The server's paging; without it, the cards are paged here, ten at a time. */
  pagination?: PaginationProps;
}

/** What a table cell would show: the column's value, through its render when it has one. */
function cellOf<Row>(column: ColumnsType<Row>[number], row: Row, index: number): ReactNode {
  const path = 'dataIndex' in column ? [column.dataIndex ?? []].flat() : [];
  const value = path.reduce<unknown>(
    (at, key) => (at as Record<string, unknown> | undefined)?.[String(key)],
    row,
  );
  const shown = column.render ? column.render(value, row, index) : value;
  return shown as ReactNode;
}

export function RecordCards<Row extends { id: string }>(props: Props<Row>) {
  const [first, ...rest] = props.columns.filter((c) => c.key !== 'actions');
  const { selection } = props;
  return (
    <List<Row>
      loading={props.loading}
      dataSource={props.rows}
      rowKey="id"
      pagination={{
        pageSize: 10,
        ...props.pagination,
        size: 'small',
        showSizeChanger: false,
        align: 'center',
      }}
      renderItem={(row, index) => (
        <List.Item style={{ padding: '0 0 12px', borderBlockEnd: 'none' }}>
          <Card
            size="small"
            style={{ width: '100%', cursor: props.onOpen ? 'pointer' : undefined }}
            data-testid="record-card"
            onClick={(event) => {
              if (props.onOpen && isRowClick(event)) props.onOpen(row);
            }}
            title={
              <span style={{ display: 'flex', gap: 8, alignItems: 'center', whiteSpace: 'normal' }}>
                {selection && (
                  <Checkbox
                    checked={selection.selected.includes(row.id)}
                    aria-label="Chọn"
                    onChange={(event) =>
                      selection.onChange(
                        event.target.checked
                          ? [...selection.selected, row.id]
                          : selection.selected.filter((id) => id !== row.id),
                      )
                    }
                  />
                )}
                {first && cellOf(first, row, index)}
              </span>
            }
            actions={props.actions ? [<div key="actions">{props.actions(row)}</div>] : undefined}
          >
            <Descriptions
              size="small"
              column={1}
              items={rest.map((column, i) => ({
                key: String(column.key ?? i),
                label: column.title as ReactNode,
                children: cellOf(column, row, index),
              }))}
            />
          </Card>
        </List.Item>
      )}
    />
  );
}
