// Thêm mới / Chỉnh sửa học sinh: the shared validation answers field by field; a personal ID
// that does not fit the birth date or gender is saved but shown as a warning to fix before syncing.
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { getJson, type Page } from '../../api.ts';
import { RecordFormDrawer, type RecordFormProps } from '../../components/RecordFormDrawer.tsx';
import { textField } from '../../components/textField.tsx';
import { useCodeList } from './useReference.ts';

export const GENDER_OPTIONS = [
  { value: 'male', label: 'Nam' },
  { value: 'female', label: 'Nữ' },
];

export function StudentForm(props: RecordFormProps) {
  const classes = useQuery({
    queryKey: ['class-options'],
    queryFn: () =>
      getJson<Page<{ id: string; data: { name: string; status: string } }>>('/api/classes?pageSize=500'),
  });
  const ethnic = useCodeList('ethnic-groups');
  const statuses = useCodeList('student-statuses');
  const disabilities = useCodeList('disability-types');
  const text = textField;

  return (
    <RecordFormDrawer
      {...props}
      url="/api/students"
      name="student"
      noun="học sinh"
      initialValues={{
        gender: 'male',
        ethnicityCode: '01',
        statusCode: '01',
        religion: 'Không',
        nationality: 'Việt Nam',
      }}
    >
      {() => (
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
              <Select options={GENDER_OPTIONS} />
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
      )}
    </RecordFormDrawer>
  );
}
