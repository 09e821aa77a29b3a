// Tra cứu: a student or staff member by personal ID or national identifier — one person, with
// their identifier and every school that has held a record of them, newest first. Each look-up
// is recorded in the audit log.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { getJson } from '../../api.ts';
import { day, moment } from './format.ts';

interface Enrolment {
  id: string;
  statusCode: string | null;
  /** The status by its name (Đang học…), named by the server from the code list. */
  statusName: string | null;
  className: string | null;
  statusDate: string | null;
  deleted: boolean;
  updatedAt: string;
  school: { code: string; name: string; province: string };
}

interface Person {
  kind: string;
  nationalId: string | null;
  fullName: string;
  birthDate: string;
  gender: string;
  genderName: string | null;
  ethnicGroup: string | null;
  personalId: string | null;
  enrolments: Enrolment[];
}

export function LookupPage() {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['lookup', q],
    enabled: q !== '',
    retry: false,
    queryFn: () => getJson<{ persons: Person[] }>(`/api/registry/lookup?q=${encodeURIComponent(q)}`),
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
      {found.data?.persons.length === 0 && <Empty description="Không tìm thấy trong phạm vi của bạn." />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {found.data?.persons.map((person) => (
          <PersonCard
            key={`${person.kind}:${person.nationalId ?? person.enrolments[0]?.id}`}
            person={person}
          />
        ))}
      </Space>
    </Card>
  );
}

function PersonCard({ person }: { person: Person }) {
  return (
    <Card size="small" type="inner" title={person.fullName} data-testid="person">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        items={[
          { label: 'Loại', children: person.kind === 'student' ? 'Học sinh' : 'Cán bộ' },
          { label: 'Mã định danh', children: person.nationalId ?? 'Chưa cấp' },
          { label: 'Số định danh cá nhân', children: person.personalId ?? '' },
          { label: 'Ngày sinh', children: day(person.birthDate) },
          { label: 'Giới tính', children: person.genderName ?? '' },
          { label: 'Dân tộc', children: person.ethnicGroup ?? '' },
        ]}
      />
      <Table<Enrolment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={person.enrolments}
        columns={[
          { title: 'Trường', dataIndex: ['school', 'name'] },
          // On a phone the school, class and status come first; the rest waits for a wider screen.
          { title: 'Tỉnh', dataIndex: ['school', 'province'], responsive: ['md'] },
          ...(person.kind === 'student' ? [{ title: 'Lớp', dataIndex: 'className' }] : []),
          {
            title: 'Trạng thái',
            dataIndex: 'statusName',
            render: (status: string | null, row) =>
              row.deleted ? (
                <Tag>Đã xoá</Tag>
              ) : (
                `${status ?? ''} ${row.statusDate ? `(từ ${day(row.statusDate)})` : ''}`
              ),
          },
          { title: 'Cập nhật', dataIndex: 'updatedAt', render: moment, responsive: ['md'] },
        ]}
      />
    </Card>
  );
}
