// What the Chuyển trường screen and the menu share: the requests between this school and others
// (asked of the national tier through the province), and the menu entry's count of requests
// waiting for this school's answer. Kept apart from the screen so the menu does not load it.
import { useQuery } from '@tanstack/react-query';
import { Badge, Space } from 'antd';
import { getJson } from '../../api.ts';

export interface SchoolRef {
  code: string;
  name: string;
  province: string;
}

export interface TransferRequest {
  id: string;
  nationalId: string;
  pupilName: string;
  birthDate: string;
  /** The school the pupil leaves (the one asked). */
  fromSchool: SchoolRef;
  /** The school taking the pupil in (the one asking). */
  toSchool: SchoolRef;
  status: 'open' | 'accepted' | 'refused';
  note: string | null;
  answerReason: string | null;
  createdAt: string;
  answeredAt: string | null;
}

export interface IncomingRequest extends TransferRequest {
  /** This school's record of the pupil, when it has one. */
  studentId: string | null;
}

export interface TransferList {
  incoming: IncomingRequest[];
  outgoing: TransferRequest[];
}

export const TRANSFERS_KEY = ['transfers'];

/** The requests of this school; read again every few minutes, and at once after an answer. */
export function useTransfers(enabled = true) {
  return useQuery({
    queryKey: TRANSFERS_KEY,
    enabled,
    queryFn: () => getJson<TransferList>('/api/transfers'),
    retry: false,
    staleTime: 30_000,
    refetchInterval: 5 * 60_000,
  });
}

export const openCount = (requests: TransferRequest[] | undefined) =>
  requests?.filter((r) => r.status === 'open').length ?? 0;

/** The menu entry, with the number of requests waiting for this school's answer. */
export function TransfersMenuLabel({ label }: { label: string }) {
  const transfers = useTransfers();
  const waiting = openCount(transfers.data?.incoming);
  return (
    <Space size={6}>
      {label}
      {waiting > 0 && (
        <Badge count={waiting} size="small" title={`${waiting} yêu cầu chuyển đi chờ trả lời`} />
      )}
    </Space>
  );
}
