// Tài khoản & phân quyền: the administrator's accounts page. Create an account (its first
// password shown once), grant a staff account view / edit / sync per category, disable,
// enable, reset a password.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  DATA_CATEGORIES,
  permissionLabel,
} from '#domain/access/permissions.ts';
import { ApiError, getJson, type Page, postJson, request } from '../../api.ts';
import { useSession } from '../../session.tsx';

interface Account {
  id: string;
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  unit: { key: string; name: string };
  grants: string[];
  disabled: boolean;
  mustChangePassword: boolean;
}

const CATEGORIES: [string, string][] = DATA_CATEGORIES.map((category) => [
  category,
  CATEGORY_LABELS[category],
]);
const ACTIONS: [string, string][] = (['view', 'edit', 'sync'] as const).map((action) => [
  action,
  ACTION_LABELS[action],
]);

const ROLES_BY_ADMIN: Record<string, { value: string; label: string }[]> = {
  school_admin: [
    { value: 'school_staff', label: 'Giáo viên / nhân viên' },
    { value: 'school_admin', label: 'Cán bộ tin học (quản trị trường)' },
  ],
  province_admin: [
    { value: 'province_officer', label: 'Chuyên viên Sở GD&ĐT' },
    { value: 'commune_officer', label: 'Cán bộ xã (Phòng VH-XH)' },
    { value: 'province_admin', label: 'Quản trị Sở GD&ĐT' },
  ],
  national_admin: [
    { value: 'national_officer', label: 'Chuyên viên Bộ GD&ĐT' },
    { value: 'national_admin', label: 'Quản trị CSDL Quốc gia' },
  ],
};

export function AccountsPage() {
  const { message, modal } = App.useApp();
  const session = useSession();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<Account>();
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: () => getJson<Page<Account>>('/api/accounts?pageSize=200'),
  });
  const manage = session.can('accounts:manage');
  const refresh = () => client.invalidateQueries({ queryKey: ['accounts'] });

  const showPassword = (username: string, password: string) =>
    modal.info({
      title: `Mật khẩu của ${username}`,
      content: (
        <>
          <Typography.Paragraph>
            Mật khẩu chỉ hiện một lần. Hãy đưa cho người dùng; họ phải đổi khi đăng nhập lần đầu.
          </Typography.Paragraph>
          <Typography.Text code copyable data-testid="one-time-password">
            {password}
          </Typography.Text>
        </>
      ),
    });

  async function act(account: Account, action: 'disable' | 'enable' | 'reset-password') {
    try {
      const answer = await request<{ password?: string }>(
        'POST',
        `/api/accounts/${account.id}/${action}`,
        {},
      );
      if (answer?.password) showPassword(account.username, answer.password);
      else message.success(action === 'disable' ? 'Đã khoá tài khoản.' : 'Đã mở khoá tài khoản.');
      await refresh();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  }

  return (
    <Card
      title="Tài khoản & phân quyền"
      extra={
        manage && (
          <Button type="primary" onClick={() => setCreating(true)}>
            Tạo tài khoản
          </Button>
        )
      }
    >
      <Table<Account>
        rowKey="id"
        loading={accounts.isPending}
        dataSource={accounts.data?.items ?? []}
        columns={[
          { title: 'Tên đăng nhập', dataIndex: 'username' },
          { title: 'Họ tên', dataIndex: 'displayName' },
          { title: 'Vai trò', dataIndex: 'roleLabel' },
          { title: 'Đơn vị', dataIndex: ['unit', 'name'] },
          {
            title: 'Quyền được cấp',
            dataIndex: 'grants',
            render: (grants: string[], account) =>
              account.role === 'school_staff' ? (
                grants.map((g) => <Tag key={g}>{permissionLabel(g)}</Tag>)
              ) : (
                <Typography.Text type="secondary">Theo vai trò</Typography.Text>
              ),
          },
          {
            title: 'Trạng thái',
            dataIndex: 'disabled',
            render: (disabled: boolean) =>
              disabled ? <Tag color="error">Đã khoá</Tag> : <Tag color="success">Hoạt động</Tag>,
          },
          {
            title: '',
            render: (_, account) =>
              manage &&
              account.id !== session.me?.user.id && (
                <Space>
                  {account.role === 'school_staff' && (
                    <Button size="small" onClick={() => setGranting(account)}>
                      Phân quyền
                    </Button>
                  )}
                  <Button size="small" onClick={() => act(account, 'reset-password')}>
                    Cấp lại mật khẩu
                  </Button>
                  <Button
                    size="small"
                    danger={!account.disabled}
                    onClick={() => act(account, account.disabled ? 'enable' : 'disable')}
                  >
                    {account.disabled ? 'Mở khoá' : 'Khoá'}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {creating && (
        <CreateAccount
          roles={ROLES_BY_ADMIN[session.me?.user.role ?? ''] ?? []}
          onClose={async (created) => {
            setCreating(false);
            if (created) {
              showPassword(created.username, created.password);
              await refresh();
            }
          }}
        />
      )}
      {granting && (
        <GrantDialog
          account={granting}
          onClose={async (changed) => {
            setGranting(undefined);
            if (changed) await refresh();
          }}
        />
      )}
    </Card>
  );
}

function GrantGrid({ value = [], onChange }: { value?: string[]; onChange?: (value: string[]) => void }) {
  const toggle = (permission: string, on: boolean) =>
    onChange?.(on ? [...value, permission] : value.filter((p) => p !== permission));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={([category]) => category}
      dataSource={[...CATEGORIES, ['sync_history', CATEGORY_LABELS.sync_history] as [string, string]]}
      columns={[
        { title: 'Hạng mục', render: (_, [, label]) => label },
        ...ACTIONS.map(([action, label]) => ({
          title: label,
          render: (_: unknown, [category]: [string, string]) =>
            category === 'sync_history' && action !== 'view' ? null : (
              <Checkbox
                checked={value.includes(`${category}:${action}`)}
                onChange={(e) => toggle(`${category}:${action}`, e.target.checked)}
                aria-label={permissionLabel(`${category}:${action}`)}
              />
            ),
        })),
      ]}
    />
  );
}

function CreateAccount({
  roles,
  onClose,
}: {
  roles: { value: string; label: string }[];
  onClose: (created?: { username: string; password: string }) => void;
}) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const role = Form.useWatch('role', form);
  async function create(values: {
    username: string;
    displayName: string;
    role: string;
    unitKey?: string;
    grants?: string[];
  }) {
    try {
      const answer = await postJson<{ account: Account; password: string }>('/api/accounts', {
        ...values,
        grants: values.role === 'school_staff' ? (values.grants ?? []) : [],
      });
      onClose({ username: answer.account.username, password: answer.password });
    } catch (caught) {
      if (caught instanceof ApiError && caught.issues.length)
        form.setFields(caught.issues.map((i) => ({ name: i.field.split('.'), errors: [i.message] })));
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }
  return (
    <Modal
      open
      width={720}
      title="Tạo tài khoản"
      okText="Tạo"
      cancelText="Huỷ"
      onCancel={() => onClose()}
      onOk={() => form.submit()}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        name="account"
        layout="vertical"
        onFinish={create}
        initialValues={{ role: roles[0]?.value, grants: [] }}
      >
        <Form.Item
          label="Tên đăng nhập"
          name="username"
          rules={[{ required: true, message: 'Nhập tên đăng nhập.' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="Họ tên" name="displayName" rules={[{ required: true, message: 'Nhập họ tên.' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="Vai trò" name="role">
          <Select options={roles} />
        </Form.Item>
        {(role === 'commune_officer' || role === 'province_officer') && (
          <Form.Item label="Mã đơn vị (ví dụ X16681 cho một xã)" name="unitKey">
            <Input />
          </Form.Item>
        )}
        {role === 'school_staff' && (
          <Form.Item label="Quyền" name="grants">
            <GrantGrid />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function GrantDialog({ account, onClose }: { account: Account; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const [grants, setGrants] = useState(account.grants);
  async function save() {
    try {
      await request('PATCH', `/api/accounts/${account.id}`, { grants });
      message.success('Đã lưu quyền.');
      onClose(true);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  }
  return (
    <Modal
      open
      width={720}
      title={`Phân quyền: ${account.displayName}`}
      okText="Lưu"
      cancelText="Huỷ"
      onCancel={() => onClose(false)}
      onOk={save}
    >
      <GrantGrid value={grants} onChange={setGrants} />
    </Modal>
  );
}
