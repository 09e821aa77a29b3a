// Khoá đồng bộ: the sync credentials this tier issues — to its schools at the province, to the
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
  expiring: { color: 'warning', label: 'Sắp hết hạn (đã cấp khoá mới)' },
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
      message.success('Đã thu hồi khoá.');
      await client.invalidateQueries({ queryKey: ['/api/credentials'] });
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  }

  return (
    <Card
      title={t('Khoá đồng bộ')}
      extra={
        canManage && (
          <Button type="primary" onClick={() => setIssuing(true)}>
            {tier === 'province' ? 'Cấp khoá cho trường' : 'Cấp khoá cho tỉnh'}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {tier === 'province'
          ? 'Mỗi trường dùng khoá đồng bộ của mình để gửi dữ liệu lên CSDL Tỉnh. Cấp khoá mới để đổi khoá; khoá cũ còn dùng được trong số ngày chuyển tiếp.'
          : 'Mỗi tỉnh dùng khoá đồng bộ của mình để gửi dữ liệu lên CSDL Quốc gia.'}
      </Typography.Paragraph>
      {credentials.isError && <Alert type="error" showIcon message={credentials.error.message} />}
      <Table<Credential>
        rowKey="id"
        size="small"
        loading={credentials.isPending}
        dataSource={credentials.data ?? []}
        locale={{ emptyText: 'Chưa cấp khoá nào.' }}
        columns={[
          { title: 'Đơn vị', dataIndex: ['unit', 'name'] },
          { title: 'Mã khoá (client id)', dataIndex: 'clientId', render: (id: string) => <code>{id}</code> },
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
                        title="Thu hồi khoá này?"
                        description="Đơn vị dùng khoá sẽ không đồng bộ được cho đến khi có khoá mới."
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
        title={tier === 'province' ? 'Cấp khoá đồng bộ cho trường' : 'Cấp khoá đồng bộ cho tỉnh'}
        okText="Cấp khoá"
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
          <Form.Item name="overlapDays" label="Số ngày khoá cũ còn dùng được">
            <InputNumber min={0} max={90} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(secret)}
        title="Khoá đồng bộ mới"
        onOk={() => setSecret(undefined)}
        onCancel={() => setSecret(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText="Đã lưu lại khoá"
      >
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="Khoá bí mật chỉ hiện một lần. Hãy chuyển cho đơn vị qua kênh an toàn."
        />
        <p>
          Đơn vị: <b>{secret?.unit}</b>
        </p>
        <p>
          Mã khoá:{' '}
          <Typography.Text copyable code>
            {secret?.clientId}
          </Typography.Text>
        </p>
        <p>
          Khoá bí mật:{' '}
          <Typography.Text copyable code data-testid="credential-secret">
            {secret?.secret}
          </Typography.Text>
        </p>
      </Modal>
    </Card>
  );
}
