// Giải thể: always confirmed in a dialog with the date (today unless changed) and the decision's
// number (Số quyết định), for an empty class too. A class that still has students is refused by
// the server; the dialog then offers to move them to another class first, and dissolves once
// they have moved.
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ApiError, getJson, type Page, postJson } from '../../api.ts';
import { DateInput, today } from '../../components/DateInput.tsx';

interface ClassOption {
  id: string;
  data: { name: string; status: string };
}

interface Decision {
  dissolvedOn: string;
  dissolutionDecision: string;
  /** Where the class's students go first, once the server has said it still has some. */
  moveTo?: string;
}

export function DissolveClass({
  classId,
  name,
  onDone,
}: {
  classId: string;
  name: string;
  onDone: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Decision>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [blocked, setBlocked] = useState<string>();
  const classes = useQuery({
    queryKey: ['class-options'],
    enabled: Boolean(blocked),
    queryFn: () => getJson<Page<ClassOption>>('/api/classes?pageSize=500'),
  });

  function close() {
    setOpen(false);
    setBlocked(undefined);
    form.resetFields();
  }

  async function dissolve({ moveTo, ...decision }: Decision) {
    setBusy(true);
    try {
      if (moveTo) {
        const students = await getJson<Page<{ id: string }>>(`/api/students?classId=${classId}&pageSize=500`);
        await postJson('/api/students/move', {
          studentIds: students.items.map((s) => s.id),
          toClassId: moveTo,
        });
      }
      await postJson(`/api/classes/${classId}/dissolve`, decision);
      message.success(`Đã giải thể lớp ${name}.`);
      close();
      await onDone();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CLASS_HAS_STUDENTS') setBlocked(error.message);
      else message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="row-dissolve">
        Giải thể
      </Button>
      <Modal
        open={open}
        title={`Giải thể lớp ${name}`}
        okText={blocked ? 'Chuyển học sinh rồi giải thể' : 'Giải thể'}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText="Huỷ"
        onCancel={close}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {blocked && <Alert type="warning" showIcon message={blocked} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          name={`dissolve-${classId}`}
          layout="vertical"
          initialValues={{ dissolvedOn: today() }}
          onFinish={dissolve}
        >
          <Form.Item
            name="dissolvedOn"
            label="Ngày giải thể"
            rules={[{ required: true, message: 'Nhập ngày giải thể.' }]}
          >
            <DateInput />
          </Form.Item>
          <Form.Item
            name="dissolutionDecision"
            label="Số quyết định"
            rules={[{ required: true, whitespace: true, message: 'Nhập số quyết định giải thể.' }]}
          >
            <Input maxLength={50} placeholder="Ví dụ: 125/QĐ-THPT" />
          </Form.Item>
          {blocked && (
            <Form.Item
              name="moveTo"
              label="Chuyển tất cả học sinh sang lớp"
              rules={[{ required: true, message: 'Chọn lớp nhận học sinh.' }]}
            >
              <Select
                options={(classes.data?.items ?? [])
                  .filter((c) => c.id !== classId && c.data.status === 'active')
                  .map((c) => ({ value: c.id, label: c.data.name }))}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
