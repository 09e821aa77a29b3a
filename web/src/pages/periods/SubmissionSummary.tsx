// The newest reporting period's submissions in one line, on the officer's dashboard: how many
// schools submitted, were approved, returned or are late, with the way to review them.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useNavigate } from 'react-router';
import type { PeriodView } from '#domain/api/periods.ts';
import type { ReviewList } from '#domain/api/submissions.ts';
import { vietnameseDate } from '#domain/rules/period-locks.ts';
import { getJson } from '../../api.ts';
import { periodLabel } from './labels.tsx';

export function SubmissionSummary() {
  const navigate = useNavigate();
  const periods = useQuery({
    queryKey: ['periods'],
    queryFn: () => getJson<{ items: PeriodView[] }>('/api/periods'),
  });
  const newest = periods.data?.items[0];
  const list = useQuery({
    queryKey: ['submissions', newest && `${newest.schoolYear}|${newest.period}`],
    enabled: Boolean(newest),
    queryFn: () =>
      getJson<ReviewList>(`/api/submissions?schoolYear=${newest!.schoolYear}&period=${newest!.period}`),
  });
  if (!newest || !list.data) return null;
  const { counts, due } = list.data;
  const handedIn = counts.submitted + counts.approved + counts.returned;
  return (
    <Alert
      type={counts.late > 0 ? 'warning' : 'info'}
      showIcon
      data-testid="submission-summary"
      message={`${periodLabel(newest.schoolYear, newest.period)}${due ? ` (hạn ${vietnameseDate(due)})` : ''}: ${handedIn}/${counts.schools} trường đã nộp · ${counts.approved} đã duyệt · ${counts.submitted} chờ duyệt · ${counts.returned} bị trả lại · ${counts.late} muộn`}
      action={
        <Button size="small" onClick={() => navigate('/nop-va-duyet')}>
          Nộp và duyệt
        </Button>
      }
    />
  );
}
