import { Alert, Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, postJson, type TierInfo } from '../api.ts';
import { TierCard } from '../components/TierCard.tsx';
import { useT } from '../i18n.tsx';
import { useSession } from '../session.tsx';

export function LoginPage({ info }: { info: TierInfo }) {
  const session = useSession();
  const t = useT();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function login(values: { username: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await postJson('/api/auth/login', values);
      await session.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Không kết nối được máy chủ.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Row gutter={24} style={{ maxWidth: 1000, margin: '48px auto', padding: '0 16px' }}>
      <Col xs={24} md={12}>
        <Card title={t('Đăng nhập')}>
          <Typography.Paragraph type="secondary">
            {t('Dùng tài khoản do cán bộ tin học hoặc quản trị viên cấp.')}
          </Typography.Paragraph>
          {error && (
            <Alert
              type="error"
              showIcon
              message={error}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Form layout="vertical" onFinish={login} requiredMark={false}>
            <Form.Item
              label={t('Tên đăng nhập')}
              name="username"
              rules={[{ required: true, message: 'Nhập tên đăng nhập.' }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('Mật khẩu')}
              name="password"
              rules={[{ required: true, message: 'Nhập mật khẩu.' }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('Đăng nhập')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <TierCard info={info} />
      </Col>
    </Row>
  );
}
