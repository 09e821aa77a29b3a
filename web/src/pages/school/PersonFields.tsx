// The fields a student's and a staff member's forms share: who the person is, and their status.
import { useQuery } from '@tanstack/react-query';
import { Col, Form, Select } from 'antd';
import { getJson } from '../../api.ts';
import { DateInput, today } from '../../components/DateInput.tsx';
import { textField } from '../../components/textField.tsx';
import { useCodeList } from './useReference.ts';

export const GENDER_OPTIONS = [
  { value: 'male', label: 'Nam' },
  { value: 'female', label: 'Nữ' },
];

/**
 * Họ và tên, ngày sinh, giới tính, số định danh cá nhân, dân tộc, tôn giáo: two rows of a form.
 * Tôn giáo is picked from the very list the server checks against.
 */
export function PersonFields() {
  const ethnic = useCodeList('ethnic-groups');
  const religions = useQuery({
    queryKey: ['reference', 'religions'],
    queryFn: () => getJson<string[]>('/api/reference/religions'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <>
      <Col xs={24} md={12}>
        {textField('fullName', 'Họ và tên', true)}
      </Col>
      <Col xs={12} md={6}>
        <Form.Item
          name="birthDate"
          label="Ngày sinh"
          rules={[{ required: true, message: 'Nhập ngày sinh.' }]}
        >
          <DateInput />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="gender" label="Giới tính">
          <Select options={GENDER_OPTIONS} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        {textField('personalId', 'Số định danh cá nhân')}
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name="ethnicityCode" label="Dân tộc">
          <Select showSearch optionFilterProp="label" options={ethnic.options} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name="religion" label="Tôn giáo">
          <Select
            showSearch
            optionFilterProp="label"
            options={(religions.data ?? []).map((name) => ({ value: name, label: name }))}
          />
        </Form.Item>
      </Col>
    </>
  );
}

/** Trạng thái and its date (today, for a new record), with the category's own status list. */
export function StatusFields({ list }: { list: 'student-statuses' | 'staff-statuses' }) {
  const statuses = useCodeList(list);
  return (
    <>
      <Col xs={24} md={8}>
        <Form.Item name="statusCode" label="Trạng thái">
          <Select options={statuses.options} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        {/* A record being edited overrides it with its own date. */}
        <Form.Item
          name="statusDate"
          label="Ngày trạng thái"
          initialValue={today()}
          rules={[{ required: true, message: 'Nhập ngày trạng thái.' }]}
        >
          <DateInput />
        </Form.Item>
      </Col>
    </>
  );
}
