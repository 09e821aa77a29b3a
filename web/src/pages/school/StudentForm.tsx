// Thêm mới / Chỉnh sửa học sinh: the shared validation answers field by field; a personal ID
// that does not fit the birth date or gender is saved but shown as a warning to fix before syncing.
// A THPT pupil follows their class's tổ hợp môn unless they are given one of the school's others.
import { Checkbox, Col, Form, Row, Select } from 'antd';
import { useCallback, useRef } from 'react';
import { combinationLabel, type SubjectCombination } from '#domain/rules/upper-secondary.ts';
import { RecordFormDrawer, type RecordFormProps } from '../../components/RecordFormDrawer.tsx';
import { textField } from '../../components/textField.tsx';
import { isUpperSecondary, useClassOptions } from './combinations.tsx';
import { PersonFields, StatusFields } from './PersonFields.tsx';
import { useCodeList } from './useReference.ts';

export function StudentForm(props: RecordFormProps) {
  const { classes, combinations } = useClassOptions();
  // The pupil's combination as loaded: kept even when no class follows it any more.
  const own = useRef<SubjectCombination>(undefined);
  const choices = [
    ...combinations,
    ...(own.current && !combinations.some((c) => c.name === own.current!.name) ? [own.current] : []),
  ];
  // Stable, so the drawer fills the form once per load, not on every render.
  const toForm = useCallback(({ combination, ...data }: Record<string, unknown>) => {
    own.current = combination as SubjectCombination | undefined;
    return { ...data, combinationName: own.current?.name };
  }, []);
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
      toForm={toForm}
      fromForm={({ combinationName, ...values }) => {
        const grade = classes.find((c) => c.id === values.classId)?.data.grade;
        const combination = choices.find((c) => c.name === combinationName);
        return combination && isUpperSecondary(grade) ? { ...values, combination } : values;
      }}
    >
      {(form) => (
        <Row gutter={16}>
          <PersonFields />
          <Col span={8}>
            <Form.Item name="classId" label="Lớp" rules={[{ required: true, message: 'Chọn lớp.' }]}>
              <Select
                options={classes
                  .filter((c) => c.data.status === 'active')
                  .map((c) => ({ value: c.id, label: c.data.name }))}
              />
            </Form.Item>
          </Col>
          <Form.Item noStyle dependencies={['classId']}>
            {() => {
              const cls = classes.find((c) => c.id === form.getFieldValue('classId'));
              if (!isUpperSecondary(cls?.data.grade)) return null;
              const ofClass = cls?.data.combination;
              return (
                <Col xs={24} md={16}>
                  <Form.Item
                    name="combinationName"
                    label="Tổ hợp môn riêng"
                    extra={`Để trống: theo tổ hợp của lớp${ofClass ? ` (${combinationLabel(ofClass)})` : ' (lớp chưa có tổ hợp)'}.`}
                  >
                    <Select
                      allowClear
                      placeholder="Theo tổ hợp của lớp"
                      options={choices.map((c) => ({ value: c.name, label: combinationLabel(c) }))}
                      data-testid="student-combination"
                    />
                  </Form.Item>
                </Col>
              );
            }}
          </Form.Item>
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
