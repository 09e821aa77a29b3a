// How the period screens name things: a period, the data an unlock covers, a request's answer.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { UnlockRequestView } from '#domain/api/periods.ts';
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS, type RecordKind } from '#domain/record-kinds.ts';
import { REPORTING_PERIOD_LABELS, type ReportingPeriod } from '#domain/reporting-periods.ts';
import { vietnameseDate } from '#domain/rules/period-locks.ts';

export const periodLabel = (schoolYear: string, period: ReportingPeriod) =>
  `${REPORTING_PERIOD_LABELS[period]} ${schoolYear}`;

export const kindsLabel = (kinds: readonly RecordKind[] | null) =>
  kinds ? kinds.map((kind) => RECORD_KIND_DEFINITIONS[kind].shortLabel).join(', ') : 'Tất cả dữ liệu';

export const dateTime = (iso: string | null) => (iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : '');

export const deadlinesLabel = (deadlines: Partial<Record<RecordKind, string>>) =>
  RECORD_KINDS.filter((kind) => deadlines[kind])
    .map((kind) => `${RECORD_KIND_DEFINITIONS[kind].shortLabel}: ${vietnameseDate(deadlines[kind]!)}`)
    .join('; ');

export function RequestStatus({ request }: { request: UnlockRequestView }) {
  if (request.status === 'open') return <Tag color="gold">Chờ trả lời</Tag>;
  if (request.status === 'granted') return <Tag color="green">Đã cấp đến {dateTime(request.until)}</Tag>;
  return (
    <span>
      <Tag color="red">Từ chối</Tag>
      {request.answerReason}
    </span>
  );
}

/** Where a school stands in a period's submission, as a tag (and the reviewer's comment). */
export const SUBMISSION_LABELS = {
  not_submitted: { text: 'Chưa nộp', color: 'default' },
  submitted: { text: 'Đã nộp, chờ duyệt', color: 'gold' },
  approved: { text: 'Đã duyệt', color: 'green' },
  returned: { text: 'Bị trả lại', color: 'red' },
} as const;

export function SubmissionStatus({
  status,
  comment,
}: {
  status: keyof typeof SUBMISSION_LABELS;
  comment?: string | null;
}) {
  const { text, color } = SUBMISSION_LABELS[status];
  return (
    <span>
      <Tag color={color}>{text}</Tag>
      {comment}
    </span>
  );
}
