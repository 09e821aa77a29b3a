import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, postJson } from '../api.ts';
import { useSession } from '../session.tsx';

/** Shown instead of everything else until a given password has been replaced. */
export function ChangePasswordPage({ forced }: { forced: boolean }) {
  const session = useSession();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);

  async function change(values: { currentPassword: string; newPassword: string }) {
    setError(undefined);
    try {
      await postJson('/api/auth/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      setDone(true);
      form.resetFields();
      await session.refresh();
    } catch (caught) {
      if (caught instanceof ApiError && caught.issues.length > 0) {
        form.setFields(caught.issues.map((i) => ({ name: i.field, errors: [i.message] })));
      } else setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <Card title="Đổi mật khẩu" style={{ maxWidth: 480, margin: '48px auto' }}>
      {forced && (
        <Typography.Paragraph>
          Bạn đang dùng mật khẩu được cấp. Hãy đặt mật khẩu của riêng bạn (ít nhất 10 ký tự, không quá phổ
          biến) trước khi làm việc.
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {done && <Alert type="success" showIcon message="Đã đổi mật khẩu." style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={change} requiredMark={false}>
        <Form.Item
          label="Mật khẩu hiện tại"
          name="currentPassword"
          rules={[{ required: true, message: 'Nhập mật khẩu hiện tại.' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="Mật khẩu mới"
          name="newPassword"
          rules={[{ required: true, min: 10, message: 'Mật khẩu cần ít nhất 10 ký tự.' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Nhập lại mật khẩu mới"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: 'Nhập lại mật khẩu mới.' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('Hai lần nhập không giống nhau.')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          Đổi mật khẩu
        </Button>
      </Form>
    </Card>
  );
}
