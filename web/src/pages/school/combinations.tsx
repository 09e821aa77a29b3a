// Tổ hợp môn (THPT) in the class and student forms. The school's combinations are those its
// classes follow: a class defines one (or takes one already in use), a pupil may take another.
import { useQuery } from '@tanstack/react-query';
import { Col, Form, type FormInstance, Select, Typography } from 'antd';
import {
  combinationLabel,
  ELECTIVE_GROUPS,
  ELECTIVES_PER_PUPIL,
  OPTIONAL_SUBJECTS,
  type SubjectCombination,
  TOPIC_SETS_PER_PUPIL,
  TOPIC_SUBJECTS,
  UPPER_SECONDARY_COMPULSORY,
} from '#domain/rules/upper-secondary.ts';
import { getJson, type Page } from '../../api.ts';
import { textField } from '../../components/textField.tsx';

export interface ClassOption {
  id: string;
  data: { name: string; grade: string; status: string; combination?: SubjectCombination };
}

/** The classes of the school (for the class pickers) and the combinations they follow, by name. */
export function useClassOptions() {
  const classes = useQuery({
    queryKey: ['class-options'],
    queryFn: () => getJson<Page<ClassOption>>('/api/classes?pageSize=500'),
  });
  const items = classes.data?.items ?? [];
  const combinations = [
    ...new Map(
      items.flatMap((c) => (c.data.combination ? [[c.data.combination.name, c.data.combination]] : [])) as [
        string,
        SubjectCombination,
      ][],
    ).values(),
  ].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return { classes: items, combinations };
}

export const isUpperSecondary = (grade: unknown) => ['10', '11', '12'].includes(String(grade ?? ''));

const electiveOptions = ELECTIVE_GROUPS.map((group) => ({
  label: group.name,
  title: group.name,
  options: group.subjects.map((s) => ({ value: s, label: s })),
}));

/** The combination a class follows: taken from the school's, or set here (name, electives, chuyên đề). */
export function CombinationFields({
  form,
  combinations,
}: {
  form: FormInstance;
  combinations: SubjectCombination[];
}) {
  const electives: string[] = Form.useWatch(['combination', 'electives'], form) ?? [];
  // Chuyên đề belong to subjects the pupils study: Ngữ văn, Toán, Lịch sử or a chosen elective.
  const topicOptions = TOPIC_SUBJECTS.filter(
    (s) => UPPER_SECONDARY_COMPULSORY.includes(s) || electives.includes(s),
  ).map((s) => ({ value: s, label: s }));
  const limit = (count: number, what: string) => ({
    validator: (_: unknown, value?: string[]) =>
      !value?.length || value.length === count
        ? Promise.resolve()
        : Promise.reject(new Error(`Chọn đúng ${count} ${what}.`)),
  });
  return (
    <>
      <Col span={24}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          Tổ hợp môn (THPT)
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          Các môn bắt buộc ({UPPER_SECONDARY_COMPULSORY.join(', ')}) cùng {ELECTIVES_PER_PUPIL} môn học lựa
          chọn và {TOPIC_SETS_PER_PUPIL} cụm chuyên đề học tập. Học sinh theo tổ hợp khác có thể chọn tổ hợp
          riêng ở hồ sơ học sinh.
        </Typography.Paragraph>
      </Col>
      {combinations.length > 0 && (
        <Col xs={24} md={12}>
          <Form.Item label="Dùng tổ hợp của trường">
            <Select
              allowClear
              placeholder="Chọn để điền sẵn"
              options={combinations.map((c) => ({ value: c.name, label: combinationLabel(c) }))}
              onChange={(name?: string) =>
                form.setFieldValue(
                  'combination',
                  combinations.find((c) => c.name === name) ?? {
                    name: undefined,
                    electives: [],
                    topicSubjects: [],
                    optionalSubjects: [],
                  },
                )
              }
              data-testid="combination-preset"
            />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={12}>
        {textField(['combination', 'name'], 'Tên tổ hợp')}
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={['combination', 'electives']}
          label={`Môn học lựa chọn (${ELECTIVES_PER_PUPIL})`}
          rules={[limit(ELECTIVES_PER_PUPIL, 'môn học lựa chọn')]}
        >
          <Select mode="multiple" maxCount={ELECTIVES_PER_PUPIL} options={electiveOptions} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={['combination', 'topicSubjects']}
          label={`Chuyên đề học tập của môn (${TOPIC_SETS_PER_PUPIL})`}
          rules={[limit(TOPIC_SETS_PER_PUPIL, 'môn có chuyên đề học tập')]}
        >
          <Select mode="multiple" maxCount={TOPIC_SETS_PER_PUPIL} options={topicOptions} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['combination', 'optionalSubjects']} label="Môn học tự chọn">
          <Select
            mode="multiple"
            allowClear
            options={OPTIONAL_SUBJECTS.map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
      </Col>
    </>
  );
}

/** A class's combination as sent: none when the grade is not THPT or nothing was set. */
export function combinationFromForm(values: Record<string, unknown>): Record<string, unknown> {
  const { combination, ...rest } = values as { combination?: Partial<SubjectCombination>; grade?: string };
  const given = combination && (combination.name || combination.electives?.length);
  return given && isUpperSecondary(rest.grade) ? { ...rest, combination } : rest;
}
