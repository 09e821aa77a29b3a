// Tra cứu: a student or staff member by personal ID or national identifier — which schools
// hold them and at which status. Each look-up is recorded in the audit log.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { getJson } from '../../api.ts';

interface Holding {
  kind: string;
  id: string;
  nationalId: string | null;
  fullName: string;
  birthDate: string;
  personalId: string | null;
  statusCode: string | null;
  deleted: boolean;
  school: { code: string; name: string; province: string };
}

export function LookupPage() {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['lookup', q],
    enabled: q !== '',
    retry: false,
    queryFn: () => getJson<{ items: Holding[] }>(`/api/registry/lookup?q=${encodeURIComponent(q)}`),
  });
  return (
    <Card title="Tra cứu học sinh, cán bộ">
      <Input.Search
        allowClear
        enterButton="Tra cứu"
        placeholder="Số định danh cá nhân (12 chữ số) hoặc mã định danh (HS…, GV…)"
        style={{ maxWidth: 520, marginBottom: 16 }}
        onSearch={(value) => setQ(value.trim().toUpperCase())}
        data-testid="lookup"
      />
      {found.isError && <Alert type="error" showIcon message={found.error.message} />}
      {found.data && (
        <Table<Holding>
          rowKey="id"
          size="small"
          dataSource={found.data.items}
          locale={{ emptyText: 'Không tìm thấy trong phạm vi của bạn.' }}
          columns={[
            { title: 'Họ và tên', dataIndex: 'fullName' },
            {
              title: 'Loại',
              dataIndex: 'kind',
              render: (k: string) => (k === 'student' ? 'Học sinh' : 'Cán bộ'),
            },
            { title: 'Ngày sinh', dataIndex: 'birthDate' },
            { title: 'Mã định danh', dataIndex: 'nationalId' },
            { title: 'Trường', dataIndex: ['school', 'name'] },
            { title: 'Tỉnh', dataIndex: ['school', 'province'] },
            {
              title: 'Trạng thái',
              dataIndex: 'statusCode',
              render: (code: string | null, row) => (row.deleted ? <Tag>Đã xoá</Tag> : code),
            },
          ]}
        />
      )}
    </Card>
  );
}
