// Kết quả học tập: pick khối, lớp, thời gian and tiêu chí, then enter the whole class's results in
// one grid by keyboard, save, tick and sync.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Select, Space, Spin } from 'antd';
import { useState } from 'react';
import { getJson, type Page } from '../../../api.ts';
import { useT } from '../../../i18n.tsx';
import { CRITERIA_OPTIONS, type Criteria } from './gridColumns.ts';
import { ResultGrid, type ResultsView } from './ResultGrid.tsx';

const PERIODS = {
  TT27: [
    { value: 'GK1', label: 'Giữa học kì I' },
    { value: 'CK1', label: 'Cuối học kì I' },
    { value: 'GK2', label: 'Giữa học kì II' },
    { value: 'CN', label: 'Cuối năm học' },
  ],
  TT22: [
    { value: 'HK1', label: 'Học kì I' },
    { value: 'HK2', label: 'Học kì II' },
    { value: 'CN', label: 'Cả năm' },
  ],
};

interface ClassOption {
  id: string;
  data: { name: string; grade: string; status: string };
}

const schemeOf = (grade: string) => (Number(grade) <= 5 ? 'TT27' : 'TT22');

export function ResultsPage() {
  const t = useT();
  const [grade, setGrade] = useState<string>();
  const [classId, setClassId] = useState<string>();
  const [period, setPeriod] = useState<string>();
  const [criteria, setCriteria] = useState<Criteria>('all');
  const classes = useQuery({
    queryKey: ['/api/classes', 'results-options'],
    queryFn: () => getJson<Page<ClassOption>>('/api/classes?pageSize=500&status=active'),
  });
  // Nursery classes (NT, MG) have no results under Thông tư 27 / 22.
  const gradedClasses = (classes.data?.items ?? []).filter((c) => /^\d+$/.test(c.data.grade));
  const grades = [...new Set(gradedClasses.map((c) => c.data.grade))].sort((a, b) => Number(a) - Number(b));
  const chosenClass = gradedClasses.find((c) => c.id === classId);
  const scheme = chosenClass ? schemeOf(chosenClass.data.grade) : undefined;

  const results = useQuery({
    queryKey: ['/api/results', classId, period],
    enabled: Boolean(classId && period),
    queryFn: () => getJson<ResultsView>(`/api/results?classId=${classId}&period=${period}`),
    // While a sync is under way, the statuses are refreshed until they settle.
    refetchInterval: (query) =>
      query.state.data?.rows.some((r) => r.result?.syncState === 'pending') ? 2000 : false,
  });

  return (
    <Card title={t('Kết quả học tập')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          placeholder={t('Khối')}
          style={{ width: 120 }}
          value={grade}
          options={grades.map((g) => ({ value: g, label: `Khối ${g}` }))}
          onChange={(value: string) => {
            setGrade(value);
            setClassId(undefined);
            setPeriod(undefined);
          }}
          data-testid="results-grade"
        />
        <Select
          placeholder={t('Lớp')}
          style={{ width: 160 }}
          value={classId}
          options={gradedClasses
            .filter((c) => !grade || c.data.grade === grade)
            .map((c) => ({ value: c.id, label: c.data.name }))}
          onChange={(value: string) => {
            setClassId(value);
            const next = gradedClasses.find((c) => c.id === value);
            if (next) setGrade(next.data.grade);
            if (next && schemeOf(next.data.grade) !== scheme) setPeriod(undefined);
          }}
          data-testid="results-class"
        />
        <Select
          placeholder={t('Thời gian')}
          style={{ width: 170 }}
          value={period}
          disabled={!scheme}
          options={scheme ? PERIODS[scheme] : []}
          onChange={setPeriod}
          data-testid="results-period"
        />
        {scheme === 'TT27' && (
          <Select
            style={{ width: 260 }}
            value={criteria}
            options={CRITERIA_OPTIONS}
            onChange={setCriteria}
            data-testid="results-criteria"
          />
        )}
      </Space>
      {classes.isError && <Alert type="error" showIcon message={classes.error.message} />}
      {!classId || !period ? (
        <Empty description="Chọn lớp và thời gian đánh giá để nhập kết quả." />
      ) : results.isPending ? (
        <Spin />
      ) : results.isError ? (
        <Alert type="error" showIcon message={results.error.message} />
      ) : results.data.rows.length === 0 ? (
        <Empty description="Lớp chưa có học sinh đang học." />
      ) : (
        <ResultGrid key={`${classId}:${period}`} view={results.data} criteria={criteria} />
      )}
    </Card>
  );
}
