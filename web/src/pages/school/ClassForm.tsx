// Thêm mới / Chỉnh sửa lớp. The school year is the school's current one; dissolving is its own
// action (Giải thể), not a field here. Khối offers the grades of the school's level only; a
// THPT class also follows a tổ hợp môn.
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Form, Radio, Row, Select } from 'antd';
import { gradeName, gradesOfLevel } from '#domain/grades.ts';
import { getJson, type Page } from '../../api.ts';
import { RecordFormDrawer, type RecordFormProps } from '../../components/RecordFormDrawer.tsx';
import { textField } from '../../components/textField.tsx';
import {
  CombinationFields,
  combinationFromForm,
  isUpperSecondary,
  useClassOptions,
} from './combinations.tsx';
import { useCodeList } from './useReference.ts';

export function ClassForm(props: RecordFormProps) {
  const languages = useCodeList('foreign-languages');
  const school = useQuery({
    queryKey: ['/api/school'],
    queryFn: () =>
      getJson<{ data: { levelCode: string; campuses: { id: string; name: string }[] } }>('/api/school'),
  });
  const grades = gradesOfLevel(school.data?.data.levelCode).map((g) => ({ value: g, label: gradeName(g) }));
  const { combinations } = useClassOptions();
  const staff = useQuery({
    queryKey: ['staff-options'],
    queryFn: () => getJson<Page<{ id: string; fullName: string }>>('/api/staff?pageSize=500'),
  });
  return (
    <RecordFormDrawer
      {...props}
      url="/api/classes"
      name="class"
      noun="lớp"
      initialValues={{ sessionsPerDay: 2, combined: false, semiBoarding: false }}
      fromForm={combinationFromForm}
    >
      {(form) => (
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            {textField('name', 'Tên lớp', true)}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="grade" label="Khối" rules={[{ required: true, message: 'Chọn khối.' }]}>
              <Select options={grades} loading={school.isPending} data-testid="class-grade" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="homeroomStaffId" label="Giáo viên chủ nhiệm">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.fullName }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="campusId" label="Điểm trường">
              <Select
                allowClear
                placeholder="Điểm trường chính"
                options={(school.data?.data.campuses ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="foreignLanguageCode" label="Ngoại ngữ">
              <Select allowClear options={languages.options} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sessionsPerDay" label="Số buổi học trong ngày">
              <Radio.Group
                options={[
                  { value: 1, label: '1 buổi' },
                  { value: 2, label: '2 buổi' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="combined" valuePropName="checked" label=" ">
              <Checkbox>Lớp ghép</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="semiBoarding" valuePropName="checked" label=" ">
              <Checkbox>Bán trú</Checkbox>
            </Form.Item>
          </Col>
          <Form.Item noStyle dependencies={['grade']}>
            {() =>
              isUpperSecondary(form.getFieldValue('grade')) && (
                <CombinationFields form={form} combinations={combinations} />
              )
            }
          </Form.Item>
        </Row>
      )}
    </RecordFormDrawer>
  );
}
