// The fields a student's and a staff member's forms share: who the person is.
import { Col, Form, Input, Select } from 'antd';
import { textField } from '../../components/textField.tsx';
import { useCodeList } from './useReference.ts';

export const GENDER_OPTIONS = [
  { value: 'male', label: 'Nam' },
  { value: 'female', label: 'Nữ' },
];

/** Họ và tên, ngày sinh, giới tính, số định danh cá nhân, dân tộc: five columns of a form row. */
export function PersonFields() {
  const ethnic = useCodeList('ethnic-groups');
  return (
    <>
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
    </>
  );
}

/** Trạng thái and its date, with the category's own status list. */
export function StatusFields({ list }: { list: 'student-statuses' | 'staff-statuses' }) {
  const statuses = useCodeList(list);
  return (
    <>
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
    </>
  );
}
