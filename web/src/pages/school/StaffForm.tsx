// Thêm mới / Chỉnh sửa giáo viên (cán bộ): the same drawer and messages as a student's.
import { Col, Form, Input, Row, Select } from 'antd';
import { RecordFormDrawer, type RecordFormProps } from '../../components/RecordFormDrawer.tsx';
import { textField } from '../../components/textField.tsx';
import { GENDER_OPTIONS } from './StudentForm.tsx';
import { useCodeList } from './useReference.ts';

export function StaffForm(props: RecordFormProps) {
  const ethnic = useCodeList('ethnic-groups');
  const statuses = useCodeList('staff-statuses');
  const contracts = useCodeList('staff-contract-types');
  const today = new Date().toISOString().slice(0, 10);
  return (
    <RecordFormDrawer
      {...props}
      url="/api/staff"
      name="staff"
      noun="giáo viên"
      initialValues={{
        gender: 'female',
        ethnicityCode: '01',
        statusCode: '01',
        statusDate: today,
        subjects: [],
      }}
    >
      {() => (
        <Row gutter={16}>
          <Col span={12}>{textField('fullName', 'Họ và tên', true)}</Col>
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
          <Col span={8}>{textField('personalId', 'Số định danh cá nhân')}</Col>
          <Col span={8}>
            <Form.Item name="ethnicityCode" label="Dân tộc">
              <Select showSearch optionFilterProp="label" options={ethnic.options} />
            </Form.Item>
          </Col>
          <Col span={8}>{textField('phone', 'Điện thoại')}</Col>
          <Col span={8}>{textField('email', 'Thư điện tử')}</Col>
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
          <Col span={8}>{textField('positionGroup', 'Nhóm chức vụ')}</Col>
          <Col span={8}>{textField('staffType', 'Loại cán bộ')}</Col>
          <Col span={8}>
            <Form.Item name="contractTypeCode" label="Hình thức hợp đồng">
              <Select allowClear options={contracts.options} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="subjects" label="Môn dạy">
              <Select mode="tags" tokenSeparators={[',']} placeholder="Gõ tên môn rồi Enter" />
            </Form.Item>
          </Col>
          <Col span={8}>{textField('qualification', 'Trình độ chuyên môn')}</Col>
          <Col span={8}>
            <Form.Item name="recruitedOn" label="Ngày tuyển dụng">
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
      )}
    </RecordFormDrawer>
  );
}
