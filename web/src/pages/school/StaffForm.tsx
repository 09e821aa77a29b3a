// Thêm mới / Chỉnh sửa giáo viên (cán bộ): the same drawer and messages as a student's.
import { Col, Form, Input, Row, Select } from 'antd';
import { RecordFormDrawer, type RecordFormProps } from '../../components/RecordFormDrawer.tsx';
import { textField } from '../../components/textField.tsx';
import { PersonFields, StatusFields } from './PersonFields.tsx';
import { useCodeList } from './useReference.ts';

export function StaffForm(props: RecordFormProps) {
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
          <PersonFields />
          <Col span={8}>{textField('phone', 'Điện thoại')}</Col>
          <Col span={8}>{textField('email', 'Thư điện tử')}</Col>
          <StatusFields list="staff-statuses" />
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
