// Thêm mới / Chỉnh sửa học sinh: the shared validation answers field by field; a personal ID
// that does not fit the birth date or gender is saved but shown as a warning to fix before syncing.
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Col, Drawer, Form, Input, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, type FieldIssue, getJson, type Page, postJson, putJson } from '../../api.ts';
import { useCodeList } from './useReference.ts';

interface StudentView {
  id: string;
  version: number;
  data: Record<string, unknown>;
  warnings: FieldIssue[];
}

export function StudentForm({ id, onClose }: { id?: string; onClose: (saved: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [warnings, setWarnings] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  // The record as last saved here; saved with warnings, the list still refreshes on closing.
  const [current, setCurrent] = useState<{ id: string; version: number }>();
  const saved = current !== undefined;
  const existing = useQuery({
    queryKey: ['student', id],
    enabled: Boolean(id),
    queryFn: () => getJson<StudentView>(`/api/students/${id}`),
  });
  const classes = useQuery({
    queryKey: ['class-options'],
    queryFn: () =>
      getJson<Page<{ id: string; data: { name: string; status: string } }>>('/api/classes?pageSize=500'),
  });
  const ethnic = useCodeList('ethnic-groups');
  const statuses = useCodeList('student-statuses');
  const disabilities = useCodeList('disability-types');

  useEffect(() => {
    if (existing.data) {
      form.setFieldsValue(existing.data.data);
      setWarnings(existing.data.warnings);
    }
  }, [existing.data, form]);

  async function save(values: Record<string, unknown>) {
    setBusy(true);
    try {
      // After a first save the drawer edits the record it made, never a second one.
      const target =
        current ?? (existing.data ? { id: existing.data.id, version: existing.data.version } : undefined);
      const result = target
        ? await putJson<StudentView>(`/api/students/${target.id}`, { ...values, version: target.version })
        : await postJson<StudentView>('/api/students', values);
      setCurrent({ id: result.id, version: result.version });
      setWarnings(result.warnings);
      if (result.warnings.length)
        message.warning('Đã lưu, nhưng số định danh cần kiểm tra lại trước khi đồng bộ.');
      else {
        message.success('Đã lưu học sinh.');
        onClose(true);
      }
    } catch (error) {
      if (error instanceof ApiError && error.issues.length)
        form.setFields(error.issues.map((i) => ({ name: i.field.split('.'), errors: [i.message] })));
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const text = (name: string | string[], label: string, required = false) => (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true, message: `Nhập ${label.toLowerCase()}.` }] : []}
    >
      <Input />
    </Form.Item>
  );

  return (
    <Drawer
      open
      width={760}
      title={id ? 'Chỉnh sửa học sinh' : 'Thêm mới học sinh'}
      onClose={() => onClose(saved)}
      extra={
        <Space>
          <Button onClick={() => onClose(saved)}>Đóng</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="student-save">
            Lưu
          </Button>
        </Space>
      }
    >
      {warnings.map((w) => (
        <Alert
          key={w.code}
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={w.message}
          data-testid="student-warning"
        />
      ))}
      <Form
        form={form}
        name="student"
        layout="vertical"
        onFinish={save}
        initialValues={{
          gender: 'male',
          ethnicityCode: '01',
          statusCode: '01',
          religion: 'Không',
          nationality: 'Việt Nam',
        }}
      >
        <Row gutter={16}>
          <Col span={12}>{text('fullName', 'Họ và tên', true)}</Col>
          <Col span={6}>
            <Form.Item
              name="birthDate"
              label="Ngày sinh"
              rules={[{ required: true, message: 'Nhập ngày sinh.' }]}
            >
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="gender" label="Giới tính">
              <Select
                options={[
                  { value: 'male', label: 'Nam' },
                  { value: 'female', label: 'Nữ' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={8}>{text('personalId', 'Số định danh cá nhân')}</Col>
          <Col span={8}>
            <Form.Item name="ethnicityCode" label="Dân tộc">
              <Select showSearch optionFilterProp="label" options={ethnic.options} />
            </Form.Item>
          </Col>
          <Col span={8}>{text('religion', 'Tôn giáo')}</Col>
          <Col span={8}>
            <Form.Item name="classId" label="Lớp" rules={[{ required: true, message: 'Chọn lớp.' }]}>
              <Select
                options={(classes.data?.items ?? [])
                  .filter((c) => c.data.status === 'active')
                  .map((c) => ({ value: c.id, label: c.data.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="statusCode" label="Trạng thái">
              <Select options={statuses.options} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="statusDate"
              label="Ngày trạng thái"
              rules={[{ required: true, message: 'Nhập ngày trạng thái.' }]}
            >
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col span={8}>{text('nationality', 'Quốc tịch')}</Col>
          <Col span={8}>{text('birthplace', 'Nơi sinh')}</Col>
          <Col span={8}>
            <Form.Item name="disabilityCode" label="Khuyết tật">
              <Select allowClear options={disabilities.options} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="policyBeneficiary" valuePropName="checked">
              <Checkbox>Thuộc diện chính sách</Checkbox>
            </Form.Item>
          </Col>
          <Col span={12}>{text(['father', 'name'], 'Họ tên cha')}</Col>
          <Col span={12}>{text(['father', 'phone'], 'Điện thoại cha')}</Col>
          <Col span={12}>{text(['mother', 'name'], 'Họ tên mẹ')}</Col>
          <Col span={12}>{text(['mother', 'phone'], 'Điện thoại mẹ')}</Col>
          <Col span={12}>{text(['guardian', 'name'], 'Họ tên người giám hộ')}</Col>
          <Col span={12}>{text(['guardian', 'phone'], 'Điện thoại người giám hộ')}</Col>
        </Row>
      </Form>
    </Drawer>
  );
}
