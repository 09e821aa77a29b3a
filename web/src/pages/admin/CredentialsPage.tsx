// Mã kết nối đồng bộ: the sync credentials this tier issues — to its schools at the province, to the
// provinces at the national tier. A new secret is shown once; rotating keeps the old one
// working for the overlap days; revoking stops it at once.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Credential } from '#domain/api/credentials.ts';
import { ApiError, getJson, type Page, postJson, type TierName } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';

const STATUS: Record<Credential['status'], { color: string; label: string }> = {
  active: { color: 'success', label: 'Đang dùng' },
  expiring: { color: 'warning', label: 'Sắp hết hạn (đã cấp mã mới)' },
  expired: { color: 'default', label: 'Hết hạn' },
  revoked: { color: 'error', label: 'Đã thu hồi' },
};

const when = (iso: string | null) => (iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : '');

export function CredentialsPage({ tier }: { tier: TierName }) {
  const t = useT();
  const { message } = App.useApp();
  const session = useSession();
  const client = useQueryClient();
  const [issuing, setIssuing] = useState(false);
  const [secret, setSecret] = useState<{ clientId: string; secret: string; unit: string }>();
  const holderKind = tier === 'province' ? 'school' : 'province';
  const credentials = useQuery({
    queryKey: ['/api/credentials'],
    queryFn: () => getJson<Credential[]>('/api/credentials'),
  });
  const units = useQuery({
    queryKey: ['/api/units', holderKind],
    queryFn: () =>
      getJson<
        Page<{ key: string; name: string; code: string }> | { key: string; name: string; code: string }[]
      >(`/api/units?kind=${holderKind}&limit=500`),
  });
  const unitList = Array.isArray(units.data) ? units.data : (units.data?.items ?? []);
  const canManage = session.can('accounts:manage');

  async function issue(values: { unitKey: string; overlapDays: number }) {
    try {
      const answer = await postJson<{ credential: Credential; secret: string }>('/api/credentials', values);
      setIssuing(false);
      setSecret({
        clientId: answer.credential.clientId,
        secret: answer.secret,
        unit: answer.credential.unit.name,
      });
      await client.invalidateQueries({ queryKey: ['/api/credentials'] });
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  }

  async function revoke(id: string) {
    try {
      await postJson(`/api/credentials/${id}/revoke`);
      message.success('Đã thu hồi mã kết nối.');
      await client.invalidateQueries({ queryKey: ['/api/credentials'] });
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  }

  return (
    <Card
      title={t('Mã kết nối đồng bộ')}
      extra={
        canManage && (
          <Button type="primary" onClick={() => setIssuing(true)}>
            {tier === 'province' ? 'Cấp mã kết nối cho trường' : 'Cấp mã kết nối cho tỉnh'}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {tier === 'province'
          ? 'Mỗi trường dùng mã kết nối đồng bộ của mình để gửi dữ liệu lên CSDL Tỉnh. Cấp mã mới để đổi mã; mã cũ còn dùng được trong số ngày chuyển tiếp.'
          : 'Mỗi tỉnh dùng mã kết nối đồng bộ của mình để gửi dữ liệu lên CSDL Quốc gia.'}
      </Typography.Paragraph>
      {credentials.isError && <Alert type="error" showIcon message={credentials.error.message} />}
      <Table<Credential>
        rowKey="id"
        size="small"
        loading={credentials.isPending}
        dataSource={credentials.data ?? []}
        locale={{ emptyText: 'Chưa cấp mã kết nối nào.' }}
        columns={[
          { title: 'Đơn vị', dataIndex: ['unit', 'name'] },
          {
            title: 'Định danh (client id)',
            dataIndex: 'clientId',
            render: (id: string) => <code>{id}</code>,
          },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            render: (s: Credential['status']) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>,
          },
          { title: 'Cấp lúc', dataIndex: 'createdAt', render: when },
          { title: 'Hết hạn', dataIndex: 'expiresAt', render: when },
          { title: 'Dùng gần nhất', dataIndex: 'lastUsedAt', render: when },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'revoke',
                  render: (_: unknown, c: Credential) =>
                    c.status !== 'revoked' &&
                    c.status !== 'expired' && (
                      <Popconfirm
                        title="Thu hồi mã kết nối này?"
                        description="Đơn vị dùng mã này sẽ không đồng bộ được cho đến khi được cấp mã mới."
                        okText="Thu hồi"
                        cancelText="Huỷ"
                        onConfirm={() => revoke(c.id)}
                      >
                        <Button size="small" danger>
                          Thu hồi
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={issuing}
        title={tier === 'province' ? 'Cấp mã kết nối đồng bộ cho trường' : 'Cấp mã kết nối đồng bộ cho tỉnh'}
        okText="Cấp mã"
        cancelText="Huỷ"
        onCancel={() => setIssuing(false)}
        okButtonProps={{ form: 'issue-credential', htmlType: 'submit' }}
        destroyOnHidden
      >
        <Form
          id="issue-credential"
          name="issue-credential"
          layout="vertical"
          onFinish={issue}
          initialValues={{ overlapDays: 7 }}
        >
          <Form.Item name="unitKey" label="Đơn vị" rules={[{ required: true, message: 'Chọn đơn vị.' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={unitList.map((u) => ({ value: u.key, label: `${u.name} (${u.code})` }))}
            />
          </Form.Item>
          <Form.Item name="overlapDays" label="Số ngày mã cũ còn dùng được">
            <InputNumber min={0} max={90} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(secret)}
        title="Mã kết nối đồng bộ mới"
        onOk={() => setSecret(undefined)}
        onCancel={() => setSecret(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText="Đã lưu lại mã"
      >
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="Chuỗi bí mật (secret) chỉ hiện một lần. Hãy chuyển cả định danh và chuỗi bí mật cho đơn vị qua kênh an toàn."
        />
        <p>
          Đơn vị: <b>{secret?.unit}</b>
        </p>
        <p>
          Định danh (client id):{' '}
          <Typography.Text copyable code>
            {secret?.clientId}
          </Typography.Text>
        </p>
        <p>
          Chuỗi bí mật (secret):{' '}
          <Typography.Text copyable code data-testid="credential-secret">
            {secret?.secret}
          </Typography.Text>
        </p>
      </Modal>
    </Card>
  );
}
