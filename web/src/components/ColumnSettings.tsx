// The gear icon: which columns a list shows and in what order, kept on the server per user, so
// the choice follows the user to another computer.
import { ArrowDownOutlined, ArrowUpOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, List, Popover, Space } from 'antd';
import { getJson, putJson } from '../api.ts';

export interface ColumnChoice {
  key: string;
  title: string;
}

/** The saved choice for a list: the visible column keys in order, or null for the default. */
export function useColumnChoice(list: string) {
  const client = useQueryClient();
  const saved = useQuery({
    queryKey: ['columns', list],
    queryFn: () => getJson<{ columns: string[] | null }>(`/api/settings/columns/${list}`),
  });
  return {
    columns: saved.data?.columns ?? null,
    ready: !saved.isPending,
    save: async (columns: string[] | null) => {
      // Shown at once; the server keeps it for the next visit.
      client.setQueryData(['columns', list], { columns });
      await putJson(`/api/settings/columns/${list}`, { columns });
    },
  };
}

export function ColumnSettings({
  all,
  visible,
  onChange,
}: {
  all: ColumnChoice[];
  visible: string[];
  onChange: (columns: string[] | null) => void;
}) {
  const ordered = [
    ...visible.map((key) => all.find((c) => c.key === key)!).filter(Boolean),
    ...all.filter((c) => !visible.includes(c.key)),
  ];
  const move = (key: string, step: number) => {
    const next = [...visible];
    const at = next.indexOf(key);
    const to = at + step;
    if (at < 0 || to < 0 || to >= next.length) return;
    [next[at], next[to]] = [next[to]!, next[at]!];
    onChange(next);
  };
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title="Chọn cột hiển thị"
      content={
        <List
          size="small"
          style={{ width: 300 }}
          dataSource={ordered}
          footer={
            <Button size="small" onClick={() => onChange(null)}>
              Về mặc định
            </Button>
          }
          renderItem={(column) => (
            <List.Item
              actions={[
                <Button
                  key="up"
                  size="small"
                  type="text"
                  icon={<ArrowUpOutlined />}
                  onClick={() => move(column.key, -1)}
                  aria-label="Lên"
                />,
                <Button
                  key="down"
                  size="small"
                  type="text"
                  icon={<ArrowDownOutlined />}
                  onClick={() => move(column.key, 1)}
                  aria-label="Xuống"
                />,
              ]}
            >
              <Checkbox
                checked={visible.includes(column.key)}
                onChange={(event) =>
                  onChange(
                    event.target.checked ? [...visible, column.key] : visible.filter((k) => k !== column.key),
                  )
                }
              >
                {column.title}
              </Checkbox>
            </List.Item>
          )}
        />
      }
    >
      <Space>
        <Button icon={<SettingOutlined />} aria-label="Chọn cột" data-testid="column-settings" />
      </Space>
    </Popover>
  );
}
