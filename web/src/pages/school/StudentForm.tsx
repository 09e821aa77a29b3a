// Thêm mới / Chỉnh sửa học sinh: the shared validation answers field by field; a personal ID
// that does not fit the birth date or gender is saved but shown as a warning to fix before syncing.
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Form, Row, Select } from 'antd';
import { getJson, type Page } from '../../api.ts';
import { RecordFormDrawer, type RecordFormProps } from '../../components/RecordFormDrawer.tsx';
import { textField } from '../../components/textField.tsx';
import { PersonFields, StatusFields } from './PersonFields.tsx';
import { useCodeList } from './useReference.ts';

export function StudentForm(props: RecordFormProps) {
  const classes = useQuery({
    queryKey: ['class-options'],
    queryFn: () =>
      getJson<Page<{ id: string; data: { name: string; status: string } }>>('/api/classes?pageSize=500'),
  });
  const disabilities = useCodeList('disability-types');

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
          <PersonFields />
          <Col span={8}>{textField('religion', 'Tôn giáo')}</Col>
          <Col span={8}>
            <Form.Item name="classId" label="Lớp" rules={[{ required: true, message: 'Chọn lớp.' }]}>
              <Select
                options={(classes.data?.items ?? [])
                  .filter((c) => c.data.status === 'active')
                  .map((c) => ({ value: c.id, label: c.data.name }))}
              />
            </Form.Item>
          </Col>
          <StatusFields list="student-statuses" />
          <Col span={8}>{textField('nationality', 'Quốc tịch')}</Col>
          <Col span={8}>{textField('birthplace', 'Nơi sinh')}</Col>
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
          <Col span={12}>{textField(['father', 'name'], 'Họ tên cha')}</Col>
          <Col span={12}>{textField(['father', 'phone'], 'Điện thoại cha')}</Col>
          <Col span={12}>{textField(['mother', 'name'], 'Họ tên mẹ')}</Col>
          <Col span={12}>{textField(['mother', 'phone'], 'Điện thoại mẹ')}</Col>
          <Col span={12}>{textField(['guardian', 'name'], 'Họ tên người giám hộ')}</Col>
          <Col span={12}>{textField(['guardian', 'phone'], 'Điện thoại người giám hộ')}</Col>
        </Row>
      )}
    </RecordFormDrawer>
  );
}
