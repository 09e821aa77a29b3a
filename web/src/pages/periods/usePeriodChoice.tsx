// The reporting period an officer's screen shows: the newest one the Sở opened until another is
// chosen, with its picker. Shared by Nộp và duyệt, Báo cáo and the dashboard's summary line.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import type { PeriodView } from '#domain/api/periods.ts';
import { getJson } from '../../api.ts';
import { periodLabel } from './labels.tsx';

export function usePeriodChoice() {
  const periods = useQuery({
    queryKey: ['periods'],
    queryFn: () => getJson<{ items: PeriodView[] }>('/api/periods'),
  });
  const [chosen, setChosen] = useState<string>();
  const first = periods.data?.items[0];
  const key = chosen ?? (first ? `${first.schoolYear}|${first.period}` : undefined);
  const [schoolYear, period] = key?.split('|') ?? [];
  const picker = (
    <Select
      aria-label="Kỳ báo cáo"
      data-testid="period-choice"
      style={{ minWidth: 200 }}
      value={key}
      onChange={setChosen}
      options={(periods.data?.items ?? []).map((p) => ({
        value: `${p.schoolYear}|${p.period}`,
        label: periodLabel(p.schoolYear, p.period),
      }))}
      notFoundContent="Chưa mở kỳ báo cáo nào."
    />
  );
  /** `key`: the choice as one string (for query keys); `query`: it as the routes' query string. */
  return { key, query: key ? `schoolYear=${schoolYear}&period=${period}` : undefined, picker };
}
