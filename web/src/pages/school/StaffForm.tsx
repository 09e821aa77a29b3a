// Thêm mới / Chỉnh sửa giáo viên (cán bộ): the same drawer and messages as a student's.
import { Col, Form, Row, Select } from 'antd';
import { DateInput } from '../../components/DateInput.tsx';
import { RecordFormDrawer, type RecordFormProps } from '../../components/RecordFormDrawer.tsx';
import { textField } from '../../components/textField.tsx';
import { PersonFields, StatusFields } from './PersonFields.tsx';
import { useCodeList } from './useReference.ts';

export function StaffForm(props: RecordFormProps) {
  const contracts = useCodeList('staff-contract-types');
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
        religion: 'Không',
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
              <DateInput />
            </Form.Item>
          </Col>
        </Row>
      )}
    </RecordFormDrawer>
  );
}
